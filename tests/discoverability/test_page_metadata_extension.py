"""Unit tests of sphinx_academic.page_metadata: descriptions, their checks, noindex pages."""

from __future__ import annotations

import pytest
from docutils.core import publish_doctree

from sphinx_academic import page_metadata

from .conftest import meta, soup

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


FRONT = '---\ndescription: "{}"\n---\n\n# {}\n\nBody text.\n'
TOC = "```{{toctree}}\n{}\n```\n"


def test_fixture_site_emits_descriptions_and_noindex(fixture_site):
    out = fixture_site(
        {
            "index.md": FRONT.format("The home page of the fixture site, with a description of its own.", "Home")
            + TOC.format("derived\n404"),
            "derived.md": "# Derived\n\nThis page has no front matter, so its first paragraph becomes its description.\n",
            "404.md": FRONT.format(
                "The page is not here: a description for the page served at unknown URLs.", "Missing"
            ),
        },
        ["sphinxext.opengraph", "page_metadata"],
        conf='page_metadata_noindex = ["404", "search", "genindex"]\nogp_enable_meta_description = False\n',
    )
    derived = soup(out / "derived.html")
    text = "This page has no front matter, so its first paragraph becomes its description."
    assert meta(derived, "description") == text
    assert meta(derived, "og:description") == text  # the same text for both
    assert len(derived.find_all("meta", attrs={"name": "description"})) == 1
    assert derived.find("link", rel="canonical")["href"] == "https://example.org/site/derived.html"
    missing = soup(out / "404.html")
    assert meta(missing, "robots") == "noindex"
    assert missing.find("link", rel="canonical") is None


def test_summary_from_a_generating_extension_is_trimmed(fixture_site):
    conf = """
def _summarise(app, doctree):
    app.env.metadata[app.env.docname]["summary"] = "A long abstract that goes on. " * 10

def setup(app):
    app.connect("doctree-read", _summarise, priority=100)
"""
    out = fixture_site({"index.md": "# Home\n\nShort.\n"}, ["page_metadata"], conf=conf)
    description = meta(soup(out / "index.html"), "description")
    assert description.startswith("A long abstract that goes on. A long") and description.endswith("…")
    assert len(description) <= 160


def test_duplicate_descriptions_fail_naming_both_pages(fixture_site):
    same = "Both pages say exactly this, which tells a reader nothing about either."
    with pytest.raises(AssertionError, match=r"two\.md:1: WARNING: has the same description as 'one'"):
        fixture_site(
            {
                "index.md": FRONT.format("The home page of the fixture site, with a description of its own.", "Home")
                + TOC.format("one\ntwo"),
                "one.md": FRONT.format(same, "One"),
                "two.md": FRONT.format(same, "Two"),
            },
            ["page_metadata"],
        )


def test_page_without_usable_description_fails(fixture_site):
    with pytest.raises(
        AssertionError, match=r"index\.md:1: WARNING: description from its first paragraphs is 10 characters"
    ):
        fixture_site({"index.md": "# Home\n\nBody text.\n"}, ["page_metadata"])
