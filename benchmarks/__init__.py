"""The site's benchmarks (``make bench``): each module writes ``results/<name>.md`` and ``.json``."""

from __future__ import annotations

import json
import resource
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"
ROOT = Path(__file__).resolve().parent.parent


def timed(command: list[str]) -> tuple[float, float]:
    """Run ``command`` in the site's folder; its wall-clock and CPU (user + system, its processes' too) seconds."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def alternating_builds(
    builds: dict[str, Callable[[], tuple[float, float]]], repeats: int
) -> dict[str, list[tuple[float, float]]]:
    """Each of two builds ``repeats`` times, back to back in pairs, in turn which one first:
    {name: [(wall, CPU seconds), ...]}. On a shared machine the same build can take a third longer
    from one minute to the next; the figure to compare is the median of the pairs' ratios."""
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in builds}
    for index in range(repeats):
        for name in sorted(builds, reverse=index % 2 == 1):
            runs[name].append(builds[name]())
            print(f"  {name:9} {runs[name][-1][0]:.2f} s wall, {runs[name][-1][1]:.2f} s CPU", flush=True)
    return runs


def save_results(name: str, result: dict, text: str) -> None:
    """Write a benchmark's figures (JSON) and its report (Markdown), and print the report."""
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps(result, indent=1) + "\n", "utf-8")
    (RESULTS / f"{name}.md").write_text(text, "utf-8")
    print(text)
