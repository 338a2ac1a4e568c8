"""`make inventories` (tools/refresh-inventories): each snapshot is replaced by the project's
current inventory, with what appeared and went listed; a project that cannot be reached or does
not answer with an inventory keeps its snapshot and fails the run. Served here on loopback: the
tests never reach the network."""

from __future__ import annotations

import http.server
import os
import subprocess
import sys
import threading
import zlib
from pathlib import Path

import pytest

from tests.conftest import ROOT

TOOL = ROOT / "tools" / "refresh-inventories"


def inventory(*documents: str) -> bytes:
    """A Sphinx (version 2) objects.inv holding these documents."""
    header = b"# Sphinx inventory version 2\n# Project: Demo\n# Version: 1\n"
    header += b"# The remainder of this file is compressed using zlib.\n"
    lines = "".join(f"{name} std:doc -1 {name}.html {name.title()}\n" for name in documents)
    return header + zlib.compress(lines.encode("utf-8"))


@pytest.fixture
def served():
    """A loopback HTTP server: {path: bytes} to serve (others are 404), and its base URL."""
    files: dict[str, bytes] = {}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = files.get(self.path)
            self.send_response(200 if body is not None else 404)
            self.end_headers()
            self.wfile.write(body or b"not here")

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield files, f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


def project(tmp_path: Path, base: str, snapshots: dict[str, bytes]) -> Path:
    """A conf.py mapping each project to ``base/<name>/`` and its snapshot in _inventories/."""
    mapping = {name: (f"{base}/{name}/", f"_inventories/{name}.inv") for name in snapshots}
    (tmp_path / "conf.py").write_text(f"intersphinx_mapping = {mapping!r}\n", "utf-8")
    (tmp_path / "_inventories").mkdir()
    for name, data in snapshots.items():
        (tmp_path / "_inventories" / f"{name}.inv").write_bytes(data)
    return tmp_path


def refresh(root: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_PROXY": "127.0.0.1", "no_proxy": "127.0.0.1"}
    return subprocess.run([sys.executable, str(TOOL), str(root)], capture_output=True, text=True, env=env, timeout=60)


def test_a_snapshot_is_replaced_by_the_current_inventory_and_the_changes_are_listed(served, tmp_path):
    files, base = served
    old, new = inventory("intro", "design/mooncake-store"), inventory("intro", "design/store/mooncake-store")
    files["/docs/objects.inv"] = new
    root = project(tmp_path, base, {"docs": old})
    result = refresh(root)
    assert result.returncode == 0, result.stderr
    assert (root / "_inventories/docs.inv").read_bytes() == new
    assert f"docs: _inventories/docs.inv from {base}/docs/objects.inv: 2 entries, 1 new, 1 gone" in result.stdout
    assert "  gone: std:doc design/mooncake-store" in result.stdout


def test_a_project_that_does_not_answer_with_an_inventory_keeps_its_snapshot(served, tmp_path):
    files, base = served
    files["/broken/objects.inv"] = b"<html>a page, not an inventory</html>"
    files["/good/objects.inv"] = inventory("index", "usage")
    snapshots = {"broken": inventory("index"), "gone": inventory("index"), "good": inventory("index")}
    root = project(tmp_path, base, snapshots)
    result = refresh(root)
    assert result.returncode == 1
    # Every project is tried: the two that failed are named, and the good one is refreshed.
    assert [line.split(":")[0] for line in result.stderr.splitlines()] == ["broken", "gone"]
    assert "cannot refresh from" in result.stderr
    for name in ("broken", "gone"):
        assert (root / f"_inventories/{name}.inv").read_bytes() == snapshots[name]
    assert (root / "_inventories/good.inv").read_bytes() == files["/good/objects.inv"]
