"""Languages benchmark: what the Chinese site costs, as `make html` builds both languages.

Run by ``make bench``. In one run it makes clean builds in pairs: ``make html`` as the owner
runs it (English and Chinese, side by side, into ``<dir>/html`` and ``<dir>/html/zh``) and the
English build alone with the same flags (the baseline), the two builds of a pair back to back
and in turn which one first, all with the same ``SOURCE_DATE_EPOCH``. It reports the median of
the pairs' ratios, wall-clock and CPU seconds. Goal: both languages cost at most 2.2 times one
(wall clock: what the owner waits for).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
from datetime import UTC, datetime
from pathlib import Path

from benchmarks import ROOT, alternating_builds, save_results, timed

from .lighthouse import WORK

GOAL_RATIO = 2.2
SOURCE_DATE_EPOCH = "1740441600"
FLAGS = ["-W", "--keep-going", "-n", "-q", "-b", "html"]  # the Makefile's, quiet


def english_only(folder: Path) -> tuple[float, float]:
    shutil.rmtree(folder, ignore_errors=True)
    return timed([sys.executable, "-m", "sphinx", *FLAGS, str(ROOT), str(folder / "html")])


def both_languages(folder: Path) -> tuple[float, float]:
    shutil.rmtree(folder, ignore_errors=True)
    return timed(["make", "-s", "html", f"BUILD={folder}", f"VENV={Path(sys.executable).parents[1]}"])


def run(pairs: int) -> dict:
    builds = {
        "both": lambda: both_languages(WORK / "languages-both"),
        "english": lambda: english_only(WORK / "languages-en"),
    }
    times = alternating_builds(builds, pairs)
    chinese_home = WORK / "languages-both" / "html" / "zh" / "index.html"
    assert chinese_home.is_file(), "make html built no Chinese site"
    assert not (WORK / "languages-en" / "html" / "zh").exists(), "the baseline built the Chinese site"
    pairs_ = list(zip(times["both"], times["english"], strict=True))
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "pairs": pairs,
        "cpus": os.cpu_count(),
        "builds": {name: {"wall": [w for w, _ in t], "cpu": [c for _, c in t]} for name, t in times.items()},
        "median_ratio": {
            "wall": statistics.median(a[0] / b[0] for a, b in pairs_),
            "cpu": statistics.median(a[1] / b[1] for a, b in pairs_),
        },
    }


def markdown(result: dict) -> str:
    ratio = result["median_ratio"]
    rows = [
        f"| {name} | {', '.join(f'{v:.2f}' for v in b['wall'])} | {statistics.median(b['wall']):.2f} "
        f"| {', '.join(f'{v:.2f}' for v in b['cpu'])} | {statistics.median(b['cpu']):.2f} |"
        for name, b in result["builds"].items()
    ]
    met = "met" if ratio["wall"] <= GOAL_RATIO else "missed"
    return "\n".join(
        [
            "# Languages benchmark",
            "",
            f"{result['date']}, {result['cpus']} CPUs: {result['pairs']} pairs of clean builds, `make html` (English "
            "and Chinese side by side) and the English build alone with the Makefile's flags, back to back, in "
            "turn which one first; SOURCE_DATE_EPOCH fixed.",
            "",
            "| build | wall runs (s) | median wall (s) | CPU runs (s) | median CPU (s) |",
            "|---|---|---|---|---|",
            *rows,
            "",
            f"Both languages cost {ratio['wall']:.2f}× one in wall-clock time and {ratio['cpu']:.2f}× in CPU time "
            f"(median of the pairs' ratios). Goal: at most {GOAL_RATIO}× wall ({met}).",
            "",
        ]
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pairs", type=int, default=3, help="pairs of clean builds (both languages, English)")
    arguments = parser.parse_args()
    os.environ["SOURCE_DATE_EPOCH"] = SOURCE_DATE_EPOCH  # the builds' subprocesses inherit it
    WORK.mkdir(parents=True, exist_ok=True)
    print(f"building the site {2 * arguments.pairs} times (clean, both languages and English only)…", flush=True)
    result = run(arguments.pairs)
    save_results("languages", result, markdown(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
