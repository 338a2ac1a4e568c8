"""sphinx_academic.garbage_collection: what the build keeps is out of the collector's way while it
runs, and given back when it ends."""

from __future__ import annotations

import gc
import subprocess
import sys

from sphinx_academic import garbage_collection
from sphinx_academic.garbage_collection import BUILD_THRESHOLDS
from tests.conftest import build_app, copy_root, no_warnings

RECORDER = """
import gc


def setup(app):
    seen = app.config._raw_config.setdefault("frozen_seen", {})

    def reading(app, env, docnames):
        seen.setdefault("reading", gc.get_freeze_count())
        seen.setdefault("collecting", gc.isenabled())
        seen.setdefault("thresholds", gc.get_threshold())

    def writing(app, pagename, templatename, context, doctree):
        seen.setdefault("writing", gc.get_freeze_count())

    app.connect("env-before-read-docs", reading)
    app.connect("html-page-context", writing)
"""


def test_the_state_is_frozen_while_the_build_runs_and_unfrozen_after(make_app, tmp_path):
    src = copy_root("page-speed", tmp_path / "src", {"frozen_recorder.py": RECORDER})
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(
            "import sys, os\nsys.path.insert(0, os.path.dirname(__file__))\n"
            'extensions += ["frozen_recorder", "sphinx_academic.garbage_collection"]\n'
        )
    gc.unfreeze()
    before = gc.get_threshold()
    app = build_app(make_app, src)
    no_warnings(app)
    seen = app.config._raw_config["frozen_seen"]
    assert seen["reading"] > 10_000  # the environment and the extensions' state, loaded
    assert seen["collecting"] and gc.isenabled()  # paused only while the environment loads
    assert seen["writing"] > seen["reading"]  # and what reading made, once read
    assert gc.get_freeze_count() == 0  # given back: a test suite's builds are freed as before
    assert seen["thresholds"] == BUILD_THRESHOLDS != before  # fewer collections while it runs
    assert gc.get_threshold() == before  # and the process's own after


EXIT_PROBE = """
import gc, sys
from sphinx_academic import garbage_collection


class Cycle:
    def __del__(self):
        print("collected at exit", flush=True)


probe = Cycle()
probe.me = probe  # freed only by the collector
del probe
gc.disable()  # so that only the collection at shutdown could free it
if sys.argv[1] == "extension":
    garbage_collection.at_exit_skip_collection()
    garbage_collection.at_exit_skip_collection()  # once per process
"""


def test_a_process_that_built_does_not_collect_its_garbage_as_it_exits():
    """Python's last collection walks the whole heap of the build, to free what the operating
    system reclaims anyway; the process skips it (and without the extension it does run)."""

    def exit_output(mode: str) -> str:
        result = subprocess.run([sys.executable, "-c", EXIT_PROBE, mode], capture_output=True, text=True, check=True)
        return result.stdout

    assert exit_output("plain") == "collected at exit\n"
    assert exit_output("extension") == ""


def test_a_full_collection_runs_before_freezing_only_after_reading_many_documents(monkeypatch):
    """A clean build's parses are garbage to collect; a rebuild that read a few made little,
    and the collection would walk everything made since the environment was loaded."""
    from types import SimpleNamespace

    collections = []
    monkeypatch.setattr(gc, "collect", lambda *args: collections.append(args) or 0)
    app = SimpleNamespace()
    try:
        for read, collected in (
            (garbage_collection.COLLECT_AFTER - 1, 0),
            (garbage_collection.COLLECT_AFTER, 1),
            (3, 1),
        ):
            garbage_collection.count_reading(app, None, ["doc"] * read)
            assert garbage_collection.freeze_read_state(app, None) == []
            assert len(collections) == collected, read
        garbage_collection.freeze_read_state(app, None)  # reading not seen: collected, to be safe
        assert len(collections) == 2
    finally:
        gc.unfreeze()
