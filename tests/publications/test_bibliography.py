"""bibliography.py: reading a BibTeX file, every problem in it (located), and the parse cache."""

from pathlib import Path

from sphinx_academic.publications.bibliography import load, read_entries

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
    raws, problems = read_entries(text, "refs.bib")
    assert problems == []
    assert [r.key for r in raws] == ["a", "b"]
    assert [r.line for r in raws] == [3, 9]
    title = next(f for f in raws[0].fields if f.name == "title")
    assert (title.source, title.value, title.line) == ("{X}", "X", 5)


def test_syntax_error_names_the_entry_where_it_begins_and_reading_goes_on(tmp_path):
    text = (
        ENTRY.format(key="a", title="X")
        + "@misc{b,\n  author = {B}\n  title = {T},\n}\n"
        + ENTRY.format(key="c", title="Z")
    )
    bib = load(write(tmp_path, text), "refs.bib")
    [problem] = bib.problems
    assert (problem.location, problem.key, problem.subtype) == ("refs.bib:6", "b", "syntax")
    assert problem.message.startswith("BibTeX syntax error in the entry that begins here: ")
    assert "(found at line 8)" in problem.message
    assert list(bib.entries) == ["a", "c"]  # the entries after it are still read


def test_unclosed_entry_is_named_where_it_begins_not_at_the_end_of_the_file(tmp_path):
    text = (
        ENTRY.format(key="a", title="X")
        + "@misc{open,\n  title = {Never closed,\n  year = {2020}\n}\n"
        + ENTRY.format(key="c", title="Z") * 1
    )
    bib = load(write(tmp_path, text), "refs.bib")
    [problem] = bib.problems
    assert (problem.location, problem.key) == ("refs.bib:6", "open")
    assert list(bib.entries) == ["a", "c"]


def test_undefined_macro_is_a_located_problem_and_the_entry_stays(tmp_path):
    path = write(tmp_path, "@misc{a,\n  author = {A},\n  title = {T},\n  year = 2020,\n  month = febx\n}\n")
    bib = load(path, "refs.bib")
    [problem] = bib.problems
    assert (problem.location, problem.key, problem.field) == ("refs.bib:5", "a", "month")
    assert "not a @string macro nor a month" in problem.message
    assert list(bib.entries) == ["a"]


def test_duplicate_key_names_both_places(tmp_path):
    text = ENTRY.format(key="same", title="X") + ENTRY.format(key="Same", title="Y") + ENTRY.format(key="c", title="Z")
    bib = load(write(tmp_path, text), "refs.bib")
    [problem] = bib.problems
    assert (problem.location, problem.key) == ("refs.bib:6", "Same")
    assert problem.message == "duplicate key (first defined at refs.bib:1); this entry is left out"
    assert list(bib.entries) == ["same", "c"]


def test_keys_that_make_the_same_page_name_both(tmp_path):
    text = ENTRY.format(key="DBLP:conf/x/A20", title="X") + ENTRY.format(key="dblp-conf-x-a20", title="Y")
    bib = load(write(tmp_path, text), "refs.bib")
    [problem] = bib.problems
    assert problem.location == "refs.bib:6" and problem.key == "dblp-conf-x-a20"
    assert "'DBLP:conf/x/A20' (refs.bib:1)" in problem.message and "dblp-conf-x-a20" in problem.message


def test_not_utf8_names_the_line(tmp_path):
    path = tmp_path / "refs.bib"
    path.write_bytes(b"% ok\n@misc{a, title = {\xff}}\n")
    [problem] = load(path, "refs.bib").problems
    assert problem.location == "refs.bib:2" and problem.message.startswith("not valid UTF-8")


def test_missing_file(tmp_path):
    [problem] = load(tmp_path / "missing.bib", "missing.bib").problems
    assert problem.location == "missing.bib" and problem.message.startswith("cannot read the file")


def test_unchanged_file_is_not_parsed_again(tmp_path):
    path = write(tmp_path, ENTRY.format(key="a", title="X"))
    first = load(path, "refs.bib")
    assert load(path, "refs.bib", first) is first


def test_unchanged_file_with_problems_reports_them_again(tmp_path):
    path = write(tmp_path, ENTRY.format(key="a", title="X").replace("year", "when"))
    first = load(path, "refs.bib")
    assert load(path, "refs.bib", first).problems == first.problems != ()


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
