"""benchmarks/publications.py: its generated bibliography is valid, deterministic and realistic."""

from __future__ import annotations

from benchmarks.publications import generate_bib, make_baseline
from sphinx_academic.publications.bibliography import load
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
