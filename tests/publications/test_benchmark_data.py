"""benchmarks/publications.py: its generated bibliography is valid, deterministic and realistic."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

from benchmarks.publications import cache_bytecode, generate_bib, make_baseline, set_aside_build
from sphinx_academic.publications.bibliography import load
from sphinx_academic.publications.pages import stub_text
from tests.conftest import ROOT


def test_generated_bibliography_is_deterministic_and_valid(tmp_path):
    real = (ROOT / "refs.bib").read_text("utf-8")
    text = generate_bib(200, 7, real)
    assert text == generate_bib(200, 7, real)
    assert text != generate_bib(200, 8, real)
    path = tmp_path / "refs.bib"
    path.write_text(text, "utf-8")
    bib = load(path, "refs.bib")
    assert len(bib.entries) == 200
    assert "qin2025mooncake" in bib.entries  # the site's pages cite it
    entries = list(bib.entries.values())
    assert max(len(e.authors) for e in entries) >= 10
    assert {e.category for e in entries} == {"conference", "journal", "other", "preprint"}
    assert sum(bool(e.abstract) for e in entries) == 200


def test_baseline_swaps_the_directives(tmp_path):
    (tmp_path / "publications").mkdir()
    (tmp_path / "conf.py").write_text(
        'extensions = ["sphinx_academic.publications"]\npublications_bibfile = "refs.bib"\n'
    )
    (tmp_path / "publications/index.md").write_text("# P\n\n```{publication-list}\n```\n")
    (tmp_path / "index.md").write_text("# H\n\n```{selected-publications}\n```\n\nText.\n")
    (tmp_path / "cv.md").write_text("# CV\n\n```{publication-list}\n:compact:\n```\n")
    make_baseline(tmp_path)
    assert (tmp_path / "publications/index.md").read_text() == "# P\n\n```{bibliography}\n:all:\n```\n"
    assert (tmp_path / "index.md").read_text() == "# H\n\n\nText.\n"
    assert (tmp_path / "cv.md").read_text() == "# CV\n\n"
    namespace: dict = {}
    exec((tmp_path / "conf.py").read_text(), namespace)
    assert namespace["extensions"] == ["sphinxcontrib.bibtex"]
    assert namespace["bibtex_bibfiles"] == ["refs.bib"]
    assert (namespace["bibtex_default_style"], namespace["bibtex_reference_style"]) == ("alpha", "label")


def test_a_clean_build_starts_with_the_last_build_set_aside_not_deleted(tmp_path):
    site = tmp_path / "site"
    (site / "_build/html").mkdir(parents=True)
    (site / "_build/html/index.html").write_text("<p>last build</p>")
    (site / "publications").mkdir()
    (site / "publications/a2025.rst").write_text(stub_text("a2025", "d1", "refs.bib"))
    (site / "publications/index.md").write_text("# Publications\n")  # the owner's page, not a stub
    set_aside_build(site)
    set_aside_build(site)  # nothing left to move: a second clean build starts all the same
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*")) == ["publications", "publications/index.md"]
    (aside,) = tmp_path.glob("set-aside-*")  # one: the second call had nothing to move
    assert sorted(p.relative_to(aside).as_posix() for p in aside.rglob("*") if p.is_file()) == [
        "_build/html/index.html",
        "a2025.rst",
    ]


def test_the_engine_is_imported_from_cached_bytecode_even_where_python_writes_none(tmp_path, monkeypatch):
    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
    package = tmp_path / "engine"
    (package / "sub").mkdir(parents=True)
    for module in (package / "__init__.py", package / "sub/step.py"):
        module.write_text("VALUE = 1\n")
    cache_bytecode(package)
    for module in (package / "__init__.py", package / "sub/step.py"):
        cached = importlib.util.cache_from_source(str(module))
        assert os.path.exists(cached), cached
        # Checked by the source's time, as imports write it (not by a hash of the source).
        assert int.from_bytes(Path(cached).read_bytes()[4:8], "little") == 0
