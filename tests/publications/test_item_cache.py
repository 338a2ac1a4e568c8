"""publications.item_cache: a list page read again takes the unchanged items from its last read."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest
from docutils import nodes

from sphinx_academic.publications import item_cache
from sphinx_academic.publications.directives import PublicationList
from sphinx_academic.publications.render import Renderer
from tests.conftest import build_app, built_files, copy_root, no_warnings

from .read_recorder import age

EDITED = "lovelace2024engine"  #: the fixture's first entry: the others come after it in refs.bib
#: Two lines more in its abstract: every later entry moves down the file.
MOVED_DOWN = ("First paragraph", "Edited first paragraph.\n\n  Another one")


@pytest.fixture
def made(monkeypatch) -> list[tuple[bool, str]]:
    """Each item made, in order: (whether its list keeps items, its entry's key)."""
    calls: list[tuple[bool, str]] = []
    make_item = Renderer.make_item

    def recording(self, entry, *args):
        calls.append((self.item_cache is not None, entry.key))
        return make_item(self, entry, *args)

    monkeypatch.setattr(Renderer, "make_item", recording)
    return calls


def kept_keys(made: list[tuple[bool, str]]) -> list[str]:
    return [key for kept, key in made if kept]


def edit(src: Path, old: str, new: str) -> None:
    bib = src / "refs.bib"
    text = bib.read_text("utf-8")
    assert old in text
    bib.write_text(text.replace(old, new), "utf-8")
    age(src)


@pytest.fixture
def placed(monkeypatch) -> list[tuple[str, str, int]]:
    """The nodes of the publication lists placed in refs.bib (the awards), as the directive made
    them (Sphinx's transforms take the translatable ones out later): (page, text, line)."""
    found: list[tuple[str, str, int]] = []
    run = PublicationList.run

    def recording(self):
        made = run(self)
        for tree in made:
            found.extend(
                (self.env.docname, node.astext(), node.line)
                for node in tree.findall(nodes.Element)
                if node.source and node.source.endswith("refs.bib")
            )
        return made

    monkeypatch.setattr(PublicationList, "run", recording)
    return found


def test_a_rebuild_makes_again_only_the_items_whose_entry_changed(make_app, tmp_path, made):
    src = copy_root("publications", tmp_path / "site")
    no_warnings(build_app(make_app, src))
    first = kept_keys(made)
    assert len(first) >= 5 and EDITED in first, "the clean build makes every item of the kept lists"
    age(src)
    made.clear()
    edit(src, "Notes on {G}-Code", "Notes on {H}-Code")
    built = build_app(make_app, src)
    no_warnings(built)
    # Each list that keeps its items and shows the entry made that one item again, no other.
    assert kept_keys(made) == [EDITED] * first.count(EDITED)
    assert "Notes on H-Code" in (Path(built.outdir) / "publications/index.html").read_text("utf-8")


def test_the_items_taken_from_the_last_read_are_the_items_made_anew(make_app, tmp_path, made, placed):
    """Every file of a rebuild whose entries moved down the file is that of a clean build of the
    same sources, and the nodes placed in the BibTeX file have the lines of a clean build."""
    src = copy_root("publications", tmp_path / "site")
    build_app(make_app, src)
    age(src)
    edit(src, *MOVED_DOWN)
    made.clear()
    placed.clear()
    rebuilt = build_app(make_app, src)
    moved = list(placed)
    no_warnings(rebuilt)
    assert kept_keys(made) == [EDITED] * len(kept_keys(made)) != [], "the other items came from the last read"
    clean_src = tmp_path / "clean"
    shutil.copytree(src, clean_src, ignore=shutil.ignore_patterns("_build"))
    placed.clear()
    clean = build_app(make_app, clean_src)
    written, expected = built_files(rebuilt.outdir), built_files(clean.outdir)
    assert "publications/index.html" in written and written.keys() == expected.keys()
    assert [name for name in written if written[name] != expected[name]] == []
    on_list_page = [node for node in placed if node[0] == "publications/index"]
    assert len(on_list_page) >= 2, "the awards are placed in refs.bib"
    assert moved == on_list_page


def test_other_settings_make_every_item_again(make_app, tmp_path, made):
    src = copy_root("publications", tmp_path / "site")
    build_app(make_app, src)
    every = kept_keys(made)
    age(src)
    made.clear()
    # The owner's names decide which author is highlighted: no item is taken as it was.
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('publications_owner_names = ["Charles Babbage"]\n')
    built = build_app(make_app, src)
    no_warnings(built)
    assert sorted(kept_keys(made)) == sorted(every)
    page = (Path(built.outdir) / "publications/index.html").read_text("utf-8")
    assert '<strong class="pub-owner">Charles Babbage</strong>' in page


def test_a_kept_item_that_does_not_load_is_made_again(make_app, tmp_path, made):
    src = copy_root("publications", tmp_path / "site")
    app = build_app(make_app, src)
    kept = item_cache.items_path(app.env, "publications/index")
    version, items = pickle.loads(kept.read_bytes())
    assert len(items) >= 5
    # Every item's bytes broken (a class renamed, a file cut short): the file still loads.
    kept.write_bytes(pickle.dumps((version, {key: (line, b"broken") for key, (line, _) in items.items()})))
    age(src)
    made.clear()
    edit(src, "Notes on {G}-Code", "Notes on {H}-Code")
    rebuilt = build_app(make_app, src)
    no_warnings(rebuilt)
    on_list_page = len(items)
    assert len(kept_keys(made)) >= on_list_page  # all of the list page's, and the edited one elsewhere
    assert "Notes on H-Code" in (Path(rebuilt.outdir) / "publications/index.html").read_text("utf-8")


def test_a_page_that_loses_its_list_or_is_removed_loses_its_kept_items(make_app, tmp_path):
    src = copy_root("publications", tmp_path / "site")
    app = build_app(make_app, src)
    on_cv, on_list_page = (item_cache.items_path(app.env, page) for page in ("cv", "publications/index"))
    assert on_cv.is_file() and on_list_page.is_file()
    age(src)
    cv = src / "cv.md"
    cv.write_text(cv.read_text("utf-8").replace("```{publication-list}\n:compact:\n```", "None yet."), "utf-8")
    (src / "publications/index.md").unlink()
    index = src / "index.md"
    index.write_text(index.read_text("utf-8").replace("publications/index\n", ""), "utf-8")
    rebuilt = build_app(make_app, src)
    no_warnings(rebuilt)
    assert "None yet." in (Path(rebuilt.outdir) / "cv.html").read_text("utf-8")
    assert {"cv", "publications/index"} & set(rebuilt.env.found_docs) == {"cv"}
    assert not on_cv.exists(), "the CV was read again with no list"
    assert not on_list_page.exists(), "the list page was removed"
