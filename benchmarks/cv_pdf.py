"""CV PDF benchmark: what typesetting the CV's PDF adds to a clean build of the site.

Run by ``make bench``. In one run it builds the site from scratch in pairs, with
the PDF and without it (``-D cv_pdf_build=0``, the same pages and links), the
two builds of a pair back to back and in turn which one first, all with the
same ``SOURCE_DATE_EPOCH``; it reports the median of the pairs' differences
and ratios (wall-clock and CPU seconds), the PDF's size and pages, and whether
every build wrote the same PDF bytes. Goal: at most +1.5 s per clean build.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from datetime import UTC, datetime
from io import BytesIO

from pypdf import PdfReader

from . import alternating_builds, save_results
from .lighthouse import WORK, sphinx_build

PDF = "cv/ruoyu-qin-cv.pdf"
GOAL_SECONDS = 1.5
SOURCE_DATE_EPOCH = "1740441600"  # any fixed date: the builds must agree byte for byte


def run(pairs: int) -> dict:
    pdfs: list[bytes] = []

    def with_pdf() -> tuple[float, float]:
        seconds = sphinx_build(WORK / "cv-with-pdf")
        pdfs.append((WORK / "cv-with-pdf" / PDF).read_bytes())
        return seconds

    def without_pdf() -> tuple[float, float]:
        seconds = sphinx_build(WORK / "cv-without-pdf", "-D", "cv_pdf_build=0")
        assert not (WORK / "cv-without-pdf" / PDF).exists(), "the baseline build wrote a PDF"
        return seconds

    times = alternating_builds({"with_pdf": with_pdf, "without_pdf": without_pdf}, pairs)
    pairs_ = list(zip(times["with_pdf"], times["without_pdf"], strict=True))
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "pairs": pairs,
        "builds": {name: {"wall": [w for w, _ in t], "cpu": [c for _, c in t]} for name, t in times.items()},
        "median_difference": {
            "wall": statistics.median(a[0] - b[0] for a, b in pairs_),
            "cpu": statistics.median(a[1] - b[1] for a, b in pairs_),
        },
        "median_ratio": {
            "wall": statistics.median(a[0] / b[0] for a, b in pairs_),
            "cpu": statistics.median(a[1] / b[1] for a, b in pairs_),
        },
        "pdf_bytes": len(pdfs[-1]),
        "pdf_pages": len(PdfReader(BytesIO(pdfs[-1])).pages),
        "reproducible": len(set(pdfs)) == 1,
    }


def markdown(result: dict) -> str:
    difference, ratio = result["median_difference"], result["median_ratio"]
    rows = [
        f"| {name} | {', '.join(f'{v:.2f}' for v in b['wall'])} | {statistics.median(b['wall']):.2f} "
        f"| {', '.join(f'{v:.2f}' for v in b['cpu'])} | {statistics.median(b['cpu']):.2f} |"
        for name, b in result["builds"].items()
    ]
    met = "met" if difference["wall"] <= GOAL_SECONDS else "missed"
    return "\n".join(
        [
            "# CV PDF benchmark",
            "",
            f"{result['date']}: {result['pairs']} pairs of clean builds (`sphinx-build -E -a`), with the PDF "
            "and with `-D cv_pdf_build=0`, back to back, in turn which one first; SOURCE_DATE_EPOCH fixed.",
            "",
            "| build | wall runs (s) | median wall (s) | CPU runs (s) | median CPU (s) |",
            "|---|---|---|---|---|",
            *rows,
            "",
            f"The PDF adds {difference['wall']:+.2f} s wall ({100 * (ratio['wall'] - 1):+.1f} %) and "
            f"{difference['cpu']:+.2f} s CPU ({100 * (ratio['cpu'] - 1):+.1f} %) to a clean build (median of the "
            f"pairs). Goal: at most +{GOAL_SECONDS} s ({met}).",
            "",
            f"PDF: {result['pdf_bytes']:,} bytes, {result['pdf_pages']} page(s); byte-identical in every build: "
            f"{'yes' if result['reproducible'] else 'NO'}.",
            "",
        ]
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pairs", type=int, default=5, help="pairs of clean builds (with and without the PDF)")
    arguments = parser.parse_args()
    os.environ["SOURCE_DATE_EPOCH"] = SOURCE_DATE_EPOCH  # the builds' subprocesses inherit it
    WORK.mkdir(parents=True, exist_ok=True)
    print(f"building the site {2 * arguments.pairs} times (clean, with and without the CV's PDF)…", flush=True)
    result = run(arguments.pairs)
    save_results("cv_pdf", result, markdown(result))
    return 0 if result["reproducible"] else 1


if __name__ == "__main__":
    sys.exit(main())
