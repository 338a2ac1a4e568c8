"""sphinx_academic.stale_output: an incremental build after a page or a paper is removed leaves
exactly the output of a clean build, file for file and byte for byte."""

from __future__ import annotations

import filecmp
import re
import shutil
from pathlib import Path

import pytest


def output_files(out: Path) -> set[str]:
    """The published files: Sphinx's own bookkeeping (.doctrees, .buildinfo) aside."""
    return {
        p.relative_to(out).as_posix()
        for p in out.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(out).parts)
    }


def build(make_app, builder: str, src: Path, builddir: Path) -> tuple[Path, str]:
    """One build, its global registrations undone after it, so that the next one starts clean."""
    app = make_app(builder, srcdir=src, builddir=builddir)
    try:
        app.build()
    finally:
        app.cleanup()
    return Path(app.outdir), app.warning.getvalue()


def remove_extra_page_and_a_paper(src: Path) -> None:
    (src / "extra.md").unlink()
    (src / "index.md").write_text((src / "index.md").read_text("utf-8").replace("extra\n", ""), "utf-8")
    notes = src / "notes.md"
    notes.write_text(notes.read_text("utf-8").replace("; more in [the extra page](extra.md)", ""), "utf-8")
    bib = src / "refs.bib"
    bib.write_text(re.sub(r"@misc\{babbage2022table,.*?\n\}\n", "", bib.read_text("utf-8"), flags=re.S), "utf-8")


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_incremental_build_after_removals_equals_a_clean_build(builder, make_app, rootdir, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1704067200")  # the same footer year in both builds
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-site", src)
    first, _ = build(make_app, builder, src, tmp_path / "incremental")
    before = output_files(first)

    remove_extra_page_and_a_paper(src)
    a, warnings = build(make_app, builder, src, tmp_path / "incremental")
    assert "WARNING" not in warnings, warnings
    clean_src = tmp_path / "clean-src"
    shutil.copytree(src, clean_src, ignore=shutil.ignore_patterns("_build"))
    for stub in (clean_src / "publications").glob("*.rst"):
        stub.unlink()  # as a fresh clone has them: none
    b, warnings = build(make_app, builder, clean_src, tmp_path / "clean")
    assert "WARNING" not in warnings, warnings
    files_a, files_b = output_files(a), output_files(b)
    assert files_a == files_b, f"only after the incremental build: {sorted(files_a - files_b)}"
    assert any("extra" in name for name in before) and not any("extra" in name for name in files_a)
    assert not any("babbage2022table" in name for name in files_a)
    differing = [name for name in sorted(files_a) if not filecmp.cmp(a / name, b / name, shallow=False)]
    assert not differing, f"files differ from a clean build: {differing}"
    assert len(files_a) > 20
