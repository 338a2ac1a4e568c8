"""Unit tests of sphinx_academic.news: the news file, the list it renders, the Atom feed."""

from __future__ import annotations

import datetime as dt
import re

import feedparser
import pytest
from bs4 import BeautifulSoup

from sphinx_academic import news
from tests.conftest import ROOTS, build_app, copy_root, no_warnings

# The news file of tests/roots/test-news/, whose site the last tests build.
GOOD = (ROOTS / "test-news" / "news.toml").read_text("utf-8")


def write(tmp_path, text: str):
    path = tmp_path / "news.toml"
    path.write_text(text, "utf-8")
    return path


def test_items_sorted_newest_first_with_stable_anchors(tmp_path):
    items, problems = news.load_news(write(tmp_path, GOOD))
    assert problems == []
    assert [i.date for i in items] == ["2025-03-07", "2025-02", "2025-02"]
    assert [i.anchor for i in items] == ["news-2025-03-07", "news-2025-02", "news-2025-02-2"]
    assert [i.label for i in items] == ["Mar 7, 2025", "Feb 2025", "Feb 2025"]
    # Month-only dates count as the 1st of the month.
    assert items[1].day == dt.date(2025, 2, 1) and items[1].timestamp == "2025-02-01T00:00:00Z"


@pytest.mark.parametrize(
    ("item", "problem"),
    [
        ('date = "2025-13"\ntext = "x"', "'2025-13' is not a calendar date"),
        ('date = "2025-02-30"\ntext = "x"', "is not a calendar date"),
        ('date = "March 2025"\ntext = "x"', 'is not "YYYY-MM-DD" or "YYYY-MM"'),
        ('date = 2025\ntext = "x"', 'is not "YYYY-MM-DD" or "YYYY-MM"'),
        ('text = "x"', "'date' is missing"),
        ('date = "2025-05"', "'text' is missing or empty"),
        ('date = "2025-05"\ntext = "  "', "'text' is missing or empty"),
        ('date = "2025-05"\ntext = 3', "'text' must be a string"),
        ('date = "2025-05"\ntext = "x"\nlink = "y"', "unknown key(s) ['link']"),
    ],
)
def test_bad_item_names_file_line_and_item(tmp_path, item, problem):
    path = write(tmp_path, GOOD + f"\n[[item]]\n{item}\n")
    items, [found] = news.load_news(path)
    assert found.location == f"{path}:14"  # the 4th [[item]] header is on line 14
    assert found.message.startswith("item 4: ") and problem in found.message
    assert len(items) == 3  # the good items still build


def test_invalid_toml_names_the_file_and_line(tmp_path):
    path = write(tmp_path, '[[item]]\ndate = "2025-05"\n[[item]\n')
    items, [found] = news.load_news(path)
    assert items == [] and found.location == f"{path}:3" and found.message.startswith("not valid TOML")


def test_unquoted_toml_date_is_accepted(tmp_path):
    [item], _ = news.load_news(write(tmp_path, '[[item]]\ndate = 2025-03-07\ntext = "x"\n'))
    assert item.date == "2025-03-07" and item.label == "Mar 7, 2025"


def test_atom_feed_parses_with_dates_ids_and_links(tmp_path):
    items, _ = news.load_news(write(tmp_path, GOOD))
    rendered = {
        i.anchor: (f"Title {n}", f"<p>Item <a href='https://example.org/{n}'>{n}</a></p>") for n, i in enumerate(items)
    }
    xml = news.atom_feed(
        items,
        rendered,
        title="T — News",
        author="A. Tester",
        home_url="https://example.org/index.html",
        self_url="https://example.org/atom.xml",
        tag_authority="example.org",
    )
    feed = feedparser.parse(xml)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    assert feed.feed.title == "T — News"
    assert feed.feed.updated == "2025-03-07T00:00:00Z"  # the newest item, not the build time
    assert [e.id for e in feed.entries] == [
        "tag:example.org,2025-03-07:news/news-2025-03-07",
        "tag:example.org,2025-02:news/news-2025-02",
        "tag:example.org,2025-02:news/news-2025-02-2",
    ]
    assert feed.entries[1].link == "https://example.org/index.html#news-2025-02"
    assert feed.entries[1].updated_parsed[:3] == (2025, 2, 1)
    assert 'href="https://example.org/1"' in feed.entries[1].content[0].value


@pytest.mark.sphinx("html", testroot="news")
def test_news_page_and_feed_in_a_fixture_site(app):
    app.build()
    no_warnings(app)
    out = app.outdir
    page = (out / "index.html").read_text("utf-8")
    # The date as text, in no <time datetime> and no class naming a date: Zotero and link
    # unfurlers would take it for the date of the page.
    assert '<li class="news-item" id="news-2025-03-07"><p><span class="news-when">Mar 7, 2025</span>' in page
    assert "<time" not in page
    assert '<a class="reference internal" href="other.html">' in page  # a MyST link, resolved as a doc link
    assert "at FAST '25.</p>" in page  # as written: no smart quotes
    assert 'type="application/atom+xml"' in (out / "other.html").read_text("utf-8")
    # Newest first; the two items of February 2025 in the file's order, on the page and in the feed.
    listed = BeautifulSoup(page, "html.parser").select("ul.news > li")
    assert [li["id"] for li in listed] == ["news-2025-03-07", "news-2025-02", "news-2025-02-2"]
    texts = ["See the page.", "Month only.", "Second item of the same month, at FAST '25."]
    assert [li.get_text().split(" — ", 1)[1] for li in listed] == texts
    feed = feedparser.parse((out / "atom.xml").read_bytes())
    assert not feed.bozo
    assert feed.feed.language == "en"  # xml:lang, from `language`
    assert feed.feed.link == "https://example.org/site/"  # the home page by its canonical URL
    assert feed.entries[0].link == "https://example.org/site/#news-2025-03-07"
    assert feed.entries[0].title == "See the page."
    assert [entry.title for entry in feed.entries] == texts
    assert 'href="https://example.org/site/other.html"' in feed.entries[0].content[0].value


def test_bad_news_file_is_a_located_warning(make_app, tmp_path):
    bad = {"news.toml": '\n[[item]]\ndate = "2025-00"\ntext = "x"\n', "index.md": "# Home\n"}
    warnings = build_app(make_app, copy_root("news", tmp_path / "site", bad)).warning.getvalue()
    assert re.search(r"news\.toml:2: WARNING: item 1: date '2025-00' is not a calendar date", warnings), warnings
