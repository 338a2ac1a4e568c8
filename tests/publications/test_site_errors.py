"""Bad input stops a real build with a message naming the file, line, key and field.

Each test builds a copy of tests/roots/test-publications/ with its own refs.bib and notes page."""

from __future__ import annotations

import re

import pytest
from sphinx.cmd.build import build_main

from sphinx_academic.publications.errors import PublicationsError
from tests.conftest import build_app, copy_root

from .conftest import Built

GOOD = """
@inproceedings{lovelace2024engine,
  author    = {Ada Lovelace},
  title     = {Engines},
  booktitle = {Engine Symposium},
  year      = {2024}
}
"""
NOTES_WITHOUT_REF = "# Notes\n\nSee {cite}`lovelace2024engine`.\n"


def variant(tmp_path, bib: str, notes: str = NOTES_WITHOUT_REF):
    """The publications root with `bib` as its refs.bib and `notes` as its notes page."""
    return copy_root("publications", tmp_path / "site", {"refs.bib": bib, "notes.md": notes})


def make_site(make_app, tmp_path, bib: str, **kwargs) -> Built:
    return Built.of(build_app(make_app, variant(tmp_path, bib, **kwargs)))


def failing_build(make_app, tmp_path, bib, **kwargs):
    with pytest.raises(PublicationsError) as error:
        make_site(make_app, tmp_path, bib, **kwargs)
    return str(error.value)


@pytest.mark.parametrize(
    ("bib", "message"),
    [
        (GOOD + "@misc{broken,\n  author = {A}\n  title = {T}\n}\n", r"^refs\.bib:10: BibTeX syntax error"),
        (
            GOOD + GOOD.replace("Engines", "Again"),
            r"^refs\.bib:9: duplicate key 'lovelace2024engine' \(first defined at refs\.bib:2\)",
        ),
        (
            GOOD.replace("  year      = {2024}\n", ""),
            r"^refs\.bib:2: entry 'lovelace2024engine': missing required field 'year'",
        ),
        (GOOD.replace("booktitle", "journal"), r"missing required field 'booktitle' for @inproceedings"),
        (
            GOOD.replace("  year", "  slide = {https://example.org/s.pdf},\n  year"),
            r"^refs\.bib:6: entry 'lovelace2024engine', field 'slide': unknown field",
        ),
        (GOOD.replace("@inproceedings", "@patent"), r"unknown entry type @patent"),
        (
            GOOD.replace("  year", "  pdf = {javascript:alert(1)},\n  year"),
            r"field 'pdf': expected an absolute http\(s\) URL",
        ),
    ],
)
def test_bad_bibliography_fails_the_build(make_app, tmp_path, bib, message):
    text = failing_build(make_app, tmp_path, bib)
    assert re.search(message, text), text


def test_cite_of_unknown_key_names_document_line_and_key(make_app, tmp_path):
    notes = "# Notes\n\nFirst line.\n\nSee {cite}`nobody2020`.\n"
    text = failing_build(make_app, tmp_path, GOOD, notes=notes)
    assert re.search(r"notes\.md:5: cite: unknown publication key 'nobody2020' \(not in refs\.bib\)", text), text


def test_sphinx_build_exits_non_zero(tmp_path, capsys):
    """The command line's contract (its exit status and message), so through sphinx-build itself."""
    src = variant(tmp_path, GOOD.replace("  year      = {2024}\n", ""))
    status = build_main(["-q", "-b", "html", str(src), str(src / "_build/html")])
    assert status != 0
    assert "missing required field 'year'" in capsys.readouterr().err


def test_single_year_single_type_has_no_filters(make_app, tmp_path):
    built = make_site(make_app, tmp_path, GOOD)
    soup = built.soup("publications/index.html")
    assert len(soup.select("li.pub")) == 1
    assert soup.select("form.pub-filters") == []
    assert soup.select(".pub-legend") == []  # no marks used, no legend


def test_other_builders_show_text_without_buttons(make_app, tmp_path):
    built = Built.of(build_app(make_app, variant(tmp_path, GOOD), "text"))
    text = (built.out / "publications/index.txt").read_text()
    assert "Engines" in text and "Ada Lovelace" in text
    assert "Copy BibTeX" not in text


def test_intersphinx_from_another_project_resolves_the_paper(make_app, tmp_path):
    """A separate project (tests/roots/test-publications-intersphinx/) maps the site's
    objects.inv as a local inventory (no network)."""
    site = make_site(make_app, tmp_path, GOOD)
    other = copy_root("publications-intersphinx", tmp_path / "other")
    mapping = {"site": ("https://example.org/site/", str(site.out / "objects.inv"))}
    built = Built.of(build_app(make_app, other, confoverrides={"intersphinx_mapping": mapping}))
    assert built.warnings == ""
    link = built.soup("index.html").find("a", class_="reference external")
    assert link["href"] == "https://example.org/site/publications/lovelace2024engine.html#lovelace2024engine"
    assert link.get_text() == "Engines"


def test_paper_label_clash_with_a_page_label_is_a_located_warning(make_app, tmp_path):
    # The paper's label is a target like any other: Sphinx's standard domain reports the clash.
    notes = "# Notes\n\n(lovelace2024engine)=\n## Clash\n"
    built = make_site(make_app, tmp_path, GOOD, notes=notes)
    assert "duplicate label lovelace2024engine, other instance in" in built.warnings
    assert "notes.md" in built.warnings
