"""Fixtures for the publications engine: small sites built in temporary directories."""

from __future__ import annotations

import pytest

from .sitebuild import FIXTURE_BIB, Built, make_site


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory) -> Built:
    """The fixture site, built once per test module."""
    return make_site(tmp_path_factory.mktemp("pubs"), FIXTURE_BIB)
