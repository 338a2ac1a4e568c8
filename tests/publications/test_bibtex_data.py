"""publications.bibtex_data: sphinxcontrib-bibtex's data after an edit, parsed again only where
an entry changed, and always what its own parse of the files gives."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sphinxcontrib.bibtex import bibfile

from .test_citation_layer import build

#: sphinxcontrib-bibtex's own parse of the files, as it is before the tests count its calls.
OWN_PARSE = bibfile.parse_bibdata
NEW_ENTRY = "\n@misc{lovelace2025new,\n  author = {Ada Lovelace},\n  title = {A New Note},\n  year = {2025}\n}\n"


def bibtex_data(make_app, src: Path, builddir: Path):
    """Build, then (sphinxcontrib-bibtex's data, the data its own parse of the files gives now)."""
    app = make_app("html", srcdir=src, builddir=builddir)
    try:
        app.build()
    finally:
        app.cleanup()
    assert "WARNING" not in app.warning.getvalue(), app.warning.getvalue()
    made = app.env.get_domain("cite").bibdata
    return made, OWN_PARSE(list(made.bibfiles), made.encoding)


def described(bibdata) -> list:
    """Everything of the data: files, their keys and times, and each entry in order, as pybtex writes it."""
    data = bibdata.data
    entries = [(key, entry.original_type, entry.to_string("bibtex")) for key, entry in data.entries.items()]
    files = [(str(path), list(info.keys), info.mtime) for path, info in bibdata.bibfiles.items()]
    return [bibdata.encoding, files, entries, list(data.preamble_list)]


@pytest.fixture
def site(rootdir, tmp_path, monkeypatch):
    """The citations root, built once; counts the files sphinxcontrib-bibtex parses itself after that."""
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-citations", src)
    parses = []
    original = bibfile.parse_bibdata

    def counted(paths, encoding):
        parses.append(paths)
        return original(paths, encoding)

    monkeypatch.setattr(bibfile, "parse_bibdata", counted)
    return src, parses


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_after_each_edit_the_data_is_what_its_own_parse_gives(make_app, site, tmp_path):
    src, parses = site
    made, parsed = bibtex_data(make_app, src, tmp_path / "build")
    assert described(made) == described(parsed)  # a clean build's, made from the engine's reading too
    refs, related = src / "refs.bib", src / "related.bib"
    edits = [
        lambda: edit(refs, "On the {Mill} and the Store", "On the {Mill} and the Store, Edited"),  # a title
        lambda: edit(refs, "Charles Babbage", "Charles B. Babbage"),  # a name: parsed into persons
        lambda: refs.write_text(refs.read_text("utf-8") + NEW_ENTRY, "utf-8"),  # an entry added
        lambda: edit(related, "The Education of a Computer", "The Education of a Computer, Edited"),
        lambda: edit(refs, NEW_ENTRY, ""),  # removed again
    ]
    for number, change in enumerate(edits):
        change()
        made, parsed = bibtex_data(make_app, src, tmp_path / "build")
        assert described(made) == described(parsed), f"edit {number}"
    assert parses == []  # none of them parsed whole
    assert "Babbage, Charles B." in {str(p) for e in made.data.entries.values() for p in e.persons.get("author", [])}


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(
            lambda refs: refs.write_text("@preamble{ {x} }\n" + refs.read_text("utf-8"), "utf-8"), id="preamble"
        ),
        pytest.param(lambda refs: edit(refs, "title", "title = {Twice},\n  title"), id="duplicate field"),
        pytest.param(lambda refs: refs.write_text(refs.read_text("utf-8") + "\n@misc{broken,\n", "utf-8"), id="syntax"),
    ],
)
def test_a_file_it_cannot_vouch_for_is_parsed_whole(make_app, site, tmp_path, change):
    src, parses = site
    build(make_app, src, tmp_path / "build")
    change(src / "refs.bib")
    build(make_app, src, tmp_path / "build")  # reported by the engine, or taken as pybtex takes it
    assert len(parses) == 1


def test_another_encoding_is_left_to_sphinxcontrib_bibtex(make_app, site, tmp_path):
    src, parses = site
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('bibtex_encoding = "latin-1"\n')
    build(make_app, src, tmp_path / "build")
    assert len(parses) == 1


def test_an_entry_is_parsed_again_when_it_changed_only(make_app, site, tmp_path, monkeypatch):
    from pybtex.database.input.bibtex import Parser

    src, _ = site
    build(make_app, src, tmp_path / "build")
    processed = []
    original = Parser.process_entry

    def recorded(self, entry_type, key, fields):
        processed.append(key)
        return original(self, entry_type, key, fields)

    monkeypatch.setattr(Parser, "process_entry", recorded)
    edit(src / "refs.bib", "On the {Mill} and the Store", "On the {Mill} and the Store, Edited")
    out, warnings = build(make_app, src, tmp_path / "build")
    assert warnings == ""
    assert processed == ["babbage2023mill"]
    assert "Mill} and the Store, Edited" not in (out / "roles.html").read_text("utf-8")
    assert "Mill and the Store, Edited" in (out / "roles.html").read_text("utf-8")
