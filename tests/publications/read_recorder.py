"""A test extension that records which documents a build reads, into read.json in the
source folder (tests/publications/test_incremental.py)."""

import json
import os
from pathlib import Path


def record(app, env, docnames):
    Path(app.srcdir, "read.json").write_text(json.dumps(sorted(docnames)))


def reads(src) -> set[str]:
    """The documents the last build of ``src`` read."""
    return set(json.loads((Path(src) / "read.json").read_text()))


def age(src) -> None:
    """Make every source and output file look old, so the next build sees only new edits."""
    for root, _, files in os.walk(src):
        for name in files:
            os.utime(os.path.join(root, name), (1_000_000_000, 1_000_000_000))


def setup(app):
    app.connect("env-before-read-docs", record)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
