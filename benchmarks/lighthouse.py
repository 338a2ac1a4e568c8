"""Lighthouse benchmark: the optimised site against the stock theme, on every page.

Run by ``make bench``. In one run it

1. builds the site twice from scratch, optimised and with ``-D speed_optimise=0``
   (the stock theme's assets: the baseline), timing each clean build;
2. makes a "floor" copy of the baseline: the same HTML without the theme's
   stylesheets and scripts, the best a page of this content can do;
3. serves each build on loopback with gzip, as Read the Docs serves it;
4. runs Lighthouse 12 (pinned in benchmarks/package.json) on every page with
   the mobile and desktop presets, and on the floor pages with mobile;
5. prints a table and writes benchmarks/results/lighthouse.md and .json.

Scores and timings are Lighthouse's own (simulated throttling), so they are
comparable within a run; the ratios to the baseline are the figures to quote.
"""

from __future__ import annotations

import argparse
import gzip
import http.server
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import threading
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import partial
from io import BytesIO
from pathlib import Path

from benchmarks import ROOT, alternating_builds, save_results, timed

HERE = Path(__file__).resolve().parent
WORK = HERE / "work"
LIGHTHOUSE = HERE / "node_modules" / ".bin" / "lighthouse"
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync"
)
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
METRICS = {
    "FCP": "first-contentful-paint",
    "LCP": "largest-contentful-paint",
    "TBT": "total-blocking-time",
    "CLS": "cumulative-layout-shift",
    "SI": "speed-index",
}
# Pages Sphinx makes for itself rather than for visitors.
SKIPPED_PAGES = {"genindex.html", "search.html"}
COMPRESSIBLE = re.compile(r"^(text/|application/(javascript|json|xml|atom\+xml)|image/svg\+xml)")


# -- build -------------------------------------------------------------------------


def sphinx_build(outdir: Path, *options: str) -> tuple[float, float]:
    """A clean build into outdir; returns its wall-clock and CPU (user + system) seconds."""
    shutil.rmtree(outdir, ignore_errors=True)
    command = [
        sys.executable,
        "-m",
        "sphinx",
        "-q",
        "-E",
        "-a",
        "-b",
        "html",
        "-d",
        str(outdir / ".doctrees"),
        *options,
        str(ROOT),
        str(outdir),
    ]
    return timed(command)


def build_all(repeats: int) -> dict:
    """Build optimised and baseline sites in pairs, and keep each one's build times.

    On a shared machine the same build can take a third longer from one minute
    to the next: each pair's two builds run back to back (in turn, which one
    first), and the figure to compare is the median of the pairs' ratios.
    """
    builds = {
        "baseline": lambda: sphinx_build(WORK / "baseline", "-D", "speed_optimise=0"),
        "optimised": lambda: sphinx_build(WORK / "optimised"),
    }
    runs = alternating_builds(builds, repeats)
    pairs = list(zip(runs["optimised"], runs["baseline"], strict=True))
    summary = {
        name: {
            "wall": [wall for wall, _ in values],
            "cpu": [cpu for _, cpu in values],
            "fastest_wall": min(wall for wall, _ in values),
            "fastest_cpu": min(cpu for _, cpu in values),
            "median_wall": statistics.median(wall for wall, _ in values),
        }
        for name, values in runs.items()
    }
    summary["median_ratio"] = {
        "wall": statistics.median(optimised[0] / baseline[0] for optimised, baseline in pairs),
        "cpu": statistics.median(optimised[1] / baseline[1] for optimised, baseline in pairs),
    }
    return summary


ASSET_TAGS = re.compile(
    r"<link\b[^>]*\brel=\"?(?:stylesheet|preload)\b[^>]*>"
    r"|<script\b[^>]*>.*?</script>"
    r"|<style\b[^>]*>.*?</style>",
    re.S | re.I,
)


def make_floor(baseline: Path, floor: Path) -> None:
    """The baseline's pages without stylesheets, scripts or preloads (images and favicon stay)."""
    shutil.rmtree(floor, ignore_errors=True)
    shutil.copytree(baseline, floor)
    for page in floor.rglob("*.html"):
        page.write_text(ASSET_TAGS.sub("", page.read_text("utf-8")), "utf-8")


def site_pages(site: Path) -> list[str]:
    """Every page a visitor can open (not the theme's template fragments in _static)."""
    return sorted(
        p.relative_to(site).as_posix()
        for p in site.rglob("*.html")
        if p.name not in SKIPPED_PAGES and not {"_static", ".doctrees"} & set(p.parts)
    )


# -- serve -------------------------------------------------------------------------


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzip-compressed on the fly when the client accepts it (as Read the Docs does)."""

    def log_message(self, *args):  # quiet
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            self.send_error(404)
            return None
        data = path.read_bytes()
        content_type = self.guess_type(str(path))
        compress = "gzip" in self.headers.get("Accept-Encoding", "") and COMPRESSIBLE.match(content_type)
        if compress:
            data = gzip.compress(data, compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", content_type + ("; charset=utf-8" if content_type.startswith("text/") else ""))
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "max-age=600")
        if compress:
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return BytesIO(data)


@contextmanager
def serve(directory: Path):
    """Serve directory on a free loopback port; yields the base URL."""
    handler = partial(GzipHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


# -- measure -----------------------------------------------------------------------


def ensure_lighthouse() -> None:
    """Install the pinned Lighthouse (npm ci) if needed; fail clearly without Node or Chromium."""
    chrome = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
    if not Path(chrome).exists():
        sys.exit(f"benchmarks/lighthouse.py: no Chromium at {chrome}: apt-get install -y chromium (or set CHROME_PATH)")
    if shutil.which("npm") is None:
        sys.exit("benchmarks/lighthouse.py: npm not found: install Node 20 (Lighthouse 12 needs Node >= 18.20)")
    if not LIGHTHOUSE.exists():
        subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund"],
            check=True,
            cwd=HERE,
            env={**os.environ, "PUPPETEER_SKIP_DOWNLOAD": "1"},
        )


def lighthouse(url: str, preset: str) -> dict:
    """One Lighthouse run; returns the figures we report."""
    output = WORK / "lighthouse-report.json"
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={output}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={CHROME_FLAGS}",
        "--max-wait-for-load=30000",
    ]
    if preset == "desktop":
        command.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    subprocess.run(command, check=True, env=env, cwd=HERE, stdout=subprocess.DEVNULL)
    report = json.loads(output.read_text("utf-8"))
    audits = report["audits"]
    failing = [
        {
            "category": category["id"],
            "audit": ref["id"],
            "score": audits[ref["id"]]["score"],
            "title": audits[ref["id"]]["title"],
            "value": audits[ref["id"]].get("displayValue", ""),
        }
        for category in report["categories"].values()
        for ref in category["auditRefs"]
        if ref["weight"] > 0 and audits[ref["id"]]["score"] is not None and audits[ref["id"]]["score"] < 1
    ]
    requests = audits["network-requests"]["details"]["items"]
    return {
        "scores": {name: report["categories"][name]["score"] for name in CATEGORIES},
        "metrics": {short: audits[audit]["numericValue"] for short, audit in METRICS.items()},
        "bytes": audits["total-byte-weight"]["numericValue"],
        "requests": sum(1 for r in requests if not r["url"].startswith("data:")),
        "failing": failing,
        "lighthouse": report["lighthouseVersion"],
    }


def median_run(runs: list[dict]) -> dict:
    """Several runs of one page as one: the median of each score and metric; audits of the median-LCP run."""
    if len(runs) == 1:
        return runs[0]
    by_lcp = sorted(runs, key=lambda run: run["metrics"]["LCP"])[len(runs) // 2]
    return {
        **by_lcp,
        "scores": {c: statistics.median(r["scores"][c] for r in runs) for c in CATEGORIES},
        "metrics": {m: statistics.median(r["metrics"][m] for r in runs) for m in METRICS},
        "runs": len(runs),
    }


def measure(site: Path, pages: list[str], presets: list[str], runs: int = 1) -> dict:
    results: dict = {}
    with serve(site) as base:
        for page in pages:
            for preset in presets:
                print(f"  {site.name:10} {preset:8} {page}", flush=True)
                results.setdefault(page, {})[preset] = median_run(
                    [lighthouse(base + page, preset) for _ in range(runs)]
                )
    return results


# -- report ------------------------------------------------------------------------


def score_text(scores: dict) -> str:
    return "/".join(str(round(scores[c] * 100)) if scores[c] is not None else "-" for c in CATEGORIES)


def ratio(value: float, baseline: float) -> str:
    return f"{value / baseline:.2f}" if baseline else "-"


def markdown(result: dict) -> str:
    lines = [
        "# Lighthouse benchmark",
        "",
        f"{result['date']}, Lighthouse {result['lighthouse']}, simulated throttling, "
        f"{'median of ' + str(result['runs']) + ' runs' if result['runs'] > 1 else 'one run'} per page and preset; "
        "site served on loopback with gzip. Scores: performance/accessibility/best practices/SEO. "
        "Ratios: optimised / baseline (stock theme assets) in the same run. "
        "Floor: the same HTML without theme assets (mobile).",
        "",
        "| page | preset | build | scores | FCP s | LCP s | TBT ms | CLS | KiB | requests "
        "| LCP vs floor s | bytes ratio | LCP ratio |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for page, presets in result["optimised"].items():
        for preset, optimised in presets.items():
            baseline = result["baseline"][page][preset]
            floor = result["floor"].get(page, {}).get(preset)
            for name, run in (("optimised", optimised), ("baseline", baseline)):
                m = run["metrics"]
                floor_gap = f"{(m['LCP'] - floor['metrics']['LCP']) / 1000:+.2f}" if floor else "-"
                lines.append(
                    f"| {page} | {preset} | {name} | {score_text(run['scores'])} | {m['FCP'] / 1000:.2f} "
                    f"| {m['LCP'] / 1000:.2f} | {m['TBT']:.0f} | {m['CLS']:.3f} | {run['bytes'] / 1024:.1f} "
                    f"| {run['requests']} | {floor_gap} "
                    f"| {ratio(run['bytes'], baseline['bytes']) if name == 'optimised' else ''} "
                    f"| {ratio(m['LCP'], baseline['metrics']['LCP']) if name == 'optimised' else ''} |"
                )
            if floor:
                m = floor["metrics"]
                lines.append(
                    f"| {page} | {preset} | floor | {score_text(floor['scores'])} | {m['FCP'] / 1000:.2f} "
                    f"| {m['LCP'] / 1000:.2f} | {m['TBT']:.0f} | {m['CLS']:.3f} | {floor['bytes'] / 1024:.1f} "
                    f"| {floor['requests']} | | | |"
                )
    builds = {name: b for name, b in result["build_seconds"].items() if name != "median_ratio"}
    build_ratio = result["build_seconds"]["median_ratio"]
    fastest = builds["optimised"]["fastest_wall"] / builds["baseline"]["fastest_wall"]
    lines += [
        "",
        "## Clean build time",
        "",
        "`sphinx-build -E -a` from scratch, in pairs of an optimised and a baseline build run back to "
        "back (in turn, which one first); the machine is shared, so each pair's ratio is taken and "
        "the median of those is the figure.",
        "",
        "| build | wall runs (s) | fastest wall (s) | median wall (s) | CPU runs (s) | fastest CPU (s) |",
        "|---|---|---|---|---|---|",
        *(
            f"| {name} | {', '.join(f'{v:.2f}' for v in b['wall'])} | {b['fastest_wall']:.2f} | {b['median_wall']:.2f} "
            f"| {', '.join(f'{v:.2f}' for v in b['cpu'])} | {b['fastest_cpu']:.2f} |"
            for name, b in builds.items()
        ),
        "",
        f"Optimisation steps add {100 * (build_ratio['wall'] - 1):+.0f} % wall-clock time and "
        f"{100 * (build_ratio['cpu'] - 1):+.0f} % CPU time to the clean build (median of {len(builds['optimised']['wall'])} "
        f"pairs; fastest runs: {100 * (fastest - 1):+.0f} % wall). Goal: at most +30 % "
        f"({'met' if build_ratio['wall'] <= 1.30 else 'missed'}).",
        "",
        "## Audits below 1 (optimised)",
        "",
    ]
    failing = [
        (page, preset, f)
        for page, presets in result["optimised"].items()
        for preset, run in presets.items()
        for f in run["failing"]
    ]
    lines += [
        f"- {page} ({preset}): {f['category']} / {f['audit']} = {f['score']}: {f['title']} {f['value']}"
        for page, preset, f in failing
    ] or ["None."]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--presets", default="mobile,desktop", help="comma-separated: mobile,desktop")
    parser.add_argument("--pages", default="", help="comma-separated page paths (default: every page)")
    parser.add_argument("--build-repeats", type=int, default=5, help="pairs of clean builds (optimised, baseline)")
    parser.add_argument("--runs", type=int, default=1, help="Lighthouse runs per page and preset (median)")
    arguments = parser.parse_args()
    presets = [p for p in arguments.presets.split(",") if p]

    ensure_lighthouse()
    WORK.mkdir(parents=True, exist_ok=True)
    print("building (clean, optimised and baseline)…", flush=True)
    builds = build_all(arguments.build_repeats)
    make_floor(WORK / "baseline", WORK / "floor")
    pages = [p for p in arguments.pages.split(",") if p] or site_pages(WORK / "optimised")
    print(f"measuring {len(pages)} pages: {', '.join(pages)}", flush=True)
    result = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "build_seconds": builds,
        "runs": arguments.runs,
        "optimised": measure(WORK / "optimised", pages, presets, arguments.runs),
        "baseline": measure(WORK / "baseline", pages, presets, arguments.runs),
        "floor": measure(WORK / "floor", pages, ["mobile"], arguments.runs),
    }
    result["lighthouse"] = next(iter(next(iter(result["optimised"].values())).values()))["lighthouse"]
    save_results("lighthouse", result, markdown(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
