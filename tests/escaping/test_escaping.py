"""Every attribute and tag the site writes round-trips " ' < > & (and a literal "&amp;") exactly,
from each source the owner edits, with no stray attribute: read back with an HTML parser as a
browser, a crawler or a link preview reads them.

The root tests/roots/test-escaping/ puts those characters in front matter (a description, a
title), in refs.bib (title, authors, venue, badges, abstract: the paper page's description), in
news.toml and in an image's alt text; it builds with the site's extensions, theme, speed steps
and <title> template (_templates/layout.html)."""

from __future__ import annotations

import json
import re

import feedparser
import pytest
from bs4 import BeautifulSoup, Comment

from tests.conftest import ROOT, built_page

CHARACTERS = "\"double\", 'single', <tag>, & and &amp;"
SITE = "Fixture Site"

pytestmark = [
    pytest.mark.sphinx(
        "html",
        testroot="escaping",
        copy_test_root=True,  # the publications engine writes paper-page stubs into its source
        confoverrides={"templates_path": [str(ROOT / "_templates")]},
    ),
    pytest.mark.test_params(shared_result="escaping-site"),
]

HOME_TITLE = f"Home: {CHARACTERS}"
PAPER_TITLE = f"Title: {CHARACTERS}"
# Attribute names HTML and the site use; anything else is a value that broke out of its quotes.
ATTRIBUTE_NAME = re.compile(r"^[a-z][a-z0-9_]*(?:[-:][a-z0-9_]+)*$")


def meta_content(soup: BeautifulSoup, key: str) -> list[str]:
    """Every content of the <meta> tags named (name= or property=) `key`."""
    return [tag.get("content") for tag in soup.find_all("meta") if key in (tag.get("name"), tag.get("property"))]


PAGES = ["index.html", "picture.html", "publications/index.html", "publications/quotes2024.html"]


@pytest.mark.parametrize("relative", PAGES)
def test_no_value_breaks_out_of_its_attribute(built, relative):
    soup = built_page(built, relative)
    tags = soup.find_all(True)
    assert len(tags) > 50, f"{relative}: only {len(tags)} elements"
    stray = [f"<{tag.name} {name}=…>" for tag in tags for name in tag.attrs if not ATTRIBUTE_NAME.match(name)]
    assert not stray, f"{relative}: attributes that are pieces of a value: {stray}"
    metas = soup.find_all("meta")
    assert len(metas) > 10, relative
    shapes = {frozenset(tag.attrs) for tag in metas}
    allowed = {frozenset(s) for s in ({"charset"}, {"name", "content"}, {"property", "content"})}
    assert shapes <= allowed, f"{relative}: <meta> tags with other attributes: {shapes - allowed}"
    # A value that closed its tag would leave its tail as text in <head>.
    head_text = [
        text.strip()
        for text in soup.head.find_all(string=True, recursive=False)
        if text.strip() and not isinstance(text, Comment)
    ]
    assert not head_text, f"{relative}: text in <head>: {head_text}"


def described_and_titled(soup: BeautifulSoup) -> tuple:
    """(description, og:description, <title>, og:title, og:image:alt, <h1>) as a reader gets them."""
    return (
        meta_content(soup, "description"),
        meta_content(soup, "og:description"),
        soup.title.get_text(),
        meta_content(soup, "og:title"),
        meta_content(soup, "og:image:alt"),
        soup.h1.get_text().rstrip("#"),
    )


def expected_head(description: str, title: str) -> tuple:
    return [description], [description], f"{title} — {SITE}", [f"{title} — {SITE}"], [f"{title} — {SITE}"], title


def test_front_matter_description_and_title(built):
    description = f"Front matter: {CHARACTERS}, each kept exactly as written here."
    assert described_and_titled(built_page(built, "index.html")) == expected_head(description, HOME_TITLE)


def test_bibtex_values_in_the_paper_page_head(built):
    soup = built_page(built, "publications/quotes2024.html")
    abstract = f"Abstract: {CHARACTERS}, which is also the paper page's description."
    assert described_and_titled(soup) == expected_head(abstract, PAPER_TITLE)
    assert meta_content(soup, "citation_title") == [PAPER_TITLE]
    # "Family, Given" as Zotero reads it best; pybtex takes the last word as the family name.
    assert meta_content(soup, "citation_author") == ["Lovelace, Ada", '<b>&amp;, Eve "Q" O\'Brien']
    assert meta_content(soup, "citation_conference_title") == [f"Venue: {CHARACTERS}"]
    [script] = soup.select('script[type="application/ld+json"]')
    data = json.loads(script.string)
    assert (data["name"], data["abstract"], data["isPartOf"]["name"]) == (PAPER_TITLE, abstract, f"Venue: {CHARACTERS}")
    assert [a["name"] for a in data["author"]] == ["Ada Lovelace", 'Eve "Q" O\'Brien <b>&amp;']


def test_bibtex_values_in_the_list(built):
    item = built_page(built, "publications/index.html").select_one("li.pub#quotes2024")
    assert item.select_one(".pub-title").get_text() == PAPER_TITLE
    assert item.select_one(".pub-venue").get_text() == f"Badge: {CHARACTERS}"
    assert item.select_one(".pub-award").get_text().strip() == f"Award: {CHARACTERS}"
    assert item.select_one(".pub-authors").get_text() == 'Ada Lovelace, Eve "Q" O\'Brien <b>&amp;'


def test_news_text_in_the_page_and_the_feed(built):
    text = "News: \"double\", 'single', a < b > c, & and &amp;"
    soup = built_page(built, "index.html")
    [item] = soup.select("ul.news > li")
    assert item.get_text() == f"Mar 4, 2024 — {text}"
    feed = feedparser.parse((built / "atom.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert [entry.title for entry in feed.entries] == [text]
    assert feed.feed.title == f"News: {CHARACTERS}"
    links = soup.find_all("link", rel="alternate", type="application/atom+xml")
    assert [link.get("title") for link in links] == [f"News: {CHARACTERS}"]


def test_person_json_ld_keeps_the_configured_text(built):
    [script] = built_page(built, "index.html").select('script[type="application/ld+json"]')
    assert json.loads(script.string)["jobTitle"] == CHARACTERS


def test_image_alt_text_survives_the_speed_steps(built):
    [image] = built_page(built, "picture.html").select("article img")
    assert image["alt"] == f"Alt: {CHARACTERS}"
    assert (image.get("width"), image.get("height")) == ("40", "20")  # sized by page_speed: its tag rewritten
