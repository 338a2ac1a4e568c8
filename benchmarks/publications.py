"""Benchmark of the publications engine against plain sphinxcontrib-bibtex, in one run.

    python -m benchmarks.publications [--entries 1000] [--scale 250,500,1000] [--seed 2025]

For each size, a throwaway copy of the site is built in a temporary directory
with a generated, deterministic (seeded) BibTeX file: realistic fields, many
authors, LaTeX accents and dashes, abstracts, links. Measured, for the engine
and for the baseline (the same entries through sphinxcontrib-bibtex's
``:all:`` bibliography, no paper pages):

* clean build;
* rebuild after editing one unrelated page;
* rebuild after editing one entry;
* peak memory of the build process (its own ``ru_maxrss``);
* size of the publications page.

Plus a linearity check: clean builds of the engine at several sizes. Times
are wall-clock and CPU (user+system) of the build process and its workers, each the fastest
of ``--clean-repeat`` clean builds or ``--repeat`` edit-and-rebuild rounds
(the least disturbed by other load on a shared machine); compare ratios
measured in the same run. Results go to ``benchmarks/results/publications.{md,json}``.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import py_compile
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"

import sphinx_academic  # noqa: E402
from sphinx_academic.publications.pages import is_stub  # noqa: E402  (the engine's own stub test)

# What a copy of the site needs; everything else (build output, venv, tests) stays out.
SITE_IGNORE = shutil.ignore_patterns(
    "_build",
    ".venv",
    ".git",
    "src",
    "tests",
    "benchmarks",
    "*.egg-info",
    "__pycache__",
    ".pytest_cache",
    "node_modules",
)

# -- a realistic bibliography ------------------------------------------------------------------

FIRST = (
    "Wei Li Jing Yu Hao Xin Ming Lei Anna Maria José Zoë Søren Ana Raj Priya David Sarah Kenji Yuki Omar Lena".split()
)
LAST = (
    r"Zhang Wang Chen Liu Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Lin Gao Luo Zheng Smith Johnson "
    r"Garc{\'\i}a M{\"u}ller Dvo{\v{r}}{\'a}k {\O}stergaard Nakamura Patel Kim Nguyen Rossi Dubois"
).split()
WORDS = (
    "efficient scalable distributed serving inference training cache memory storage network scheduling "
    "disaggregated heterogeneous adaptive speculative sparse attention transformer model language large "
    "cluster GPU accelerator compiler kernel pipeline parallel elastic fault tolerant latency throughput "
    "system architecture framework analysis design evaluation workload trace production datacenter"
).split()
VENUES = [
    ("USENIX Conference on File and Storage Technologies", "FAST"),
    ("USENIX Symposium on Operating Systems Design and Implementation", "OSDI"),
    ("ACM Symposium on Operating Systems Principles", "SOSP"),
    ("European Conference on Computer Systems", "EuroSys"),
    ("USENIX Symposium on Networked Systems Design and Implementation", "NSDI"),
    ("International Conference on Architectural Support for Programming Languages and Operating Systems", "ASPLOS"),
]
JOURNALS = [
    "ACM Transactions on Computer Systems",
    "IEEE Transactions on Parallel and Distributed Systems",
    "ACM Transactions on Storage",
    "Proceedings of the VLDB Endowment",
]
MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()
OWNER = "Ruoyu Qin"


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def generate_entry(rng: random.Random, index: int) -> str:
    kind = rng.choices(["inproceedings", "article", "misc"], weights=[6, 3, 1])[0]
    year = rng.randint(2000, 2025)
    authors = [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(rng.randint(2, 15))]
    if rng.random() < 0.3:
        authors[rng.randrange(len(authors))] = OWNER
    authors = list(dict.fromkeys(authors))  # an author appears once
    title_words = [rng.choice(WORDS).capitalize() for _ in range(rng.randint(5, 12))]
    title_words[1] = "{" + title_words[1].upper() + "}"
    title = " ".join(title_words[:3]) + r": " + " ".join(title_words[3:])
    if rng.random() < 0.3:
        title += r" {\textemdash} " + rng.choice(WORDS).capitalize() + " " + rng.choice(WORDS)
    key = f"{authors[0].split()[-1].strip('{}').lower()}{year}gen{index:04d}"
    key = re.sub(r"[^a-z0-9]", "", key)
    fields = [("author", "{" + " and ".join(authors) + "}"), ("title", "{" + title + "}")]
    if kind == "inproceedings":
        venue, short = rng.choice(VENUES)
        fields.append(("booktitle", f"{{{venue} ({short} {year % 100:02d})}}"))
    elif kind == "article":
        fields += [
            ("journal", "{" + rng.choice(JOURNALS) + "}"),
            ("volume", f"{{{rng.randint(1, 60)}}}"),
            ("number", f"{{{rng.randint(1, 12)}}}"),
        ]
    else:
        fields.append(("howpublished", "{arXiv preprint}"))
    first_page = rng.randint(1, 900)
    fields += [
        ("year", f"{{{year}}}"),
        ("month", rng.choice(MONTHS)),
        ("pages", f"{{{first_page}--{first_page + rng.randint(8, 20)}}}"),
        ("publisher", "{Example Association}"),
        ("doi", f"{{10.1234/example.{year}.{index}}}"),
        ("url", f"{{https://example.org/papers/{key}}}"),
    ]
    site = []
    if kind == "inproceedings":
        site.append(("venue_short", f"{{{short} '{year % 100:02d}}}"))
    if rng.random() < 0.05:
        site.append(("award", "{Best Paper Award}"))
    if rng.random() < 0.2 and len(authors) > 1:
        site.append(("equal_contribution", "{" + " and ".join(authors[:2]) + "}"))
    if rng.random() < 0.3:
        site.append(("corresponding", "{" + authors[-1] + "}"))
    for name in ("pdf", "slides", "video", "code"):
        if rng.random() < 0.6:
            site.append((name, f"{{https://example.org/{name}/{key}}}"))
    if rng.random() < 0.4:
        site += [("eprint", f"{{{2000 + index % 500:04d}.{index:05d}}}"), ("eprinttype", "{arxiv}")]
    if rng.random() < 0.02:
        site.append(("selected", "{true}"))
    paragraphs = [" ".join(_sentence(rng, rng.randint(10, 25)) for _ in range(rng.randint(3, 5))) for _ in range(2)]
    paragraphs[1] += f" It improves throughput by {rng.randint(10, 500)}\\% over the baseline."
    site.append(("abstract", "{" + "\n\n".join(paragraphs) + "}"))
    width = max(len(name) for name, _ in fields + site)
    lines = [f"  {name.ljust(width)} = {value}" for name, value in fields + site]
    return f"@{kind}{{{key},\n" + ",\n".join(lines) + "\n}\n"


#: How many pages of the benchmark site cite entries, with sphinxcontrib-bibtex's roles.
CITING_PAGES = 100


def citing_page(rng: random.Random, index: int, keys: list[str]) -> str:
    """A page that cites with the roles the site's pages use: {cite:p}, {cite:t}, {footcite}."""
    cited = rng.sample(keys, 4)
    return (
        f'---\norphan: true\ndescription: "Benchmark page {index} that cites four generated entries with the'
        f" site's citation roles.\"\n---\n\n"
        f"# Citing page {index}\n\n"
        f"An earlier study {{cite:p}}`{cited[0]},{cited[1]}` measured this; {{cite:t}}`{cited[2]}` did not."
        f" A footnote cites another {{footcite}}`{cited[3]}`.\n\n"
        "```{footbibliography}\n```\n"
    )


def add_citing_pages(site: Path, bib_text: str, seed: int) -> None:
    rng = random.Random(seed)
    keys = re.findall(r"^@\w+\{([^,]+),", bib_text, flags=re.MULTILINE)
    folder = site / "notes"
    folder.mkdir(exist_ok=True)
    for index in range(CITING_PAGES):
        (folder / f"cite-{index:03d}.md").write_text(citing_page(rng, index, keys), "utf-8")


def generate_bib(entries: int, seed: int, real_bib: str) -> str:
    """The site's real entries (pages cite them) plus generated ones, ``entries`` in all."""
    rng = random.Random(seed)
    real = len(re.findall(r"^@\w+\{", real_bib, flags=re.MULTILINE))
    generated = [generate_entry(rng, i) for i in range(max(entries - real, 0))]
    return real_bib.rstrip() + "\n\n" + "\n".join(generated)


# -- the baseline site: sphinxcontrib-bibtex, no paper pages -----------------------------------

BASELINE_CONF = """
# -- benchmark baseline: plain sphinxcontrib-bibtex (its own styles) instead of the publications engine --
extensions = [e for e in extensions if e not in ("sphinx_academic.publications", "sphinxcontrib.bibtex")]
extensions.append("sphinxcontrib.bibtex")
bibtex_bibfiles = [publications_bibfile]
bibtex_default_style = "alpha"
bibtex_reference_style = "label"
"""


def make_baseline(site: Path) -> None:
    """Swap the engine for sphinxcontrib-bibtex: one ``:all:`` bibliography, no other lists."""
    with (site / "conf.py").open("a", encoding="utf-8") as f:
        f.write(BASELINE_CONF)
    fence = re.compile(r"(`{3,}|:{3,})\{(publication-list|selected-publications)\}[^\n]*\n(?::[^\n]*\n)*\1\n?")
    for page in site.rglob("*.md"):
        text = page.read_text("utf-8")
        if not fence.search(text):
            continue
        replacement = (
            "```{bibliography}\n:all:\n```\n" if page.relative_to(site).as_posix() == "publications/index.md" else ""
        )
        text = fence.sub(replacement, text, count=1)
        text = fence.sub("", text)
        page.write_text(text, "utf-8")


# -- building and measuring --------------------------------------------------------------------


def cache_bytecode(package: Path) -> None:
    """Compile a package's modules into ``__pycache__``, as Python does at their first import on a
    machine that writes bytecode: every build measured then imports them as the owner's builds do.

    Where ``PYTHONDONTWRITEBYTECODE`` is set (this machine sets it), Python reads cached bytecode
    but never writes it, and the engine, installed from its source folder, has none: each build
    compiled its 12,800 lines again, 0.25 s of a rebuild of 4 s."""
    compileall.compile_dir(package, quiet=1, invalidation_mode=py_compile.PycInvalidationMode.TIMESTAMP)


CHILD = """
import json, resource, sys, time
from sphinx.cmd.build import build_main
start = time.perf_counter()
status = build_main(sys.argv[2:])
usage = resource.getrusage(resource.RUSAGE_SELF)
# The build's worker processes (cards, fonts, -j), waited for by now, count too.
children = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(sys.argv[1], "w") as f:
    json.dump({"status": status, "wall": time.perf_counter() - start,
               "cpu": usage.ru_utime + usage.ru_stime + children.ru_utime + children.ru_stime,
               "maxrss_kib": usage.ru_maxrss}, f)
"""


def build(site: Path) -> dict:
    """One sphinx-build in a child process; its own time and peak memory."""
    report = site / ".bench-report.json"
    command = [sys.executable, "-c", CHILD, str(report), "-q", "-b", "html", str(site), str(site / "_build/html")]
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=site)
    wall = time.perf_counter() - start
    result = json.loads(report.read_text())
    if result["status"] != 0:
        raise SystemExit(f"build of {site} failed with status {result['status']}")
    return {
        "wall_s": round(wall, 2),
        "cpu_s": round(result["cpu"], 2),
        "maxrss_mib": round(result["maxrss_kib"] / 1024, 1),
    }


def edit_unrelated_page(site: Path) -> None:
    page = site / "projects" / "flash-attention-from-scratch.md"
    page.write_text(page.read_text("utf-8") + "\nEdited by the benchmark.\n", "utf-8")


def edit_one_entry(site: Path) -> None:
    bib = site / "refs.bib"
    text = bib.read_text("utf-8")
    # The abstract of the last generated entry: one entry's content changes.
    position = text.rindex("abstract")
    bib.write_text(text[:position] + text[position:].replace("{", "{Edited. ", 1), "utf-8")


def fastest(site: Path, step, repeat: int) -> dict:
    """Run ``step`` then build, ``repeat`` times; keep the fastest run (the least disturbed by other load)."""
    runs = []
    for _ in range(repeat):
        step(site)
        runs.append(build(site))
    return min(runs, key=lambda r: r["wall_s"])


def remove_build(site: Path) -> None:
    """What ``make clean`` does: the build, and the paper-page stubs generated from refs.bib."""
    shutil.rmtree(site / "_build", ignore_errors=True)
    for stub in stubs(site):
        stub.unlink()


def stubs(site: Path) -> list[Path]:
    return [stub for stub in (site / "publications").glob("*.rst") if is_stub(stub)]


def set_aside_build(site: Path) -> None:
    """What ``make clean`` removes, moved out of the site instead of deleted (the benchmark's
    folder, deleted at the end, holds it): a clean build then starts as in a fresh clone.

    Deleting the last build just before would time the file system too. On an ext4 without a
    journal (this machine's), each file created in the minutes after many were deleted first
    steps past every recently deleted inode of its group (the kernel's ``recently_deleted``):
    deleting a build of 1,000 entries and its stubs (some 7,700 files) added about 4 s of
    system time to the clean build after it. CI and Read the Docs build in a fresh clone, which
    deletes nothing."""
    build, generated = site / "_build", stubs(site)
    if not (build.exists() or generated):
        return
    aside = Path(tempfile.mkdtemp(prefix="set-aside-", dir=site.parent))
    if build.exists():
        build.rename(aside / "_build")
    for stub in generated:
        stub.rename(aside / stub.name)


def measure(
    template: Path,
    workdir: Path,
    bib_text: str,
    baseline: bool,
    repeat: int = 3,
    clean_repeat: int = 1,
    rebuilds: bool = True,
) -> dict:
    site = workdir / ("baseline" if baseline else "engine")
    shutil.copytree(template, site)
    (site / "refs.bib").write_text(bib_text, "utf-8")
    add_citing_pages(site, bib_text, len(bib_text))
    if baseline:
        make_baseline(site)
    clean = fastest(site, set_aside_build, clean_repeat)
    page = site / "_build/html/publications/index.html"
    page_bytes = page.stat().st_size
    if not rebuilds:
        return {"clean": clean}
    unrelated = fastest(site, edit_unrelated_page, repeat)
    entry = fastest(site, edit_one_entry, repeat)
    return {
        "clean": clean,
        "rebuild_unrelated_page": unrelated,
        "rebuild_one_entry": entry,
        "peak_memory_mib": max(clean["maxrss_mib"], unrelated["maxrss_mib"], entry["maxrss_mib"]),
        "publications_page_bytes": page_bytes,
        "html_files": sum(1 for _ in (site / "_build/html").rglob("*.html")),
    }


def ratio(part: float, whole: float) -> float:
    return round(part / whole, 3) if whole else float("nan")


def report_markdown(results: dict) -> str:
    n = results["entries"]
    rows = [
        ("Engine (this extension)", results["engine"]),
        ("Baseline (sphinxcontrib-bibtex :all:)", results["baseline"]),
    ]
    lines = [
        f"# Publications benchmark ({n} entries)",
        "",
        f"Run {results['date']} on {results['machine']}; seed {results['seed']}. Wall and CPU seconds of the",
        "build process; the machine may be shared, so compare the ratios, which come from the same run.",
        "",
        "| | clean wall (CPU) | unrelated page edit wall (CPU) | ratio to clean wall (CPU) "
        "| one entry edit wall (CPU) | ratio to clean wall (CPU) | peak memory | publications page | HTML files |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, r in rows:
        c, u, e = r["clean"], r["rebuild_unrelated_page"], r["rebuild_one_entry"]
        lines.append(
            f"| {name} | {c['wall_s']} s ({c['cpu_s']} s) | {u['wall_s']} s ({u['cpu_s']} s) "
            f"| {ratio(u['wall_s'], c['wall_s']):.0%} ({ratio(u['cpu_s'], c['cpu_s']):.0%}) "
            f"| {e['wall_s']} s ({e['cpu_s']} s) "
            f"| {ratio(e['wall_s'], c['wall_s']):.0%} ({ratio(e['cpu_s'], c['cpu_s']):.0%}) "
            f"| {r['peak_memory_mib']} MiB "
            f"| {r['publications_page_bytes'] / 1024:.0f} KiB | {r['html_files']} |"
        )
    engine, baseline = results["engine"], results["baseline"]

    def versus(step: str) -> str:
        return (
            f"{ratio(engine[step]['wall_s'], baseline[step]['wall_s']):.2f}× wall, "
            f"{ratio(engine[step]['cpu_s'], baseline[step]['cpu_s']):.2f}× CPU"
        )

    def goal(step: str, text: str) -> str:
        share = {kind: ratio(engine[step][kind], engine["clean"][kind]) for kind in ("wall_s", "cpu_s")}
        return (
            f"- {text} ≤ 20 % of a clean build: engine {share['wall_s']:.0%} wall, {share['cpu_s']:.0%} CPU "
            f"({'met' if max(share.values()) <= 0.2 else 'met on CPU, NOT on wall' if share['cpu_s'] <= 0.2 else 'NOT met'})."
        )

    clean_wall = engine["clean"]["wall_s"]
    lines += [
        "",
        f"Engine vs baseline: clean build {versus('clean')}; rebuild after an unrelated edit "
        f"{versus('rebuild_unrelated_page')}; rebuild after one entry edit {versus('rebuild_one_entry')}.",
        "",
        "Goals (issue 10):",
        "",
        f"- Clean build ≤ 30 s wall: engine {clean_wall} s ({'met' if clean_wall <= 30 else 'NOT met'}).",
        goal("rebuild_unrelated_page", "Rebuild after an unrelated edit"),
        goal("rebuild_one_entry", "Rebuild after editing one entry"),
        "",
        "## Linearity (engine, clean build)",
        "",
        "| entries | clean wall (CPU) | per entry (CPU) | peak memory |",
        "|---|---|---|---|",
    ]
    for size, r in sorted(results["scale"].items(), key=lambda kv: int(kv[0])):
        lines.append(
            f"| {size} | {r['wall_s']} s ({r['cpu_s']} s) | {1000 * r['cpu_s'] / int(size):.1f} ms "
            f"| {r['maxrss_mib']} MiB |"
        )
    return "\n".join(lines) + "\n"


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--scale", default="250,500", help="extra sizes for the linearity check (comma-separated)")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--repeat", type=int, default=3, help="rebuilds per measurement; the fastest counts")
    parser.add_argument("--clean-repeat", type=int, default=2, help="clean builds per site; the fastest counts")
    args = parser.parse_args(argv)

    real_bib = (ROOT / "refs.bib").read_text("utf-8")
    results = {
        "entries": args.entries,
        "seed": args.seed,
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "scale": {},
    }
    with tempfile.TemporaryDirectory(prefix="bench-publications-") as tmp:
        workdir = Path(tmp)
        cache_bytecode(Path(sphinx_academic.__file__).parent)
        # One snapshot of the site, so every build measures the same sources even if the
        # working tree changes during the run.
        template = workdir / "template"
        shutil.copytree(ROOT, template, ignore=SITE_IGNORE)
        remove_build(template)  # the real site's stubs: the engine writes its own
        bib_text = generate_bib(args.entries, args.seed, real_bib)
        for name, baseline in (("engine", False), ("baseline", True)):
            print(f"[{args.entries} entries] building the {name} site ...", flush=True)
            results[name] = measure(template, workdir, bib_text, baseline, args.repeat, args.clean_repeat)
            print(json.dumps(results[name]), flush=True)
        results["scale"][str(args.entries)] = results["engine"]["clean"]
        for size in (int(s) for s in args.scale.split(",") if s.strip()):
            if size == args.entries:
                continue
            print(f"[{size} entries] clean build of the engine site ...", flush=True)
            sized = workdir / f"scale-{size}"
            sized.mkdir()
            results["scale"][str(size)] = measure(
                template,
                sized,
                generate_bib(size, args.seed, real_bib),
                False,
                clean_repeat=args.clean_repeat,
                rebuilds=False,
            )["clean"]

    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "publications.json").write_text(json.dumps(results, indent=2) + "\n", "utf-8")
    markdown = report_markdown(results)
    (RESULTS / "publications.md").write_text(markdown, "utf-8")
    print(markdown)


if __name__ == "__main__":
    main()
