"""Bad input in a real build: every problem a located warning (file, line, key, field), one build.

Each test builds a copy of tests/roots/test-publications/ with its own refs.bib and notes page."""

from __future__ import annotations

import re

import pytest
from sphinx.cmd.build import build_main

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
NOTES_WITHOUT_REF = "# Notes\n\nSee {cite:p}`lovelace2024engine`.\n"


def variant(tmp_path, bib: str, notes: str = NOTES_WITHOUT_REF):
    """The publications root with `bib` as its refs.bib and `notes` as its notes page."""
    return copy_root("publications", tmp_path / "site", {"refs.bib": bib, "notes.md": notes})


def make_site(make_app, tmp_path, bib: str, **kwargs) -> Built:
    return Built.of(build_app(make_app, variant(tmp_path, bib, **kwargs)))


def warnings_of(make_app, tmp_path, bib, **kwargs) -> list[str]:
    built = make_site(make_app, tmp_path, bib, **kwargs)
    assert "Traceback" not in built.warnings and "Exception occurred" not in built.warnings
    plain = re.sub(r"\x1b\[[\d;]*m", "", built.warnings)  # without the terminal's colours
    return [re.sub(r"^\S*/", "", line) for line in plain.splitlines() if "WARNING" in line]


@pytest.mark.parametrize(
    ("bib", "message"),
    [
        (
            GOOD + "@misc{broken,\n  author = {A}\n  title = {T}\n}\n",
            r"^refs\.bib:8: WARNING: entry 'broken': BibTeX syntax error in the entry that begins here",
        ),
        (
            GOOD + GOOD.replace("Engines", "Again"),
            r"^refs\.bib:9: WARNING: entry 'lovelace2024engine': duplicate key \(first defined at refs\.bib:2\)",
        ),
        (
            GOOD.replace("  year      = {2024}\n", ""),
            r"^refs\.bib:2: WARNING: entry 'lovelace2024engine': missing 'year': the entry is not listed",
        ),
        (GOOD.replace("booktitle", "journal"), r"^refs\.bib:2: WARNING: entry 'lovelace2024engine': no venue"),
        (
            GOOD.replace("  year", "  slide = {https://example.org/s.pdf},\n  year"),
            r"^refs\.bib:6: WARNING: entry 'lovelace2024engine', field 'slide': unknown field: did you mean 'slides'\?",
        ),
        (GOOD.replace("@inproceedings", "@patentx"), r"unknown entry type @patentx"),
        (
            GOOD.replace("  year", "  pdf = {javascript:alert(1)},\n  year"),
            r"^refs\.bib:6: WARNING: entry 'lovelace2024engine', field 'pdf': expected an absolute http\(s\) URL",
        ),
    ],
)
def test_bad_bibliography_is_a_located_warning(make_app, tmp_path, bib, message):
    warnings = warnings_of(make_app, tmp_path, bib)
    assert any(re.search(message, w) for w in warnings), warnings


def test_cite_of_unknown_key_names_document_line_and_key(make_app, tmp_path):
    notes = "# Notes\n\nFirst line.\n\nSee {cite:p}`nobody2020`.\n"
    warnings = warnings_of(make_app, tmp_path, GOOD, notes=notes)
    assert any(re.search(r'notes\.md:5: WARNING: could not find bibtex key "nobody2020"', w) for w in warnings), (
        warnings
    )


def test_sphinx_build_fails_under_w_with_its_normal_warning_exit(tmp_path, capsys):
    """The command line's contract (its exit status and message), so through sphinx-build itself."""
    src = variant(tmp_path, GOOD.replace("  year      = {2024}\n", ""))
    status = build_main(["-q", "-W", "-b", "html", str(src), str(src / "_build/html")])
    error = capsys.readouterr().err
    assert status == 1
    assert "refs.bib:2: WARNING: entry 'lovelace2024engine': missing 'year'" in error
    assert "Traceback" not in error and "Exception occurred" not in error and "open an issue" not in error
    assert "build finished with problems" in error or "warning" in error.lower()


def test_the_environment_stays_incremental_after_bad_input(make_app, tmp_path):
    src = variant(tmp_path, GOOD.replace("  year", "  slide = {x},\n  year"))
    build_app(make_app, src)
    again = build_app(make_app, src)
    status = re.sub(r"\x1b\[[\d;]*m", "", again.status.getvalue())  # without the terminal's colours
    assert "loading pickled environment... done" in status
    assert "0 added, 0 changed" in status
    assert "slide" in again.warning.getvalue()  # still reported


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
