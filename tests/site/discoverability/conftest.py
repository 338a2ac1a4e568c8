"""Fixtures for the built site's discoverability tests."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def base_url(page) -> str:
    """The site's html_baseurl, as the built home page states it: its canonical URL is the site root."""
    canonical = page("index.html").find("link", rel="canonical")["href"]
    assert canonical.endswith("/"), canonical
    return canonical


@pytest.fixture(scope="session")
def canonical_url(base_url):
    """canonical_url("cv/index.html") -> the page's canonical URL; the home page's is the site root."""
    return lambda name: base_url if name == "index.html" else base_url + name
