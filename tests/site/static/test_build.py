"""The build is hermetic (it succeeds with no network at all), reproducible (two clean
builds with the same SOURCE_DATE_EPOCH give byte-identical files) and safe in parallel (a
`-j 2` build, which reads and writes in forked processes, gives the serial build's files).

Full builds cost time on a small machine, so two run once per session: the serial one in
the network namespace, and a `-j 2` one. Identical files prove both reproducibility and
parallel safety; only when they differ does a third, serial build tell which one broke."""

from __future__ import annotations

import filecmp
import os
import re
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


def build_command(out: Path, options: list[str]) -> list[str]:
    # The Makefile's flags: nitpicky, warnings are errors.
    return [
        sys.executable,
        "-m",
        "sphinx",
        "--no-color",
        "-W",
        "--keep-going",
        "-n",
        *options,
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


# Serial builds are quiet; the parallel one prints its progress, which shows the chunks of
# documents that the forked processes read and write.
SERIAL, PARALLEL = ["-q"], ["-j", "2"]


def run_build(out: Path, *, isolated: bool, options: list[str] = SERIAL) -> subprocess.CompletedProcess:
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(EPOCH)}
    env.pop("READTHEDOCS_CANONICAL_URL", None)
    command = (NO_NETWORK if isolated else []) + build_command(out, options)
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)


@pytest.fixture(scope="session")
def clean_builds(tmp_path_factory):
    """(reason the build cannot be isolated or None, the two runs, serial output, -j 2 output)."""
    reason = can_isolate_network()
    if reason and IN_CI:
        pytest.fail(f"the hermetic build check cannot run in CI: {reason}")
    first, second = tmp_path_factory.mktemp("build-a"), tmp_path_factory.mktemp("build-b")
    runs = (run_build(first, isolated=reason is None), run_build(second, isolated=False, options=PARALLEL))
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


def differences(a: Path, b: Path, labels: tuple[str, str]) -> dict[str, str]:
    """The files two builds do not share, or that differ: name -> how."""
    names_a, names_b = files_under(a), files_under(b)
    found = dict.fromkeys(names_a - names_b, f"only in the {labels[0]} build")
    found |= dict.fromkeys(names_b - names_a, f"only in the {labels[1]} build")
    for n in sorted(names_a & names_b):
        if not filecmp.cmp(a / n, b / n, shallow=False):
            binary = n.endswith((".gz", ".br", ".png", ".woff2"))
            found[n] = "the bytes differ" if binary else first_difference(a / n, b / n)
    return found


@pytest.fixture(scope="session")
def broken(clean_builds, tmp_path_factory) -> dict[str, dict[str, str]]:
    """The files that differ, by the property that broke: "reproducible" (two serial clean
    builds differ) and "parallel" (the -j 2 build differs where serial builds agree)."""
    _, runs, serial, parallel = clean_builds
    for run in runs:
        assert run.returncode == 0, f"a clean build failed (exit {run.returncode}):\n{run.stderr[-4000:]}"
    built = files_under(serial)
    assert len(built) > 50 and "index.html" in built, f"the serial build wrote only {len(built)} files"
    differing = differences(serial, parallel, ("serial", "-j 2"))
    if not differing:
        return {"reproducible": {}, "parallel": {}}
    # Only on failure: a second serial build tells a non-reproducible build from a parallel bug.
    third = tmp_path_factory.mktemp("build-c")
    run = run_build(third, isolated=False)
    assert run.returncode == 0, f"a clean build failed (exit {run.returncode}):\n{run.stderr[-4000:]}"
    unreproducible = differences(serial, third / "html", ("first serial", "second serial"))
    return {
        "reproducible": unreproducible,
        "parallel": {n: how for n, how in differing.items() if n not in unreproducible},
    }


def listing(found: dict[str, str]) -> str:
    return "\n  ".join(f"{name}: {how}" for name, how in sorted(found.items()))


def test_two_clean_builds_are_byte_identical(broken):
    assert not broken["reproducible"], (
        "the build is not reproducible: two serial clean builds with the same SOURCE_DATE_EPOCH differ:\n  "
        + listing(broken["reproducible"])
    )


def test_parallel_build_gives_the_serial_output(broken):
    assert not broken["parallel"], (
        "parallel builds are not safe: `sphinx-build -j 2` gives other files than a serial build, which "
        "two serial builds agree on (an extension declares parallel_read_safe/parallel_write_safe but "
        "loses or reorders state across processes):\n  " + listing(broken["parallel"])
    )


# Sphinx 9 reads and writes in forked processes only when -j > 1, the platform forks, every
# extension declares parallel_read_safe/parallel_write_safe (Sphinx.is_parallel_allowed; an
# undeclared or unsafe one is a warning, so an error under -W) and the builder allows it (html
# does). Its progress then names chunks of documents ("a .. b"), where a serial build names one.
CHUNK = r"\[\s*\d+%\] \S+ \.\. \S+$"


def test_parallel_build_reads_and_writes_in_parallel(clean_builds):
    _, (_, parallel_run), _, _ = clean_builds
    assert parallel_run.returncode == 0, f"the -j 2 build failed:\n{parallel_run.stderr[-4000:]}"
    progress = re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", parallel_run.stdout)  # in case colour is forced
    for phase in ("reading sources", "writing output"):
        assert re.search(rf"^{phase}\.\.\. {CHUNK}", progress, flags=re.MULTILINE), (
            f"the -j 2 build did not run '{phase}' in parallel processes:\n{parallel_run.stdout[-3000:]}"
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
