"""A rebuild redoes the speed steps' per-page work only where it can differ, with the output of a
clean build: the page editing pass leaves alone the pages Sphinx did not write again and whose
stylesheets, scripts and images are unchanged (build_output.edit_pages), precompression the files
whose bytes are unchanged (precompression.precompress_build). Builds a copy of
tests/roots/test-page-speed on Sphinx's basic theme with a stylesheet of its own; a parallel build (page work in forked
processes, build_output.PageShards) gives the serial build's files."""

from __future__ import annotations

import gzip
import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import brotli
import pytest

from sphinx_academic.page_speed import build_output

# Sphinx's basic theme: pydata-sphinx-theme, built twice in one process, changes the config's
# hash, and Sphinx writes every page again. The stylesheet added in setup() for the same reason
# (html_css_files reads as changed on every build).
CONF = """
html_theme = "basic"
html_theme_options = {}
html_static_path = ["_static"]


def setup(app):
    app.add_css_file("custom.css")
"""


@pytest.fixture
def site(rootdir, tmp_path) -> Path:
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-page-speed", src)
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(CONF)
    (src / "_static").mkdir()
    (src / "_static" / "custom.css").write_text("p { color: #123456 }\n.unused-here { color: red }\n", "utf-8")
    (src / "other.rst").write_text(":orphan:\n\nOther\n=====\n\nA page in no toctree.\n", "utf-8")
    return src


def build(make_app, src: Path, builddir: Path, **kwargs) -> tuple[Path, str]:
    app = make_app("html", srcdir=src, builddir=builddir, **kwargs)
    try:
        app.build()
    finally:
        app.cleanup()
    warnings = app.warning.getvalue()
    assert "WARNING" not in warnings, warnings
    return Path(app.outdir), app.status.getvalue()


def files(out: Path) -> dict[str, bytes]:
    return {path.relative_to(out).as_posix(): path.read_bytes() for path in sorted(out.rglob("*")) if path.is_file()}


def without_checksums(built: dict[str, bytes]) -> dict[str, bytes]:
    """The files (compressed copies decompressed, asserted to be their file's) without ``?v=``."""
    plain = {}
    for name, data in built.items():
        for suffix, decompress in ((".gz", gzip.decompress), (".br", brotli.decompress)):
            if name.endswith(suffix):
                assert decompress(data) == built[name.removesuffix(suffix)], name
                break
        else:
            plain[name] = re.sub(rb"\?v=[0-9a-f]{8}", b"", data)
    return plain


def left_alone(status: str) -> int:
    """How many pages the editing pass left as the last build left them (0 if it says nothing)."""
    found = re.search(r"speed: (\d+) pages edited, (\d+) as the last build left them", status)
    return int(found.group(2)) if found else 0


def test_a_rebuild_edits_only_what_changed_and_gives_a_clean_builds_files(make_app, site, tmp_path):
    build(make_app, site, tmp_path / "build")

    # One page's text changes: that page is edited again, the others are not.
    page = site / "other.rst"
    page.write_text(page.read_text("utf-8") + "\nAnother paragraph.\n", "utf-8")
    out, status = build(make_app, site, tmp_path / "build")
    assert left_alone(status) >= 1, status
    assert re.search(r"wrote \d+ precompressed copies of \d+ changed text files \([1-9]\d* unchanged\)", status)
    assert files(out) == files(build(make_app, site, tmp_path / "clean")[0])

    # Only the stylesheet changes (no page is written again): its new rule reaches every page
    # it is inlined into, and its compressed copies follow.
    (site / "_static" / "custom.css").write_text("p { color: #654321 }\n", "utf-8")
    out, status = build(make_app, site, tmp_path / "build")
    for name in ("index.html", "sub/page.html", "other.html"):
        html = (out / name).read_text("utf-8")
        assert "#654321" in html and "#123456" not in html, name
    # As a clean build, but for the stylesheet's checksum in the pages' URLs of it: Sphinx writes
    # that when it writes a page, and a stylesheet's change does not make it write the pages.
    assert without_checksums(files(out)) == without_checksums(files(build(make_app, site, tmp_path / "clean-2")[0]))


def test_a_parallel_build_does_the_page_work_in_processes_with_the_same_files(make_app, site, tmp_path, monkeypatch):
    serial, _ = build(make_app, site, tmp_path / "serial")
    started = []
    fork = build_output.PageShards.__init__

    def recorded(self, *args, **kwargs):
        fork(self, *args, **kwargs)
        started.append(len(self.processes))

    monkeypatch.setattr(build_output, "MIN_PAGES_PER_PROCESS", 1)  # two pages: two processes
    monkeypatch.setattr(build_output.PageShards, "__init__", recorded)
    parallel, _ = build(make_app, site, tmp_path / "parallel", parallel=2)
    assert started and all(count == 2 for count in started), started  # pruning's and the editing pass's
    assert files(parallel) == files(serial)


def test_a_site_of_many_pages_shares_the_page_work_among_the_cores(monkeypatch):
    monkeypatch.setattr(build_output, "usable_cores", lambda: 2)
    serial, parallel = SimpleNamespace(parallel=1), SimpleNamespace(parallel=3)
    assert build_output.page_processes(serial, 1000) == 2  # a serial build: every core
    assert build_output.page_processes(parallel, 1000) == 3  # -j 3: three
    assert build_output.page_processes(serial, 2 * build_output.MIN_PAGES_PER_PROCESS - 1) == 1
    assert build_output.page_processes(parallel, 2 * build_output.MIN_PAGES_PER_PROCESS) == 2


def test_pruning_parses_again_only_the_pages_sphinx_wrote_again(make_app, site, tmp_path, monkeypatch):
    from sphinx_academic.page_speed import css_pruning

    parsed = []
    parse = css_pruning.Page.from_html
    monkeypatch.setattr(
        css_pruning.Page, "from_html", classmethod(lambda cls, html: parsed.append(title_of(html)) or parse(html))
    )
    build(make_app, site, tmp_path / "build")
    assert {"Other", "Page"} <= set(parsed), parsed

    parsed.clear()
    page = site / "other.rst"
    page.write_text(page.read_text("utf-8") + "\nAnother paragraph.\n", "utf-8")
    out, _ = build(make_app, site, tmp_path / "build")
    assert "Other" in parsed
    assert "Page" not in parsed, parsed  # neither written again nor asked anything new
    # A selector no page has been asked about: the pages are parsed to answer it, as they are now.
    parsed.clear()
    (site / "_static" / "custom.css").write_text("p { color: #123456 }\ndiv.body > section > p { margin: 0 }\n")
    out, _ = build(make_app, site, tmp_path / "build")
    assert parsed and set(parsed) <= {"Home", "Page", "Other"}, parsed  # (the first that matches answers it)
    assert "div.body>section>p" in (out / "sub/page.html").read_text("utf-8")
    assert without_checksums(files(out)) == without_checksums(files(build(make_app, site, tmp_path / "clean")[0]))


def title_of(html: str | bytes) -> str:
    found = re.search(r"<h1>(.*?)<", html.decode("utf-8") if isinstance(html, bytes) else html)
    return found.group(1) if found else ""


def test_a_rebuild_with_the_same_css_and_names_writes_the_last_pruned_css(make_app, site, tmp_path, monkeypatch):
    from sphinx_academic.page_speed import css_pruning

    calls = []
    prune = css_pruning.prune_stylesheets
    monkeypatch.setattr(css_pruning, "prune_stylesheets", lambda *args: calls.append(1) or prune(*args))
    build(make_app, site, tmp_path / "build")
    assert len(calls) == 2  # once to find the questions, once with the answers

    calls.clear()
    page = site / "other.rst"
    page.write_text(page.read_text("utf-8") + "\nAnother paragraph.\n", "utf-8")  # no new name
    out, _ = build(make_app, site, tmp_path / "build")
    assert calls == []
    assert files(out) == files(build(make_app, site, tmp_path / "clean")[0])

    calls.clear()
    page.write_text(page.read_text("utf-8") + "\n.. rubric:: A new class\n", "utf-8")  # a new name
    out, _ = build(make_app, site, tmp_path / "build")
    assert calls == [1, 1]
    assert files(out) == files(build(make_app, site, tmp_path / "clean-2")[0])


def test_a_rebuild_reads_no_page_that_nothing_wrote_again(make_app, site, tmp_path, monkeypatch):
    """Pruning, the editing pass and precompression take a page's digest from its size and time
    when it was hashed before (build_output.KnownDigests): a page that neither Sphinx nor a step
    wrote again is not read at all; the digests kept are those of the files as they are."""
    import json
    from collections import Counter

    out, _ = build(make_app, site, tmp_path / "build")
    times = {page.name: page.stat().st_mtime_ns for page in out.rglob("*.html")}
    reads: Counter[str] = Counter()
    read_bytes = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda path: reads.update([path.name]) or read_bytes(path))
    page = site / "other.rst"
    page.write_text(page.read_text("utf-8") + "\nAnother paragraph.\n", "utf-8")
    out, _ = build(make_app, site, tmp_path / "build")
    monkeypatch.undo()
    untouched = [page.name for page in out.rglob("*.html") if page.stat().st_mtime_ns == times[page.name]]
    assert untouched and reads["other.html"] >= 1, (untouched, reads)
    # The page written again: read for its digest and to parse it (pruning), to edit it, to
    # compress it; what the editing pass wrote is known by the digest it noted.
    assert reads["other.html"] <= 4, reads
    assert [name for name in untouched if reads[name]] == [], reads
    kept = json.loads((tmp_path / "build/doctrees" / build_output.KnownDigests.FILE).read_text("utf-8"))["entries"]
    for relative, (size, _, digest) in kept.items():
        assert (size, digest) == (
            len((out / relative).read_bytes()),
            build_output.text_digest((out / relative).read_bytes()),
        )
    assert "other.html" in kept
    assert files(out) == files(build(make_app, site, tmp_path / "clean")[0])


def test_a_file_rewritten_in_the_same_clock_tick_is_hashed_anew_once_noted(tmp_path, monkeypatch):
    app = SimpleNamespace(outdir=str(tmp_path / "out"), doctreedir=str(tmp_path / "doctrees"))
    page = Path(app.outdir, "page.html")
    page.parent.mkdir()
    page.write_bytes(b"<p>one</p>")
    known = build_output.KnownDigests(app)
    first = known.digest(page)
    stamp = page.stat().st_mtime_ns
    page.write_bytes(b"<p>two</p>")  # the same size, and (as a coarse clock gives it) the same time
    import os

    os.utime(page, ns=(stamp, stamp))
    assert known.digest(page) == first  # taken for the file as it was: hence note()
    known.note(page, build_output.text_digest(b"<p>two</p>"))
    assert known.digest(page) == build_output.text_digest(b"<p>two</p>") != first
    known.save()
    again = build_output.KnownDigests(app)  # the next build's
    assert again.digest(page) == build_output.text_digest(b"<p>two</p>")
    page.write_bytes(b"<p>three</p>")
    assert again.digest(page) == build_output.text_digest(b"<p>three</p>")  # another size: read
