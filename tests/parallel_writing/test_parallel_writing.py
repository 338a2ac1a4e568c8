"""sphinx_academic.parallel_writing: a serial build of a large site writes its pages in forked
processes, one per core, with the files a build writing them all in its own process makes."""

from __future__ import annotations

import os
from pathlib import Path
from types import SimpleNamespace

import pytest

from sphinx_academic import parallel_writing
from tests.conftest import build_app, built_files, copy_root, no_warnings

# Records which process wrote each page (forks append to the same file).
RECORDER = """
import os


def setup(app):
    def written(app, pagename, templatename, context, doctree):
        with open(app.config.writers_file, "a", encoding="utf-8") as record:
            record.write(f"{pagename} {os.getpid()}\\n")

    app.add_config_value("writers_file", "", "")
    app.connect("html-page-context", written)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
"""


def build(make_app, tmp_path: Path, name: str, **overrides) -> tuple[dict[str, bytes], dict[str, list[int]]]:
    src = copy_root("site", tmp_path / f"src-{name}", {"writers_recorder.py": RECORDER})
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(
            "import sys, os\nsys.path.insert(0, os.path.dirname(__file__))\n"
            'extensions += ["sphinx_academic.page_speed", "sphinx_academic.parallel_writing", "writers_recorder"]\n'
        )
    writers = tmp_path / f"writers-{name}.txt"
    app = build_app(
        make_app, src, builddir=tmp_path / f"build-{name}", confoverrides={"writers_file": str(writers), **overrides}
    )
    no_warnings(app)
    out = Path(app.outdir)
    files = built_files(out)
    by_page: dict[str, list[int]] = {}
    for line in writers.read_text("utf-8").splitlines():
        page, pid = line.rsplit(" ", 1)
        by_page.setdefault(page, []).append(int(pid))
    return files, by_page


def test_the_pages_are_written_in_forks_with_the_files_of_a_serial_build(make_app, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    monkeypatch.setattr(parallel_writing, "MIN_DOCUMENTS", 1)  # the fixture's few pages count as many
    monkeypatch.setattr(parallel_writing, "usable_cores", lambda: 2)
    serial, serial_writers = build(make_app, tmp_path, "serial", parallel_writing=False)
    parallel, parallel_writers = build(make_app, tmp_path, "parallel")

    assert set(parallel_writers) == set(serial_writers) and len(serial_writers) > 3
    assert {pid for pids in serial_writers.values() for pid in pids} == {os.getpid()}
    assert all(len(pids) == 1 for pids in parallel_writers.values())  # each page written once
    forks = {pids[0] for pids in parallel_writers.values()} - {os.getpid()}
    # Sphinx writes the first page itself (it warms the templates' caches), forks the rest.
    assert len(forks) >= 2 and sum(pids[0] != os.getpid() for pids in parallel_writers.values()) >= 3
    assert parallel.keys() == serial.keys()
    assert [name for name in serial if parallel[name] != serial[name]] == []


def app_with(parallel: int = 1, safe: bool = True, enabled: bool = True) -> SimpleNamespace:
    extensions = {"a": SimpleNamespace(parallel_write_safe=True), "b": SimpleNamespace(parallel_write_safe=safe)}
    return SimpleNamespace(parallel=parallel, extensions=extensions, config=SimpleNamespace(parallel_writing=enabled))


@pytest.mark.parametrize(
    ("app", "documents", "cores", "processes"),
    [
        (app_with(), 1000, 2, 2),  # a large site on two cores: two writers
        (app_with(), 1000, 4, 4),
        (app_with(), parallel_writing.MIN_DOCUMENTS - 1, 2, 0),  # few pages: written here
        (app_with(), 1000, 1, 0),  # one core: nothing to gain
        (app_with(parallel=2), 1000, 2, 0),  # -j 2: Sphinx's own parallel build
        (app_with(safe=False), 1000, 2, 0),  # an extension not safe for it
        (app_with(safe=None), 1000, 2, 0),  # or that does not say
        (app_with(enabled=False), 1000, 2, 0),  # parallel_writing = False
    ],
)
def test_who_writes_the_pages(monkeypatch, app, documents, cores, processes):
    monkeypatch.setattr(parallel_writing, "usable_cores", lambda: cores)
    assert parallel_writing.writing_processes(app, documents) == processes
