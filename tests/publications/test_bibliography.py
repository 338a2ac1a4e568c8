"""bibliography.py: reading a BibTeX file, its errors, and the parse cache."""

from pathlib import Path

import pytest

from sphinx_academic.publications.bibliography import load, read_entries
from sphinx_academic.publications.errors import PublicationsError

ENTRY = """@misc{{{key},
  author = {{A. Author}},
  title  = {{{title}}},
  year   = {{2020}}
}}
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "refs.bib"
    path.write_text(text, "utf-8")
    return path


def test_entries_keep_order_source_text_and_lines(tmp_path):
    text = (
        "% comment\n@string{me = {A. Author}}\n"
        + ENTRY.format(key="a", title="X")
        + "\n"
        + ENTRY.format(key="b", title="Y")
    )
    raws = list(read_entries(text, "refs.bib"))
    assert [r.key for r in raws] == ["a", "b"]
    assert [r.line for r in raws] == [3, 9]
    title = next(f for f in raws[0].fields if f.name == "title")
    assert (title.source, title.value, title.line) == ("{X}", "X", 5)


def test_syntax_error_names_file_and_line(tmp_path):
    path = write(tmp_path, ENTRY.format(key="a", title="X") + "@misc{b,\n  author = {B}\n  title = {T},\n}\n")
    with pytest.raises(PublicationsError, match=r"^refs\.bib:8: BibTeX syntax error: .*expected"):
        load(path, "refs.bib")


def test_undefined_macro_is_a_syntax_error(tmp_path):
    path = write(tmp_path, "@misc{a,\n  author = {A},\n  title = {T},\n  year = 2020,\n  month = febx\n}\n")
    with pytest.raises(PublicationsError, match=r"refs\.bib:5: BibTeX undefined string"):
        load(path, "refs.bib")


def test_duplicate_key_names_both_places(tmp_path):
    text = ENTRY.format(key="same", title="X") + ENTRY.format(key="Same", title="Y") + ENTRY.format(key="c", title="Z")
    with pytest.raises(PublicationsError, match=r"refs\.bib:6: duplicate key 'Same' \(first defined at refs\.bib:1\)"):
        load(write(tmp_path, text), "refs.bib")


def test_not_utf8_names_the_line(tmp_path):
    path = tmp_path / "refs.bib"
    path.write_bytes(b"% ok\n@misc{a, title = {\xff}}\n")
    with pytest.raises(PublicationsError, match=r"refs\.bib:2: not valid UTF-8"):
        load(path, "refs.bib")


def test_missing_file(tmp_path):
    with pytest.raises(PublicationsError, match=r"cannot read the bibliography missing\.bib"):
        load(tmp_path / "missing.bib", "missing.bib")


def test_unchanged_file_is_not_parsed_again(tmp_path):
    path = write(tmp_path, ENTRY.format(key="a", title="X"))
    first = load(path, "refs.bib")
    assert load(path, "refs.bib", first) is first


def test_changed_file_reuses_unchanged_entries(tmp_path):
    path = write(tmp_path, ENTRY.format(key="a", title="X") + ENTRY.format(key="b", title="Y"))
    first = load(path, "refs.bib")
    write(tmp_path, ENTRY.format(key="a", title="X") + ENTRY.format(key="b", title="Changed"))
    second = load(path, "refs.bib", first)
    assert second is not first
    assert second.entries["a"].title == "X" and second.entries["b"].title == "Changed"
    assert second.entries["a"].digest == first.entries["a"].digest
    assert second.entries["b"].digest != first.entries["b"].digest


def test_moved_entry_keeps_digest_and_gets_new_line(tmp_path):
    path = write(tmp_path, ENTRY.format(key="a", title="X"))
    first = load(path, "refs.bib")
    write(tmp_path, "% a new comment line\n" + ENTRY.format(key="a", title="X"))
    second = load(path, "refs.bib", first)
    assert second.entries["a"].digest == first.entries["a"].digest
    assert (first.entries["a"].line, second.entries["a"].line) == (1, 2)


def test_sorted_newest_year_then_month_then_title(tmp_path):
    def e(key, year, month, title):
        return f"@misc{{{key}, author = {{A}}, title = {{{title}}}, year = {{{year}}}" + (
            f", month = {month}}}\n" if month else "}\n"
        )

    text = (
        e("old", 2019, "dec", "Z")
        + e("nomonth", 2020, None, "A")
        + e("mayb", 2020, "may", "B")
        + e("maya", 2020, "may", "a")
        + e("dec", 2020, "dec", "Y")
    )
    bib = load(write(tmp_path, text), "refs.bib")
    assert [x.key for x in bib.sorted()] == ["dec", "maya", "mayb", "nomonth", "old"]
