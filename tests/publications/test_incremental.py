"""Rebuilds read only what changed: the design that keeps a rebuild cheap at 1,000 entries.

Each test builds a copy of tests/roots/test-publications/ with read_recorder.py, edits it
and builds it again (Sphinx's incremental build, as `make html` does it)."""

from __future__ import annotations

import pytest

from tests.conftest import build_app, copy_root

from .conftest import Built
from .read_recorder import age, reads


@pytest.fixture
def build(make_app):
    def build_site(src) -> Built:
        return Built.of(build_app(make_app, src))

    return build_site


@pytest.fixture
def site(tmp_path, build):
    src = copy_root("publications", tmp_path / "site")
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('extensions.append("tests.publications.read_recorder")\n')
    build(src)
    assert {"index", "publications/index", "publications/lovelace2024engine"} <= reads(src), "the recorder records"
    age(src)
    return src


def test_unchanged_site_reads_nothing(site, build):
    build(site)
    assert reads(site) == set()


def test_editing_an_unrelated_page_reads_only_that_page(site, build):
    notes = site / "notes.md"
    notes.write_text(notes.read_text() + "\nMore notes.\n")
    build(site)
    assert reads(site) == {"notes"}


def test_editing_one_entry_reads_its_page_and_the_pages_that_show_or_cite_it(site, build):
    bib = site / "refs.bib"
    bib.write_text(bib.read_text().replace("Notes on {G}-Code", "Notes on {H}-Code"))
    built = build(site)
    # Every list shows titles; notes cites the entry; no other paper page is read.
    assert reads(site) == {"publications/lovelace2024engine", "publications/index", "index", "cv", "notes"}
    for page in ("publications/lovelace2024engine.html", "publications/index.html", "index.html", "cv.html"):
        assert "Notes on H-Code" in built.html(page), page


def test_editing_an_abstract_reads_only_the_pages_that_show_it_or_cite_the_entry(site, build):
    bib = site / "refs.bib"
    # Two more lines: every later entry moves down the file, which no list shows either.
    bib.write_text(bib.read_text().replace("First paragraph", "Edited first paragraph.\n\n  Another one"))
    built = build(site)
    # The home page's selected list and the CV's compact one show no abstracts.
    assert reads(site) == {"publications/lovelace2024engine", "publications/index", "notes"}
    assert "Edited first paragraph" in built.html("publications/lovelace2024engine.html")
    assert "Edited first paragraph" in built.html("publications/index.html")


def test_removed_entry_loses_its_stub_page_and_download(site, build):
    bib = site / "refs.bib"
    text = bib.read_text()
    start = text.index("@inproceedings{babbage2023difference")
    bib.write_text(text[:start] + text[text.index("@inproceedings{babbage2023analytic") :])
    built = build(site)
    assert not (site / "publications/babbage2023difference.rst").exists()
    assert not (built.out / "publications/babbage2023difference.bib").exists()
    assert "babbage2023difference" not in built.html("publications/index.html")


def test_new_citation_updates_the_cited_paper_page(site, build):
    (site / "more.md").write_text("---\norphan: true\n---\n# More\n\nAlso {cite}`babbage2023mill`.\n")
    built = build(site)
    assert reads(site) == {"more"}
    cited = [a.get_text() for a in built.soup("publications/babbage2023mill.html").select(".pub-cited-by a")]
    assert cited == ["More"]


def test_editing_a_string_macro_reads_the_pages_of_the_entries_using_it(site, build):
    """An entry's text is the same, its value is not: its paper page is read again."""
    bib = site / "refs.bib"
    text = bib.read_text().replace("booktitle = {Engine Workshop}", "booktitle = workshop")
    bib.write_text("@string{workshop = {Engine Workshop}}\n\n" + text)
    build(site)
    age(site)
    bib.write_text(bib.read_text().replace("{Engine Workshop}", "{Engine Colloquium}"))
    built = build(site)
    assert "publications/babbage2023difference" in reads(site)
    assert "Engine Colloquium" in built.html("publications/babbage2023difference.html")
