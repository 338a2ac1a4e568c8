"""The built site as third-party clients read it: each client runs once per session, over every
page or every BibTeX download, and the tests read its answers.

The npm clients (Readability with jsdom, open-graph-scraper, citation-js, bibtex-tidy) are locked
in tools/test-clients/ and installed by tools/ensure-test-tools into .tools/test-clients/ (make
test does it); bibtexparser 1 goes into .tools/ too. A missing client fails the tests, with the
command that installs it: never a skip.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.site.conftest import html_pages

HERE = Path(__file__).parent
TOOLS = ROOT / ".tools"
NODE_MODULES = TOOLS / "test-clients" / "node_modules"
PINS = json.loads((ROOT / "tools" / "test-clients" / "package.json").read_text("utf-8"))["dependencies"]
BIBTEXPARSER1 = TOOLS / "bibtexparser-1.4.4"
INSTALL = "run tools/ensure-test-tools (make test runs it)"


def run_node(script: str, payload) -> dict:
    """Run tests/site/readers/<script> on ``payload`` (JSON on stdin); its JSON answer."""
    node = shutil.which("node")
    if node is None or not NODE_MODULES.is_dir():
        pytest.fail(f"Node.js or the reader tests' npm clients ({NODE_MODULES}) are missing: {INSTALL}")
    done = subprocess.run(
        [node, str(HERE / script)],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        env={**os.environ, "NODE_PATH": str(NODE_MODULES)},
        timeout=600,
        check=False,
    )
    if done.returncode:
        pytest.fail(f"{script} failed ({done.returncode}):\n{done.stderr[-4000:]}")
    answer = json.loads(done.stdout)
    for name, version in answer["versions"].items():  # the versions the tests name are the ones that ran
        assert version == PINS.get(name, version), f"{name} {version} ran, tools/test-clients pins {PINS[name]}"
    return answer


@pytest.fixture(scope="session")
def site_url(page) -> str:
    """The site's root URL, as the built home page states it (its canonical URL)."""
    return page("index.html").find("link", rel="canonical")["href"]


@pytest.fixture(scope="session")
def served(site, site_url) -> list[tuple[str, str]]:
    """Every built page: (path relative to the site, the URL it is served at)."""
    pages = [p.relative_to(site).as_posix() for p in html_pages(site)]
    assert "index.html" in pages and len(pages) >= 8, pages
    return [(name, site_url if name == "index.html" else site_url + name) for name in pages]


@pytest.fixture(scope="session")
def downloads(site) -> list[str]:
    """Every BibTeX download of the site (each paper's and publications.bib), relative to the site."""
    files = sorted(p.relative_to(site).as_posix() for p in (site / "publications").glob("*.bib"))
    assert "publications/publications.bib" in files and len(files) >= 2, files
    return files


@pytest.fixture(scope="session")
def node_runs(site, served, downloads):
    """The three Node.js clients, started together as soon as one is needed: they are
    independent, and the machine's two cores run two at once."""
    pages = [[str(site / name), url] for name, url in served]
    with ThreadPoolExecutor(max_workers=3) as pool:
        yield {
            "readability": pool.submit(run_node, "readability.cjs", pages),
            "open_graph": pool.submit(run_node, "open_graph.cjs", pages),
            "bibtex": pool.submit(run_node, "bibtex.cjs", [str(site / name) for name in downloads]),
        }


def by_page(site, results: dict) -> dict:
    return {Path(path).relative_to(site).as_posix(): value for path, value in results.items()}


@pytest.fixture(scope="session")
def readability(site, node_runs) -> dict[str, dict | None]:
    """Mozilla Readability 0.6.0 on jsdom 29.1.1, once over every page: {page: article or None}."""
    return by_page(site, node_runs["readability"].result()["pages"])


@pytest.fixture(scope="session")
def unfurled(site, node_runs) -> dict[str, dict]:
    """open-graph-scraper 6.12.0, once over every page: {page: what a link preview shows}."""
    return by_page(site, node_runs["open_graph"].result()["pages"])


@pytest.fixture(scope="session")
def citation_js(site, node_runs) -> dict[str, dict]:
    """citation-js 0.7 (core and plugin-bibtex 0.7.21, plugin-csl 0.7.22) and bibtex-tidy 1.14.0,
    once over every download: {download: {csl, bibliography, tidy, console}}."""
    return by_page(site, node_runs["bibtex"].result()["files"])


@pytest.fixture(scope="session")
def bibtexparser1(site, downloads) -> dict[str, list[dict]]:
    """bibtexparser 1.4.4 (from .tools/, beside bibtexparser 2) on every download: {download: entries}."""
    if not (BIBTEXPARSER1 / "bibtexparser" / "__init__.py").is_file():
        pytest.fail(f"bibtexparser 1.4.4 is missing from {BIBTEXPARSER1}: {INSTALL}")
    code = (
        "import json, sys, bibtexparser\n"
        "from bibtexparser.bparser import BibTexParser\n"
        "from bibtexparser.customization import convert_to_unicode\n"
        "assert bibtexparser.__version__ == '1.4.4', bibtexparser.__version__\n"
        "out = {}\n"
        "for path in sys.argv[1:]:\n"
        "    with open(path, encoding='utf-8') as f:\n"
        "        parser = BibTexParser(common_strings=True, customization=convert_to_unicode)\n"
        "        out[path] = bibtexparser.load(f, parser=parser).entries\n"
        "print(json.dumps(out))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, *(str(site / name) for name in downloads)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(BIBTEXPARSER1)},
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return {Path(path).relative_to(site).as_posix(): entries for path, entries in json.loads(done.stdout).items()}
