"""Tests of the publications engine (_ext/publications)."""
