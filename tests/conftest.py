"""Shared fixtures: the built site (made by `make test` before pytest runs), and Sphinx's own
test fixtures (`app`, `make_app`, `@pytest.mark.sphinx(testroot=...)`) over the small on-disk
test sites in tests/roots/test-<name>/."""

from __future__ import annotations

import copy
import os
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

pytest_plugins = ["sphinx.testing.fixtures"]

ROOT = Path(__file__).resolve().parent.parent
# The owner's phone number, which must appear nowhere. Built from pieces so that the
# number itself is never written in this repository.
PHONE_NUMBER = re.compile(r"\D{0,3}".join(["132", "2390", "6909"]))

SITE = Path(os.environ.get("SITE_HTML", ROOT / "_build" / "html"))


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where sphinx.testing finds the test roots: tests/roots/test-<name>/."""
    return Path(__file__).resolve().parent / "roots"


@pytest.fixture(scope="session", autouse=True)
def test_roots_stay_untouched(rootdir):
    """A build that wrote into tests/roots (a root used in place by a build that writes into its
    source, such as the publications engine's stubs) would leak into the next run: fail it."""
    before = {p for p in rootdir.rglob("*") if p.is_file()}
    yield
    added = sorted(str(p.relative_to(rootdir)) for p in rootdir.rglob("*") if p.is_file() and p not in before)
    assert not added, f"tests wrote into tests/roots (copy the root: srcdir= or copy_test_root=True): {added}"


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
    """Every page of the built site (not the theme's template fragments copied into _static)."""
    return sorted(p for p in site.rglob("*.html") if "_static" not in p.relative_to(site).parts)


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
