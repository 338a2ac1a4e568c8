"""The build is hermetic (it succeeds with no network at all) and reproducible (two
clean builds with the same SOURCE_DATE_EPOCH give byte-identical files).

Two full builds are slow on a small machine, so they run once per session and the
one in the network namespace doubles as the first of the two compared builds."""

from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT

# 2024-01-01, a year that is not this one, so a year taken from the clock shows.
EPOCH = 1704067200
EPOCH_YEAR = time.gmtime(EPOCH).tm_year
IN_CI = os.environ.get("CI", "").lower() == "true"
NO_NETWORK = ["unshare", "--net"]  # a new network namespace: only a downed loopback
PROBE = "import socket; socket.create_connection(('1.1.1.1', 443), timeout=3)"


def build_command(out: Path) -> list[str]:
    # The Makefile's flags: nitpicky, warnings are errors.
    return [
        sys.executable,
        "-m",
        "sphinx",
        "-W",
        "--keep-going",
        "-n",
        "-q",
        "-b",
        "html",
        "-d",
        str(out / "doctrees"),
        str(ROOT),
        str(out / "html"),
    ]


def can_isolate_network() -> str | None:
    """Why the build cannot be run in a network namespace here, or None when it can."""
    if os.geteuid() != 0:
        return "needs root to create a network namespace (unshare --net)"
    if not shutil.which("unshare"):
        return "unshare (util-linux) is missing"
    return None


def run_build(out: Path, *, isolated: bool) -> subprocess.CompletedProcess:
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(EPOCH)}
    env.pop("READTHEDOCS_CANONICAL_URL", None)
    command = (NO_NETWORK if isolated else []) + build_command(out)
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)


@pytest.fixture(scope="session")
def clean_builds(tmp_path_factory):
    """(isolated, reason it could not be, first build, second build)."""
    reason = can_isolate_network()
    if reason and IN_CI:
        pytest.fail(f"the hermetic build check cannot run in CI: {reason}")
    first, second = tmp_path_factory.mktemp("build-a"), tmp_path_factory.mktemp("build-b")
    runs = (run_build(first, isolated=reason is None), run_build(second, isolated=False))
    return reason, runs, first / "html", second / "html"


def test_network_namespace_really_has_no_network():
    reason = can_isolate_network()
    if reason:
        pytest.fail(reason) if IN_CI else pytest.skip(reason)
    probe = subprocess.run([*NO_NETWORK, sys.executable, "-c", PROBE], capture_output=True, text=True, check=False)
    assert probe.returncode != 0, "a connection succeeded inside `unshare --net`: the hermetic check proves nothing"


def test_build_succeeds_without_network(clean_builds):
    reason, (isolated_run, _), _, _ = clean_builds
    if reason:
        pytest.skip(reason)
    assert isolated_run.returncode == 0, (
        f"the build failed with no network (exit {isolated_run.returncode}):\n{isolated_run.stderr[-4000:]}"
    )


def files_under(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def first_difference(a: Path, b: Path) -> str:
    left, right = a.read_bytes(), b.read_bytes()
    at = next((i for i, (x, y) in enumerate(zip(left, right, strict=False)) if x != y), min(len(left), len(right)))
    return f"at byte {at}: {left[max(0, at - 40) : at + 60]!r} vs {right[max(0, at - 40) : at + 60]!r}"


def test_two_clean_builds_are_byte_identical(clean_builds):
    _, runs, first, second = clean_builds
    for run in runs:
        assert run.returncode == 0, f"a clean build failed (exit {run.returncode}):\n{run.stderr[-4000:]}"
    names_a, names_b = files_under(first), files_under(second)
    assert names_a == names_b, f"the builds made different files: only in one {sorted(names_a ^ names_b)}"
    differing = [n for n in sorted(names_a) if not filecmp.cmp(first / n, second / n, shallow=False)]
    assert not differing, "files differ between two clean builds:\n  " + "\n  ".join(
        f"{n} {first_difference(first / n, second / n)}" for n in differing
    )


def test_clean_nitpicky_builds_report_no_warnings(clean_builds):
    """-W turns a warning into a failure; this also catches anything else printed to stderr."""
    _, runs, _, _ = clean_builds
    for run in runs:
        assert run.returncode == 0 and not run.stderr.strip(), f"the build reported:\n{run.stderr[-4000:]}"


def test_source_date_epoch_sets_the_footer_year(clean_builds):
    _, runs, first, _ = clean_builds
    assert runs[0].returncode == 0, f"the build failed:\n{runs[0].stderr[-4000:]}"
    footer = (first / "index.html").read_text("utf-8")
    assert f"{EPOCH_YEAR}, Ruoyu Qin" in footer, (
        f"index.html built with SOURCE_DATE_EPOCH={EPOCH}: the copyright does not show {EPOCH_YEAR}"
    )
