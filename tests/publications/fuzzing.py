"""Property-based fuzzing of the publications engine with real exports, mutated.

The seeds are the owner's refs.bib and the exports in ``exports/`` (arXiv, dblp,
ACM, IEEE, Google Scholar, Semantic Scholar, Zotero). Each case applies one to
three mutations (truncation, a dropped brace, quote or comma, a duplicated field,
random Unicode, hostile markup, a huge value, a random field) and checks two
levels:

* **the engine** (every case): reading and building every entry never raises;
  every problem has a file, a line and a message; what is emitted is exact:
  each entry's citation parses back with pybtex under the same key, and its
  HTML (a list item and a paper page, rendered by Sphinx's HTML writer) has no
  element or attribute the input could have smuggled in;
* **a whole build** (``--builds`` cases, Sphinx in the same process): it ends
  without an exception, every warning is located (``refs.bib:N:``), and every
  page written is a complete HTML document with no injected element.

``make fuzz`` runs at least 2,000 cases (``python -m tests.publications.fuzzing
--examples 2000 --builds 100``) and prints the count; ``make test`` runs a small
sample with a fixed seed (test_fuzz.py).
"""

from __future__ import annotations

import argparse
import io
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

from bs4 import BeautifulSoup
from docutils import nodes
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st
from pybtex.database import parse_string
from sphinx import addnodes

from sphinx_academic.publications.bibliography import read_entries
from sphinx_academic.publications.model import build_entry
from sphinx_academic.publications.render import FULL, Renderer
from tests.conftest import ROOT

HERE = Path(__file__).parent
SEEDS = [(ROOT / "refs.bib").read_text("utf-8")] + [
    p.read_text("utf-8") for p in sorted((HERE / "exports").glob("*.bib"))
]

#: What an attacker would write into a field, and what must never come out as markup.
PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(2)>',
    "</details><iframe src=//evil.example>",
    "<svg onload=alert(3)>",
    "' onmouseover='alert(4)",
    "javascript:alert(5)",
    "{\\textbf{bold}",
    "\\url{http://x}",
    "$\\{$x$\\}$",
    "@misc{inner,",
    "%comment",
    '# " ,= }{',
]
#: Elements the engine's markup never contains; an attribute starting with "on" never appears either.
FORBIDDEN_TAGS = {"script", "iframe", "img", "object", "embed", "style", "link", "meta", "base", "form", "input"}


#: Hostile text inside a field's value is where it reaches the page: that mutation comes twice as often.
MUTATIONS = ["truncate", "drop", "duplicate", "unicode", "payload", "inject", "inject", "huge", "field", "swap"]


@st.composite
def mutated(draw) -> str:
    text = draw(st.sampled_from(SEEDS))
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(MUTATIONS))
        if kind == "truncate":
            text = text[: draw(st.integers(0, len(text)))]
        elif kind == "drop":
            positions = [i for i, c in enumerate(text) if c in '{}",=']
            if positions:
                at = draw(st.sampled_from(positions))
                text = text[:at] + text[at + 1 :]
        elif kind == "duplicate":
            lines = text.splitlines(keepends=True)
            fields = [i for i, line in enumerate(lines) if "=" in line]
            if fields:
                at = draw(st.sampled_from(fields))
                lines.insert(at, lines[at])
                text = "".join(lines)
        elif kind == "inject":
            openings = [m.end() for m in re.finditer(r"=\s*[{\"]", text)]
            if openings:
                at = draw(st.sampled_from(openings))
                insert = draw(st.sampled_from(PAYLOADS) | st.text(max_size=20))
                text = text[:at] + insert.replace("{", "").replace("}", "").replace('"', "'") + text[at:]
        elif kind in ("unicode", "payload"):
            insert = draw(st.text(max_size=40)) if kind == "unicode" else draw(st.sampled_from(PAYLOADS))
            at = draw(st.integers(0, len(text)))
            text = text[:at] + insert + text[at:]
        elif kind == "huge":
            at = text.find("title")
            if at >= 0:
                brace = text.find("{", at)
                if brace >= 0:
                    text = text[: brace + 1] + "Very long " * draw(st.integers(500, 5_000)) + text[brace + 1 :]
        elif kind == "field":
            name = draw(st.from_regex(r"[a-z_-]{1,12}", fullmatch=True))
            value = draw(st.sampled_from([*PAYLOADS, "https://example.org/x", "2025", "true", ""]))
            at = text.find(",\n")
            if at >= 0:
                text = text[: at + 2] + f"  {name} = {{{value}}},\n" + text[at + 2 :]
        else:  # swap the entry type
            text = re.sub(
                r"@\w+", "@" + draw(st.sampled_from(["misc", "article", "patent", "weird", "STRING"])), text, count=1
            )
    return text


def strip_references(node: nodes.Node) -> nodes.Node:
    """Unresolved cross-references (titles linked to paper pages) as their text, for rendering alone."""
    for xref in list(node.findall(addnodes.pending_xref)):
        xref.replace_self(xref.children)
    return node


def injected(html: str) -> list[str]:
    """Elements and attributes that only hostile input could have put into ``html``."""
    found = []
    for tag in BeautifulSoup(html, "html.parser").find_all(True):
        if tag.name == "img" and tag.find_parent(class_=["pub-preview", "pub-lead-figure"]):
            pass  # the entry's own preview image (its attributes are still checked below)
        elif tag.name in FORBIDDEN_TAGS:
            found.append(f"<{tag.name}>")
        found += [f"{tag.name}[{name}]" for name in tag.attrs if name.lower().startswith("on")]
        href = str(tag.get("href", ""))
        if href.strip().lower().startswith("javascript:"):
            found.append(f"{tag.name}[href=javascript:]")
    return found


class UniqueIds:
    """The renderer's id maker, outside a document: every id asked for, numbered."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, wanted: str) -> str:
        self.count += 1
        return f"{wanted}-{self.count}"


class EngineCheck:
    """Level one: parse, build and render every entry of a text; raise AssertionError on a violation."""

    def __init__(self, builder) -> None:
        self.builder = builder
        self.cases = 0

    def __call__(self, text: str) -> None:
        self.cases += 1
        raws, problems = read_entries(text, "refs.bib")
        for raw in raws:
            entry, entry_problems = build_entry(raw)
            problems += entry_problems
            if entry is None:
                continue
            parsed = parse_string(entry.bibtex, "bibtex")  # strict: a syntax error raises here
            assert list(parsed.entries) == [entry.key], entry.bibtex
            renderer = Renderer(["Ruoyu Qin"], "publications", UniqueIds())
            for node in (renderer.item(entry, FULL), renderer.paper(entry, "title", nodes.inline())):
                html = self.builder.render_partial(strip_references(node))["fragment"]
                bad = injected(html)
                assert not bad, f"injected {bad} from:\n{text[:2000]}"
        for problem in problems:
            assert problem.path == "refs.bib" and problem.message, problem
            assert problem.line >= 1, problem


class BuildCheck:
    """Level two: a whole build of a small site whose refs.bib is the text."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.cases = 0

    def __call__(self, text: str) -> None:
        from sphinx.testing.util import SphinxTestApp

        self.cases += 1
        src = self.workdir / f"case{self.cases}"
        shutil.copytree(ROOT / "tests/roots/test-exports", src)
        (src / "refs.bib").write_text(text, "utf-8", errors="surrogatepass")
        warnings = io.StringIO()
        app = SphinxTestApp("html", srcdir=src, builddir=src / "_build", status=io.StringIO(), warning=warnings)
        try:
            app.build()  # an exception here is the failure the fuzzing is for
        finally:
            app.cleanup()
        for line in warnings.getvalue().splitlines():
            if "WARNING" in line or "ERROR" in line:
                assert re.match(r"^(\x1b\[\d+m)?\S*(refs\.bib|\.md|\.rst):\d+: ", line), f"unlocated: {line}"
        for page in Path(app.outdir).rglob("*.html"):
            if "_static" in page.parts or page.name in ("search.html", "genindex.html"):
                continue  # Sphinx's own pages: a search form, no entry text
            html = page.read_text("utf-8")
            assert html.rstrip().endswith("</html>"), f"{page.name} is not complete"
            body = BeautifulSoup(html, "html.parser").body
            article = body.find(attrs={"role": "main"}) or body
            bad = injected(str(article))
            assert not bad, f"{page}: injected {bad}"
        shutil.rmtree(src, ignore_errors=True)  # a failing case's files stay, for a look


def html_builder(workdir: Path):
    """A Sphinx HTML builder, set up once, to render nodes with Sphinx's own writer."""
    from sphinx.testing.util import SphinxTestApp

    src = workdir / "renderer"
    shutil.copytree(ROOT / "tests/roots/test-exports", src)
    app = SphinxTestApp("html", srcdir=src, builddir=src / "_build", status=io.StringIO(), warning=io.StringIO())
    app.builder.current_docname = "publications/index"
    return app


def run(examples: int, builds: int, random_seed: int | None = None, workdir: Path | None = None) -> tuple[int, int]:
    """Run both levels; returns how many cases each ran. Raises on the first falsified case."""
    workdir = Path(workdir or tempfile.mkdtemp(prefix="fuzz-"))
    common = {"deadline": None, "suppress_health_check": list(HealthCheck), "database": None}

    def prepared(check, examples):
        test = settings(max_examples=examples, **common)(given(mutated())(lambda text: check(text)))
        return seed(random_seed)(test) if random_seed is not None else test

    app = html_builder(workdir)
    engine = EngineCheck(app.builder)
    try:
        prepared(engine, examples)()
    finally:
        app.cleanup()  # before the builds, which register Sphinx's nodes again
    build = BuildCheck(workdir)
    if builds:
        prepared(build, builds)()
    return engine.cases, build.cases


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--examples", type=int, default=2000, help="engine-level cases (default 2000)")
    parser.add_argument("--builds", type=int, default=100, help="whole-build cases (default 100)")
    parser.add_argument("--seed", type=int, default=None, help="a fixed seed (default: random)")
    args = parser.parse_args()
    start = time.perf_counter()
    engine, builds = run(args.examples, args.builds, args.seed)
    print(
        f"fuzz: {engine + builds} cases passed ({engine} engine-level, {builds} whole builds) "
        f"in {time.perf_counter() - start:.0f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
