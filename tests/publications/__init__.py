"""Tests of the publications engine (sphinx_academic.publications)."""
