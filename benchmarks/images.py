"""Benchmark of the image pipeline (sphinx_academic.images): what images cost a clean build.

    python -m benchmarks.images [--pairs 7]

In one run it

1. builds the site from scratch in pairs, with the pipeline on and with
   ``-D images_responsive=0`` (Sphinx's stock handling: the originals copied,
   one ``<img>`` each, the drawn link previews), back to back and in turn
   which one first, and reports the median of the pairs' differences: the
   seconds that images add to a clean build (the goal: at most 0.5 s). A
   clean build has an empty cache (it lives beside the doctrees), as on Read
   the Docs;
2. rebuilds the optimised site once more, with its saved environment and
   cache, and reads the pipeline's report: nothing may be encoded again;
3. makes each file the site needs with the pipeline's own encoder, in this
   process, into an empty cache, and reports the worker's CPU time per file
   and the file's size.

Results go to ``benchmarks/results/images.{md,json}``.
"""

from __future__ import annotations

import argparse
import pickle
import platform
import re
import statistics
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from benchmarks import ROOT, alternating_builds, save_results
from benchmarks.lighthouse import sphinx_build
from sphinx_academic.images.derivatives import Encoder

WORK = Path(__file__).resolve().parent / "work"
REPORT = re.compile(
    r"images: (\d+) files, (\d+) encoded \(([\d.]+) s of CPU in the worker, [\d.]+ s waited for at the end\), (\d+) from the cache"
)


def paired_builds(pairs: int) -> dict:
    builds = {
        "stock": lambda: sphinx_build(WORK / "images-stock", "-D", "images_responsive=0"),
        "images": lambda: sphinx_build(WORK / "images-on"),
    }
    runs = alternating_builds(builds, pairs)
    differences = [(a[0] - b[0], a[1] - b[1]) for a, b in zip(runs["images"], runs["stock"], strict=True)]
    fastest = {name: (min(w for w, _ in r), min(c for _, c in r)) for name, r in runs.items()}
    return {
        "runs": {name: {"wall": [w for w, _ in r], "cpu": [c for _, c in r]} for name, r in runs.items()},
        "fastest_added_wall": fastest["images"][0] - fastest["stock"][0],
        "fastest_added_cpu": fastest["images"][1] - fastest["stock"][1],
        "median_added_wall": statistics.median(d[0] for d in differences),
        "median_added_cpu": statistics.median(d[1] for d in differences),
        "added_wall": [d[0] for d in differences],
        "added_cpu": [d[1] for d in differences],
    }


def rebuild_report() -> dict:
    """A rebuild of the last optimised build (saved environment, same sources): what the pipeline reports."""
    outdir = WORK / "images-on"
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-d", str(outdir / ".doctrees"), str(ROOT), str(outdir)]
    output = subprocess.run(command, check=True, cwd=ROOT, capture_output=True, text=True).stdout
    match = REPORT.search(output)
    if not match:
        sys.exit(f"benchmarks/images.py: no images report in the rebuild's output:\n{output}")
    files, encoded, cpu, reused = match.groups()
    return {"files": int(files), "encoded": int(encoded), "cpu": float(cpu), "reused": int(reused)}


def derivatives_of_the_site() -> list:
    """Every file the optimised build made, from its pickled environment."""
    with (WORK / "images-on" / ".doctrees" / "environment.pickle").open("rb") as file:
        env = pickle.load(file)
    found = set()
    for images in env.images_documents.values():
        found |= images.derivatives | set(images.extra.values())
    return sorted(found, key=lambda d: (d.source.path, d.name))


def encode_times() -> list[dict]:
    """Each file made by the pipeline's own encoder into an empty cache, one batch per source."""
    rows = []
    with tempfile.TemporaryDirectory() as cache:
        encoder = Encoder(Path(cache))
        for derivative in derivatives_of_the_site():
            encoder.request(derivative, ROOT / derivative.source.path)
        encoded, failed, _ = encoder.finish()
        if failed:
            sys.exit(f"benchmarks/images.py: {failed}")
        by_name = {e.name: e for e in encoded}
        for name, request in encoder.requests.items():
            recipe = request.derivative.recipe
            rows.append(
                {
                    "source": request.derivative.source.path,
                    "file": name,
                    "kind": type(recipe).__name__,
                    "width": getattr(recipe, "width", None),
                    "ms": 1000 * by_name[name].seconds,
                    "bytes": by_name[name].size,
                }
            )
    return rows


def markdown(result: dict) -> str:
    builds = result["builds"]
    lines = [
        "# Image pipeline benchmark",
        "",
        f"{result['date']} on {result['machine']}; `python -m benchmarks.images --pairs {result['pairs']}`.",
        "",
        "## What images add to a clean build",
        "",
        "Pairs of clean builds (`sphinx-build -E -a`, empty cache) run back to back, in turn which one "
        "first: the pipeline on, and `-D images_responsive=0` (originals copied, drawn link previews).",
        "",
        "| build | wall runs (s) | CPU runs (s) |",
        "|---|---|---|",
        *(
            f"| {name} | {', '.join(f'{v:.2f}' for v in r['wall'])} | {', '.join(f'{v:.2f}' for v in r['cpu'])} |"
            for name, r in builds["runs"].items()
        ),
        "",
        f"Added by images, median of {result['pairs']} pairs: **{builds['median_added_wall']:+.2f} s wall** "
        f"({', '.join(f'{v:+.2f}' for v in builds['added_wall'])}), {builds['median_added_cpu']:+.2f} s CPU. "
        f"Fastest run against fastest run (the least disturbed on a shared machine): "
        f"{builds['fastest_added_wall']:+.2f} s wall, {builds['fastest_added_cpu']:+.2f} s CPU. "
        f"Goal: at most +0.5 s wall ({'met' if builds['median_added_wall'] <= 0.5 else 'missed'}).",
        "",
        "## Cache",
        "",
        f"A rebuild with the saved environment and cache: {result['rebuild']['files']} files, "
        f"{result['rebuild']['encoded']} encoded, {result['rebuild']['reused']} from the cache.",
        "",
        "## Each file",
        "",
        "Made by the pipeline's encoder into an empty cache, one batch per source, in name order (the first "
        "file of a source includes decoding it and making its working image); CPU seconds of the worker thread.",
        "",
        "| source | file | CPU ms | KiB |",
        "|---|---|---|---|",
    ]
    for row in result["files"]:
        lines.append(f"| {row['source']} | {row['file']} | {row['ms']:.0f} | {row['bytes'] / 1024:.1f} |")
    total = sum(row["ms"] for row in result["files"])
    lines += ["", f"All files, one after another: {total:.0f} ms of CPU."]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pairs", type=int, default=7, help="pairs of clean builds (images on, stock)")
    arguments = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    print("building (clean, images on and stock)…", flush=True)
    result = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.machine()}, Python {platform.python_version()}",
        "pairs": arguments.pairs,
        "builds": paired_builds(arguments.pairs),
        "rebuild": rebuild_report(),
        "files": encode_times(),
    }
    save_results("images", result, markdown(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
