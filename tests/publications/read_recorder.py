"""A test extension that records which documents a build reads, into read.json in the
source folder (tests/publications/test_incremental.py)."""

import json
from pathlib import Path


def record(app, env, docnames):
    Path(app.srcdir, "read.json").write_text(json.dumps(sorted(docnames)))


def setup(app):
    app.connect("env-before-read-docs", record)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
