"""A page per paper: generated source stubs, the ``paper`` directive, and the ``.bib`` downloads.

Like ``sphinx.ext.autosummary``, the engine writes one small source file per
entry at ``builder-inited`` (``<pages_dir>/<page>.rst``, where ``<page>`` is the
key made URL-safe: ``model.page_name``). A stub holds only the ``paper``
directive and a digest of its entry, and is rewritten only when that entry
changed, so Sphinx's own change detection re-reads exactly the pages whose
entry changed, and nothing when an unrelated page is edited. A stub as written
here is made into its page without the reST state machine (:class:`StubParser`).
"""

from __future__ import annotations

import re
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.parsers import RSTParser
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from .._extension import write_if_changed
from . import citations, environment, errors, fragments
from .bibliography import Bibliography
from .errors import Problem
from .nodes import element
from .render import ALL_ENTRIES_BIB, label_for

logger = logging.getLogger(__name__)

#: First line of every stub; only files starting with it are ever rewritten or removed.
STUB_MARK = ".. Generated from "


def stub_text(key: str, digest: str, bibfile: str) -> str:
    """The stub of the entry ``key`` whose digest is ``digest``."""
    return (
        f"{STUB_MARK}{bibfile} by the publications extension: do not edit.\n"
        f".. Entry digest: {digest}\n"
        "\n"
        ":orphan:\n"
        "\n"
        f".. paper:: {key}\n"
    )


def is_stub(path: Path) -> bool:
    try:
        with path.open(encoding="utf-8") as f:
            return f.readline().startswith(STUB_MARK)
    except (OSError, UnicodeDecodeError):
        return False


def write_stubs(srcdir: Path, pages_dir: str, bib: Bibliography, source_suffixes) -> tuple[int, list[Problem]]:
    """Create, update or remove stubs so they match the bibliography.

    Returns how many were written, and the entries that cannot have a page (their
    page name is reserved, or a page of the site's own has it), as problems.
    """
    directory = srcdir / pages_dir
    directory.mkdir(parents=True, exist_ok=True)
    written, problems = 0, []
    kept = set()
    for entry in bib.entries.values():
        if entry.page == Path(ALL_ENTRIES_BIB).stem:
            problems.append(
                Problem(
                    entry.path,
                    entry.line,
                    f"the page name {entry.page!r} is reserved ({pages_dir}/{ALL_ENTRIES_BIB} holds every entry): "
                    "change the key. The entry is left out",
                    "key",
                    key=entry.key,
                )
            )
            continue
        own = [directory / f"{entry.page}{suffix}" for suffix in source_suffixes]
        taken = next((path for path in own if path.exists() and not is_stub(path)), None)
        if taken is not None:
            problems.append(
                Problem(
                    entry.path,
                    entry.line,
                    f"its paper page would replace {pages_dir}/{taken.name}, a page not generated from the "
                    "bibliography: rename the key or the page. The entry is left out",
                    "key",
                    key=entry.key,
                )
            )
            continue
        kept.add(entry.page)
        # An unchanged stub keeps its time, so Sphinx does not re-read it; the two languages' builds
        # (make html) write the same stubs side by side, each file whole (write_atomically).
        if write_if_changed(directory / f"{entry.page}.rst", stub_text(entry.key, entry.digest, bib.path)):
            written += 1
    for path in directory.glob("*.rst"):
        if path.stem not in kept and is_stub(path):
            path.unlink()
    return written, problems


class PaperDirective(SphinxDirective):
    """``.. paper:: key``: the whole page of one paper (used by the generated stubs)."""

    required_arguments = 1

    def run(self):
        return paper_page(self.env, self.state.document, self.arguments[0], self.get_location())


def paper_page(env, document: nodes.document, key: str, location: str) -> list[nodes.Node]:
    """The nodes of the paper page of ``key`` (what ``.. paper:: key`` at ``location`` makes)."""
    entry = environment.entry(env, key)
    if entry is None:  # a stub left from an older bibliography; it goes at the next build
        logger.warning(
            "no entry %r in %s for this paper page",
            key,
            env.config.publications_bibfile,
            location=location,
            type=errors.WARNING_TYPE,
            subtype="reference",
        )
        return []
    renderer = environment.renderer(env, document)
    # The section is the paper's std:label target ({ref}, objects.inv for intersphinx): Sphinx's
    # standard domain registers it, with the title, as it does a label written in a page.
    section = nodes.section(ids=[entry.page], names=[nodes.fully_normalize_name(label_for(key))])
    document.note_explicit_target(section, section)
    # The page's h1 is the paper's title; the article and its links refer to it by id.
    title_id = renderer.new_id(f"{entry.page}-title")
    title = nodes.title(entry.title, entry.title, classes=["pub-title"], ids=[title_id])
    title["support_smartquotes"] = False  # exactly as written
    title["translatable"] = False  # the paper's title, as written in every language
    if renderer.paper_lang:  # in its language: docutils writes no lang on a heading, so a span
        title.children = []
        title += element("span", entry.title, lang=renderer.paper_lang)
    section += title
    article = renderer.paper(entry, title_id, citations.cited_by_placeholder(key=key))
    writer = fragments.writer_for(env)
    if writer is not None:
        writer.write_parts(article)
    section += article
    # The text sphinx_academic.page_metadata trims into the page's meta description.
    authors = ", ".join(author.name for author in entry.authors)
    venue = f"; {entry.venue}" if entry.venue else ""
    summary = " ".join(entry.abstract) or f"{entry.title}, by {authors}{venue}, {entry.year}."
    env.metadata[env.docname].setdefault("summary", summary)
    if entry.preview:  # the link preview shows it (sphinx_academic.social_card)
        env.metadata[env.docname].setdefault("card_image", entry.preview.uri)
    return [section]


#: A stub as :func:`stub_text` writes it (checked against it: nothing else matches).
_STUB = re.compile(
    re.escape(STUB_MARK) + r"(?P<bibfile>[^\n]*) by the publications extension: do not edit\.\n"
    r"\.\. Entry digest: (?P<digest>[^\n]*)\n\n:orphan:\n\n\.\. paper:: (?P<key>\S+)\n\Z"
)


def stub_key(text: str) -> str | None:
    """The key of the paper whose stub ``text`` is, exactly as this module writes stubs; else None."""
    match = _STUB.match(text)
    if match is None:
        return None
    return match["key"] if stub_text(match["key"], match["digest"], match["bibfile"]) == text else None


class StubParser(RSTParser):
    """Sphinx's reST parser, which makes the page of a stub this module wrote without parsing it.

    Why: the reST state machine takes about 2 ms to read a stub (two comments, ``:orphan:``
    and the ``paper`` directive): 2 s of a clean build of a thousand papers, for the same six
    lines each time. A stub as :func:`stub_text` writes it becomes the nodes the reST parser
    makes of it (their sources and lines too; a test compares them), its paper page made by
    the same function as the directive's. Any other text goes to the reST parser: every other
    reST page, a stub edited by hand, and every stub when ``rst_prolog`` or ``rst_epilog`` adds
    to it.
    """

    def parse(self, inputstring, document: nodes.document) -> None:
        config = self._config
        key = (
            stub_key(inputstring)
            if isinstance(inputstring, str) and not config.rst_prolog and not config.rst_epilog
            else None
        )
        if key is None:
            super().parse(inputstring, document)
            return
        self.setup_parse(inputstring, document)
        source = document.current_source
        mark, digest = inputstring.splitlines()[:2]
        # The lines docutils gives them (the second comment's is the line after it).
        for text, line in ((mark[3:], 1), (digest[3:], 3)):
            comment = nodes.comment(text, text)
            comment["xml:space"] = "preserve"
            comment.source, comment.line = source, line
            document += comment
        field = nodes.field("", nodes.field_name("orphan", "orphan"), nodes.field_body(""))
        field_list = nodes.field_list("", field)
        field_list.source, field_list.line = field.source, field.line = source, 4
        document += field_list
        for node in paper_page(self._env, document, key, f"{source}:6"):
            node.source, node.line = source, 6
            document += node
        self.finish_parse()


def write_bib_files(app: Sphinx, exception: Exception | None) -> None:
    """build-finished: one ``.bib`` per entry plus one with all, written only when changed."""
    if exception is not None or app.builder.format != "html":
        return
    bib = environment.bibliography(app.env)
    directory = Path(app.outdir, app.config.publications_pages_dir)
    directory.mkdir(parents=True, exist_ok=True)
    files = {f"{e.page}.bib": e.bibtex for e in bib.entries.values()}
    files[ALL_ENTRIES_BIB] = "\n".join(e.bibtex for e in bib.sorted())
    for name, text in files.items():
        write_if_changed(directory / name, text)
    # Remove the downloads of entries that are gone: only files this engine wrote,
    # as listed in a manifest kept beside the doctrees (not in the published output).
    manifest = Path(app.doctreedir, "publications-bib-files.txt")
    previous = set(manifest.read_text("utf-8").split()) if manifest.exists() else set()
    for name in previous - files.keys():
        (directory / name).unlink(missing_ok=True)
    manifest.write_text("\n".join(sorted(files)), "utf-8")


def generate(app: Sphinx) -> None:
    """builder-inited: load the bibliography, report its problems, bring the stubs up to date."""
    bib = environment.load_bibliography(app)
    _, problems = write_stubs(Path(app.srcdir), app.config.publications_pages_dir, bib, list(app.config.source_suffix))
    errors.report(problems)
    environment.show(app.env, {problem.key for problem in problems})


def register(app: Sphinx) -> None:
    app.add_directive("paper", PaperDirective)
    app.add_source_parser(StubParser, override=True)  # Sphinx's reST parser, stubs made directly
    # Before sphinxcontrib-bibtex (500) and the citation layer (citations.py), which use the entries.
    app.connect("builder-inited", generate, priority=480)
    app.connect("build-finished", write_bib_files)
