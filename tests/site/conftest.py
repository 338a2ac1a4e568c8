"""Fixtures of the site-level tests: the real site, built by `make test` (`make html`)
before pytest runs. Only the tests under tests/site/ see them; the extensions' own
tests build small roots (tests/roots/) and need no prior build."""

from __future__ import annotations

import copy
import os
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from sphinx_academic.languages import nested_outputs
from tests.conftest import ROOT

SITE = Path(os.environ.get("SITE_HTML", ROOT / "_build" / "html"))
# Pages that are not content: Sphinx's search and general index.
UTILITY_PAGES = {"search.html", "genindex.html"}
NOINDEX_PAGES = UTILITY_PAGES
# Served at every unknown URL: indexable markup, but no canonical link and not in the sitemap.
NOT_FOUND_PAGE = "404.html"


@pytest.fixture(scope="session")
def site() -> Path:
    """The built HTML site; `make test` builds it before running the tests."""
    if not (SITE / "index.html").is_file():
        pytest.fail(f"{SITE}/index.html is missing: run `make test` (or `make html` first).")
    return SITE


@pytest.fixture(scope="session")
def page(site):
    """Parse one built page: page("cv/index.html") -> BeautifulSoup."""
    cache: dict[str, BeautifulSoup] = {}

    def parse(relative: str) -> BeautifulSoup:
        if relative not in cache:
            cache[relative] = BeautifulSoup((site / relative).read_text("utf-8"), "html.parser")
        return cache[relative]

    return parse


def html_pages(site: Path) -> list[Path]:
    """Every page of the built site (not the theme's template fragments copied into _static), not
    those of another language's site nested in it (zh/: tests/site/languages checks them)."""
    nested = nested_outputs(site)
    return sorted(
        p
        for p in site.rglob("*.html")
        if "_static" not in p.relative_to(site).parts and not any(p.is_relative_to(n) for n in nested)
    )


@pytest.fixture(scope="session")
def built_pages(site) -> list[str]:
    """Every built page as a path relative to the site root ("cv/index.html")."""
    return [p.relative_to(site).as_posix() for p in html_pages(site)]


def pytest_generate_tests(metafunc):
    """A test taking `built_page` runs once per built page ("cv/index.html"), found in the
    build output, so pages added later are checked too."""
    if "built_page" in metafunc.fixturenames:
        pages = [p.relative_to(SITE).as_posix() for p in html_pages(SITE)] if SITE.is_dir() else []
        # An empty list would silently skip; "index.html" then fails in the `site` fixture.
        metafunc.parametrize("built_page", pages or ["index.html"])


@pytest.fixture(scope="session")
def content_pages(built_pages, page) -> dict[str, BeautifulSoup]:
    """Every page built from a source file (relative path -> parsed page)."""
    pages = {name: page(name) for name in built_pages if name not in UTILITY_PAGES}
    assert "index.html" in pages
    return pages


@pytest.fixture(scope="session")
def public_pages(content_pages) -> dict[str, BeautifulSoup]:
    """The pages search engines should index: every content page but the 404 page."""
    return {name: page for name, page in content_pages.items() if name != NOT_FOUND_PAGE}


BLOCK_TAGS = [
    "p",
    "li",
    "dt",
    "dd",
    "td",
    "th",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "div",
    "section",
    "summary",
    "pre",
    "br",
    "figcaption",
    "caption",
]


def main_text(soup: BeautifulSoup) -> str:
    """The text a reader sees in the page's article (no navigation, no footer).

    Inline markup does not split words (docutils cloaks e-mail addresses in spans),
    block elements do; whitespace is collapsed.
    """
    article = soup.find("article") or soup.find("main")
    assert article is not None, "page has no <article>/<main> element"
    article = copy.copy(article)
    for block in article.find_all(BLOCK_TAGS):
        block.insert_after(" ")
    return " ".join(article.get_text("").split())
