"""The built site in reader modes and text clients, which ignore the site's CSS.

- Mozilla Readability 0.6.0 (Firefox's Reader View) on jsdom 29.1.1, once over every page
  (tests/site/readers/readability.cjs);
- html2text 2025.4.15, the whole page as text (the dump scrapers and text clients read).

Before these were tested, both read each heading with its permalink ("News#", "…Chatbot#"),
Readability kept the author-mark legend without its marks (" Equal contribution ·  Corresponding
author", above the list it explains), and html2text showed "Copy BibTeX", a button that needs
JavaScript, on every paper.
"""

from __future__ import annotations

import re

import html2text
import pytest
from bs4 import BeautifulSoup

from tests.markup import heading_text, meta
from tests.site.conftest import UTILITY_PAGES

#: The legend's phrases, capitalised as a legend writes them; after a name they read "(equal contribution)".
LEGEND = ("Equal contribution", "Corresponding author")
MARKS = {"Equal contribution": "*", "Corresponding author": "†"}
#: Controls that need JavaScript, by the words they show.
JS_CONTROLS = ("Copy BibTeX", "Filter publications", "All years", "All types")
HEADINGS = ["h1", "h2", "h3", "h4", "h5", "h6"]


def is_paper(name: str) -> bool:
    return name.startswith("publications/") and name != "publications/index.html"


@pytest.fixture(scope="session")
def text_dumps(content_pages) -> dict[str, str]:
    converter = html2text.HTML2Text()
    converter.body_width = 0  # no wrapping: a heading stays on its line
    return {name: converter.handle(str(page)) for name, page in content_pages.items()}


def test_readability_reads_every_page_as_an_article_by_its_author(readability, content_pages):
    assert set(readability) >= set(content_pages)
    for name, page in content_pages.items():
        article = readability[name]
        assert article is not None, f"{name}: Readability found no article"
        assert (article["siteName"], article["lang"]) == ("Ruoyu Qin", "en"), name
        if is_paper(name):
            assert article["title"] == heading_text(page.h1), name
            authors = [m["content"] for m in page.find_all("meta", attrs={"name": "citation_author"})]
            assert article["byline"].count(", ") == len(authors) - 1, (name, article["byline"])
            assert article["publishedTime"] == meta(page, "article:published_time"), name
        else:
            assert article["title"] == page.title.get_text(), name  # what the page is, and whose
            assert article["byline"] == "Ruoyu Qin", f"{name}: byline {article['byline']!r}"
            assert article["publishedTime"] is None, f"{name}: dated {article['publishedTime']!r}"


def test_readability_reads_headings_as_written(readability, content_pages):
    checked = 0
    for name, page in content_pages.items():
        written = {heading_text(h) for h in page.select(", ".join(HEADINGS))}
        extracted = BeautifulSoup(readability[name]["content"], "html.parser")
        for heading in extracted.find_all(HEADINGS):
            assert heading.get_text().strip() in written, f"{name}: Readability reads {heading.get_text()!r}"
            checked += 1
    assert checked >= 10, checked


def test_readability_text_has_no_orphan_legend_and_keeps_what_the_marks_mean(readability, content_pages):
    marked = 0
    for name, page in content_pages.items():
        text = readability[name]["textContent"]
        for phrase in LEGEND:
            assert phrase not in text, f"{name}: Readability keeps the legend's {phrase!r} without its mark"
        if page.select(".pub-equal"):
            marked += 1
            assert re.search(r"\w \(equal contribution\)", text), f"{name}: the mark's meaning is lost"
        for control in JS_CONTROLS:
            assert control not in text, f"{name}: {control!r} in Readability's text"
    assert marked >= 3, "home, publications, the paper page and the CV list marked authors"


def test_text_dump_headings_have_no_permalink(text_dumps):
    for name, text in text_dumps.items():
        headings = re.findall(r"^#{1,6} (.+)$", text, flags=re.MULTILINE)
        assert headings, name
        glued = [h for h in headings if h.rstrip().endswith("#")]
        assert not glued, f"{name}: html2text reads headings {glued}"


def test_text_dump_has_no_javascript_controls(text_dumps):
    for name, text in text_dumps.items():
        for control in JS_CONTROLS:
            assert control not in text, f"{name}: html2text shows {control!r}, which needs JavaScript"


def test_text_dump_explains_the_marks_after_the_authors_they_mark(text_dumps, content_pages):
    explained = 0
    for name, text in text_dumps.items():
        if not content_pages[name].select(".pub-equal, .pub-corresponding"):
            continue
        for phrase, mark in MARKS.items():
            if phrase not in text:
                continue
            explained += 1
            assert f"{mark} {phrase}" in text, f"{name}: the legend's {phrase!r} without its mark"
            last_marked = text.rindex(f"({phrase.lower()})")
            assert text.index(phrase) > last_marked, f"{name}: the legend comes before the authors it explains"
    assert explained >= 4, explained


def test_utility_pages_are_left_out_of_these_checks_on_purpose(content_pages):
    assert not UTILITY_PAGES & set(content_pages)
