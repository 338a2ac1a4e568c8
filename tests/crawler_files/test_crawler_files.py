"""Unit tests of sphinx_academic.crawler_files: robots.txt, and a complete, sorted sitemap."""

from __future__ import annotations

import urllib.robotparser
import xml.etree.ElementTree as ET

import pytest

from sphinx_academic import crawler_files
from tests.conftest import build_app, no_warnings

SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def test_robots_txt_allows_all_and_names_the_sitemap():
    parser = urllib.robotparser.RobotFileParser()
    parser.parse(crawler_files.robots_txt("https://example.org/en/latest/sitemap.xml").splitlines())
    assert parser.can_fetch("*", "https://example.org/en/latest/any/page.html")
    assert parser.site_maps() == ["https://example.org/en/latest/sitemap.xml"]


def locs(out) -> list[str]:
    return [loc.text for loc in ET.parse(out / "sitemap.xml").findall("sm:url/sm:loc", SITEMAP_NS)]


@pytest.mark.sphinx("html", testroot="crawler-files", srcdir="crawler-files-incremental")
def test_sitemap_lists_every_page_sorted_even_after_an_incremental_build(app, make_app):
    # The home page by its canonical URL, the site root (not .../index.html).
    expected = [f"https://example.org/en/latest/{p}" for p in ["", "a/page.html", "b.html"]]
    app.build()
    app.cleanup()
    no_warnings(app)
    assert locs(app.outdir) == expected  # sorted; no 404, search or index; the missing "/" was added
    # Rebuild with one page changed: a sitemap of the pages written would list only that page.
    (app.srcdir / "b.md").write_text("# B\n\nChanged text.\n", "utf-8")
    rebuilt = build_app(make_app, app.srcdir)
    no_warnings(rebuilt)
    assert locs(rebuilt.outdir) == expected
    robots = (rebuilt.outdir / "robots.txt").read_text("utf-8")
    assert "Sitemap: https://example.org/en/latest/sitemap.xml" in robots.splitlines()
