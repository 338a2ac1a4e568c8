"""Unit tests of sphinx_academic.crawler_files: robots.txt, and a complete, sorted sitemap."""

from __future__ import annotations

import urllib.robotparser
import xml.etree.ElementTree as ET

from sphinx_academic import crawler_files

SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def test_robots_txt_allows_all_and_names_the_sitemap():
    parser = urllib.robotparser.RobotFileParser()
    parser.parse(crawler_files.robots_txt("https://example.org/en/latest/sitemap.xml").splitlines())
    assert parser.can_fetch("*", "https://example.org/en/latest/any/page.html")
    assert parser.site_maps() == ["https://example.org/en/latest/sitemap.xml"]


def locs(out) -> list[str]:
    return [loc.text for loc in ET.parse(out / "sitemap.xml").findall("sm:url/sm:loc", SITEMAP_NS)]


def test_sitemap_lists_every_page_sorted_even_after_an_incremental_build(fixture_site):
    files = {
        "index.md": "# Home\n\n```{toctree}\nb\na/page\n```\n",
        "b.md": "# B\n\nText.\n",
        "a/page.md": "# A\n\nText.\n",
        "404.md": "---\norphan: true\n---\n# Missing\n",
    }
    conf = 'html_baseurl = "https://example.org/en/latest"\ncrawler_files_exclude = ["404"]\n'
    expected = [f"https://example.org/en/latest/{p}" for p in ["a/page.html", "b.html", "index.html"]]
    out = fixture_site(files, ["crawler_files"], conf=conf)
    assert locs(out) == expected  # sorted; no 404, search or index; the missing "/" was added
    # Rebuild with one page changed: a sitemap of the pages written would list only that page.
    out = fixture_site({"b.md": "# B\n\nChanged text.\n"}, ["crawler_files"], conf=conf, fresh=False)
    assert locs(out) == expected
    robots = (out / "robots.txt").read_text("utf-8")
    assert "Sitemap: https://example.org/en/latest/sitemap.xml" in robots.splitlines()
