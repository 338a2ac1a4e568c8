"""Fixtures for the built site's discoverability tests."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def base_url(page) -> str:
    """The site's html_baseurl, as the built home page states it (its canonical URL)."""
    canonical = page("index.html").find("link", rel="canonical")["href"]
    assert canonical.endswith("index.html"), canonical
    return canonical.removesuffix("index.html")
