"""Fixtures for the discoverability tests: the built site's pages, and small fixture sites."""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

# Pages that are not content: Sphinx's search and general index.
UTILITY_PAGES = {"search.html", "genindex.html"}
NOINDEX_PAGES = UTILITY_PAGES
# Served at every unknown URL: indexable markup, but no canonical link and not in the sitemap.
NOT_FOUND_PAGE = "404.html"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def meta(page: BeautifulSoup, key: str) -> str | None:
    """A <meta> tag's content, by property= (OpenGraph) or name=."""
    tag = page.find("meta", attrs={"property": key}) or page.find("meta", attrs={"name": key})
    return tag["content"] if tag else None


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


@pytest.fixture(scope="session")
def base_url(page) -> str:
    """The site's html_baseurl, as the built home page states it (its canonical URL)."""
    canonical = page("index.html").find("link", rel="canonical")["href"]
    assert canonical.endswith("index.html"), canonical
    return canonical.removesuffix("index.html")


FIXTURE_CONF = """
project = "Fixture Site"
author = "A. Tester"
html_baseurl = "https://example.org/site/"
html_theme = "basic"
extensions = ["myst_parser", {extensions}]
"""


@pytest.fixture
def fixture_site(tmp_path):
    """Build a tiny site in a temporary folder: fixture_site(files, extensions, conf=...)."""
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    src = tmp_path / "src"

    def build(files: dict[str, str], extensions: list[str], conf: str = "", fresh: bool = True) -> Path:
        src.mkdir(exist_ok=True)
        (src / "conf.py").write_text(
            FIXTURE_CONF.format(
                extensions=", ".join(repr(e if "." in e else f"sphinx_academic.{e}") for e in extensions)
            )
            + textwrap.dedent(conf),
            "utf-8",
        )
        for name, text in files.items():
            (src / name).parent.mkdir(parents=True, exist_ok=True)
            (src / name).write_text(textwrap.dedent(text), "utf-8")
        out = tmp_path / "html"
        warnings = io.StringIO()
        with patch_docutils(src), docutils_namespace():
            app = Sphinx(
                src, src, out, tmp_path / "doctrees", "html", status=io.StringIO(), warning=warnings, freshenv=fresh
            )
            app.build()
        assert "WARNING" not in warnings.getvalue() and "ERROR" not in warnings.getvalue(), warnings.getvalue()
        return out

    return build
