"""Unit tests of sphinx_academic.page_metadata: descriptions, their checks, noindex pages."""

from __future__ import annotations

import re

import pytest
from docutils.core import publish_doctree

from sphinx_academic import page_metadata
from tests.conftest import no_warnings
from tests.markup import meta, soup

LONG = "Word " * 60


def test_trim_at_word_boundary():
    text = "alpha beta gamma delta"
    assert page_metadata.trim_at_word(text, 30) == text
    assert page_metadata.trim_at_word(text, 15) == "alpha beta…"
    assert len(page_metadata.trim_at_word(LONG.strip(), 160)) <= 160


def test_derived_description_skips_tables_and_trims():
    doctree = publish_doctree(
        "Title\n=====\n\n"
        "+-----------+\n| in a table|\n+-----------+\n\n"
        "The first paragraph says what the page is about.\n\n"
        "A second one\nadds detail. " + LONG + "\n"
    )
    description = page_metadata.derive_description(doctree, 160)
    assert description.startswith("The first paragraph says what the page is about. A second one adds detail.")
    assert len(description) <= 160 and description.endswith("…")
    assert "table" not in description


def test_problems_name_every_bad_page():
    descriptions = {
        "a": ("Shared text that is long enough to be a real description.", "front matter"),
        "b": ("Shared text that is long enough to be a real description.", "first paragraphs"),
        "c": ("Too short.", "first paragraphs"),
        "d": ("x" * 161, "front matter"),
        "ok": ("A unique description of fifty characters or a bit more.", "front matter"),
    }
    problems = page_metadata.description_problems(descriptions, [*descriptions, "e"], 50, 160)
    assert problems == [
        (
            "c",
            "description from its first paragraphs is 10 characters, outside 50–160: 'Too short.' "
            "(set `description:` in its front matter)",
        ),
        ("d", "description from its front matter is 161 characters, outside 50–160: '" + "x" * 161 + "'"),
        ("e", "no description (set `description:` in its front matter)"),
        ("b", "has the same description as 'a': 'Shared text that is long enough to be a real description.'"),
    ]


@pytest.mark.sphinx("html", testroot="page-metadata")
def test_fixture_site_emits_descriptions_and_noindex(app):
    app.build()
    no_warnings(app)
    out = app.outdir
    derived = soup(out / "derived.html")
    text = "This page has no front matter, so its first paragraph becomes its description."
    assert meta(derived, "description") == text
    assert meta(derived, "og:description") == text  # the same text for both
    assert len(derived.find_all("meta", attrs={"name": "description"})) == 1
    assert derived.find("link", rel="canonical")["href"] == "https://example.org/site/derived.html"
    missing = soup(out / "404.html")
    assert meta(missing, "robots") == "noindex"
    assert missing.find("link", rel="canonical") is None


@pytest.mark.sphinx("html", testroot="page-metadata")
def test_pages_name_their_author_and_title_and_the_home_page_is_the_site_root(app):
    app.build()
    no_warnings(app)
    pages = {name: soup(app.outdir / name) for name in ("index.html", "derived.html", "404.html")}
    for name, page in pages.items():
        assert meta(page, "author") == "A. Tester", name  # not a name guessed from the page's links
        # Sphinx's layout writes one; docutils added another to the meta tags.
        assert len(page.find_all("meta", attrs={"name": "viewport"})) == 1, name
        # What the page is and whose, as its <title> says it ("Home — Fixture Site").
        assert meta(page, "og:title") == page.title.get_text() == f"{page.h1.get_text().strip('¶')} — Fixture Site"
    home, derived = pages["index.html"], pages["derived.html"]
    assert home.find("link", rel="canonical")["href"] == meta(home, "og:url") == "https://example.org/site/"
    assert meta(derived, "og:url") == "https://example.org/site/derived.html"


@pytest.mark.sphinx("html", testroot="page-metadata-summary")
def test_summary_from_a_generating_extension_is_trimmed(app):
    app.build()
    no_warnings(app)
    description = meta(soup(app.outdir / "index.html"), "description")
    assert description.startswith("A long abstract that goes on. A long") and description.endswith("…")
    assert len(description) <= 160


@pytest.mark.sphinx("html", testroot="page-metadata-shared-description")
def test_duplicate_descriptions_fail_naming_both_pages(app):
    app.build()
    warnings = app.warning.getvalue()
    assert re.search(r"two\.md:1: WARNING: has the same description as 'one'", warnings), warnings


@pytest.mark.sphinx("html", testroot="page-metadata-no-description")
def test_page_without_usable_description_fails(app):
    app.build()
    warnings = app.warning.getvalue()
    assert re.search(r"index\.md:1: WARNING: description from its first paragraphs is 10 characters", warnings), (
        warnings
    )
