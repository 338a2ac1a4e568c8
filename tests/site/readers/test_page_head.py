"""What every built page's <head> tells machines, read with extruct 0.18 (JSON-LD, OpenGraph):
one viewport, its author, its title for previews, one canonical URL, its structured data.

Before these were tested, every page had three viewport tags (Sphinx's layout, docutils' meta
tags and the theme's), no author, og:title "CV" for the CV; the home page's canonical link,
og:url and sitemap entry were …/index.html while its Person's url was the root; the
ScholarlyArticle had no @id and the CV no structured data.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

import extruct

from tests.markup import meta

SITEMAP = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def json_ld(page, url: str) -> list[dict]:
    return extruct.extract(str(page), base_url=url, syntaxes=["json-ld"])["json-ld"]


def test_every_page_has_one_viewport_and_names_its_author(site, page, served):
    for name, _ in served:
        head = page(name).head
        viewports = head.find_all("meta", attrs={"name": "viewport"})
        assert len(viewports) == 1, f"{name}: {len(viewports)} viewport tags"
        assert "width=device-width" in viewports[0]["content"], name
        assert [m["content"] for m in head.find_all("meta", attrs={"name": "author"})] == ["Ruoyu Qin"], name


def test_og_title_says_what_the_page_is_and_whose(public_pages):
    for name, page in public_pages.items():
        og = dict(extruct.extract(str(page), syntaxes=["opengraph"])["opengraph"][0]["properties"])
        assert og["og:title"] == page.title.get_text(), name
        assert "Ruoyu Qin" in og["og:title"], name
    assert meta(public_pages["cv/index.html"], "og:title") == "CV — Ruoyu Qin"


def test_the_home_page_is_the_site_root_everywhere(site, page, site_url):
    home = page("index.html")
    assert site_url.endswith("/")
    assert meta(home, "og:url") == site_url
    [person] = [item for item in json_ld(home, site_url) if item["@type"] == "Person"]
    assert person["url"] == site_url and person["@id"] == site_url + "#person"
    locs = [loc.text for loc in ET.parse(site / "sitemap.xml").getroot().findall("sm:url/sm:loc", SITEMAP)]
    assert site_url in locs and site_url + "index.html" not in locs


def test_each_paper_is_a_scholarly_article_with_an_id(public_pages, served, site_url):
    urls, papers = dict(served), 0
    for name, page in public_pages.items():
        articles = [item for item in json_ld(page, urls[name]) if item["@type"] == "ScholarlyArticle"]
        if not articles:
            continue
        papers += 1
        [article] = articles
        assert article["@id"] == urls[name] + "#article" and article["url"] == urls[name], name
        assert any(a.get("@id") == site_url + "#person" for a in article["author"]), name
    assert papers >= 1


def test_the_cv_is_a_profile_page_about_the_person(public_pages, served, site_url):
    urls = dict(served)
    profiles = {
        name: item
        for name, page in public_pages.items()
        for item in json_ld(page, urls[name])
        if item["@type"] == "ProfilePage"
    }
    assert list(profiles) == ["cv/index.html"], list(profiles)
    profile = profiles["cv/index.html"]
    assert profile["@id"] == profile["url"] == urls["cv/index.html"]
    assert profile["mainEntity"]["@id"] == site_url + "#person"  # the home page's Person, by @id
    assert profile["name"] == public_pages["cv/index.html"].title.get_text()
