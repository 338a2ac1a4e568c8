"""The owner's papers in sphinxcontrib-bibtex, the site's citation layer.

Pages cite with sphinxcontrib-bibtex's own roles and directives (``{cite:p}``,
``{cite:t}``, ``{footcite}``, ``{bibliography}``, …), on every BibTeX file in
``bibtex_bibfiles``. This module joins them to the engine:

* **A citation of one of the owner's papers links to its paper page.**
  sphinxcontrib-bibtex resolves a citation to the entry of a ``{bibliography}``
  that lists it. Each cited paper's page is made such a target for its own
  work: once sphinxcontrib-bibtex has computed its citations (``env-updated``),
  an empty ``citation`` bibliography at the paper's anchor, and the paper's
  citation pointing there. Added after sphinxcontrib-bibtex's own, it causes no
  "duplicate citation" when a page's ``{bibliography}`` lists the paper too;
  the referencing style (``reference_style``) sends every citation of a paper
  to its page, wherever sphinxcontrib-bibtex resolved it.
* **"Cited on this site".** ``CitationCollector`` records, per page, the keys it
  cites with the ``cite`` and ``footcite`` roles; paper pages list those pages.
* **Labels** (``citation_style``) are decided over all the entries of all the
  files at the start of every build; a page whose citations' labels changed is
  read again.
* **Bad input is reported, located, in one build.** sphinxcontrib-bibtex parses
  the files with pybtex, which stops at the first syntax error with an
  exception (a crash of the whole build) and drops the rest of a file after a
  key it has seen in another file. The engine reads every file itself first
  and reports each problem at its line; pybtex's own parse then runs with
  pybtex's error capture on, so it neither stops nor prints.
* Paper links inside formatted entries (reference lists, footnotes) are written
  by the style with a placeholder scheme and become links to the paper page
  when each page is written (``PaperLinks``).
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import pybtex.errors
from docutils import nodes
from pybtex.database import BibliographyDataError
from pybtex.richtext import Text
from pybtex.scanner import PybtexSyntaxError
from pybtex.style import FormattedEntry
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinxcontrib.bibtex.citation_target import parse_citation_targets
from sphinxcontrib.bibtex.directives import BibliographyKey, BibliographyValue
from sphinxcontrib.bibtex.domain import Citation

from .._extension import DocumentStateCollector, config_location
from . import bibtex_data, citation_style, environment, errors, latex
from .bibliography import read_entries, read_text, remember_read
from .bibtex_data import bibtex_files
from .errors import Problem
from .render import paper_reference, set_heading_levels

#: sphinxcontrib-bibtex's default footnote id template (``bibtex_footcite_id``): "footcite-<key>".
FOOTCITE_PREFIX = "footcite-"


def cite_domain(env: BuildEnvironment):
    return env.get_domain("cite")


# -- who cites what ----------------------------------------------------------------------------


def cited_keys(doctree: nodes.document, known: set[str]) -> set[str]:
    """The keys a page cites: in its cite roles and in the footnotes its footcite roles made."""
    keys = set()
    for xref in doctree.findall(addnodes.pending_xref):
        if xref.get("refdomain") == "cite":
            try:
                keys.update(target.key for target in parse_citation_targets(xref["reftarget"]))
            except ValueError:
                continue  # sphinxcontrib-bibtex reports a malformed target itself
    names = {name for footnote in doctree.findall(nodes.footnote) for name in footnote["names"]}
    if names:  # most pages have no footnote: no need to go through every key
        keys.update(key for key in known if footnote_name(key) in names)
    return keys


@functools.cache
def footnote_name(key: str) -> str:
    """The name of the footnote a footcite of ``key`` makes (once per key: pages x keys adds up)."""
    return nodes.make_id(f"{FOOTCITE_PREFIX}{key}")


class CitationCollector(DocumentStateCollector):
    """Who cites what: ``env.publications_citations[docname]`` is the set of keys the page cites."""

    attribute = "publications_citations"

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        env = app.env
        papers = environment.bibliography(env).entries
        keys = cited_keys(doctree, set(papers))
        if keys:
            self.state(env)[env.docname] = keys
        for key in keys & papers.keys():
            # The stub changes exactly when the entry does: read this page again then (labels, tooltips).
            stub = environment.paper_docname(env, papers[key]) + ".rst"
            env.note_dependency(str(Path(env.srcdir, stub)))
        if keys and cites_only_papers(env, doctree, keys, papers.keys()):
            drop_bibfile_dependencies(env)


def cites_only_papers(env: BuildEnvironment, doctree: nodes.document, keys: set[str], papers) -> bool:
    """Whether all the page shows of the BibTeX files is the owner's papers it cites.

    Not so when it has a ``{bibliography}`` (which may list any entry: ``:all:``, ``:filter:``),
    cites an entry that is not a paper (others' work, or a key no file has yet), or has
    a footnote citation this module cannot name (another ``bibtex_footcite_id``)."""
    if not keys <= papers or env.config.bibtex_footcite_id not in ("", FOOTCITE_PREFIX + "{key}"):
        return False
    if any(key.docname == env.docname for key in cite_domain(env).bibliographies):
        return False
    paper_notes = {footnote_name(key) for key in keys}
    return all(
        name in paper_notes
        for footnote in doctree.findall(nodes.footnote)
        for name in footnote["names"]
        if name.startswith(FOOTCITE_PREFIX)
    )


def drop_bibfile_dependencies(env: BuildEnvironment) -> None:
    """Forget that the page depends on the whole BibTeX files, as sphinxcontrib-bibtex's
    ``{footbibliography}`` notes it does.

    Its footnotes show only the entries the page cites, and the page depends on
    each of those exactly, through its stub (above), and on their labels
    (:func:`pages_with_changed_labels`): without this, editing one entry of
    ``refs.bib`` would read again every page with a footnote citation."""
    bibfiles = {Path(name).resolve() for name in cite_domain(env).bibdata.bibfiles}
    dependencies = env.dependencies.get(env.docname)
    if dependencies:
        dependencies.difference_update({dep for dep in dependencies if Path(env.srcdir, dep).resolve() in bibfiles})


def citing_docs(env: BuildEnvironment) -> dict[str, list[str]]:
    """key -> the documents citing it, sorted."""
    by_key: dict[str, set[str]] = {}
    for docname, keys in CitationCollector.state(env).items():
        for key in keys:
            by_key.setdefault(key, set()).add(docname)
    return {key: sorted(docs) for key, docs in by_key.items()}


# -- paper pages as citation targets ---------------------------------------------------------


def paper_target(line: int = 1) -> BibliographyValue:
    """What a paper page is to sphinxcontrib-bibtex: a ``citation`` bibliography of no file."""
    return BibliographyValue(
        line=line,
        bibfiles=[],
        style="academic",
        list_="citation",
        enumtype="arabic",
        start=1,
        labelprefix="",
        keyprefix="",
        filter_=ast.parse("False"),
        citation_nodes={},
        keys=[],
    )


def remove_paper_targets(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """env-updated, before sphinxcontrib-bibtex's: the last build's paper targets go.

    sphinxcontrib-bibtex goes through every bibliography at env-updated, at a cost
    that grows with the number of bibliographies times the number of citations:
    the paper pages (a thousand on a large site) are kept out of that step and
    added after it (``add_paper_citations``), only for the papers cited.
    """
    bibliographies = cite_domain(env).bibliographies
    for target in getattr(env, "publications_paper_targets", ()):
        bibliographies.pop(target, None)
    env.publications_paper_targets = []
    return []


def add_paper_citations(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """env-updated, after sphinxcontrib-bibtex's: each cited paper's citation, at its page.

    The citation is added after sphinxcontrib-bibtex's own, so it wins the
    resolution of a citation on any page without a reference list of its own.
    """
    domain = cite_domain(env)
    pybtex_entries = domain.bibdata.data.entries
    papers = environment.bibliography(env).entries
    style = citation_style.AcademicStyle()
    cited = set().union(*CitationCollector.state(env).values())
    # Formatting is most of this step's time (a third of a second for 300 papers cited): each
    # paper's reference is formatted again only when what it shows changes: its entry, its label,
    # the owner's names (in bold) or whether it has a page (its link).
    site = citation_style.site()
    owners = sorted(site.owner_keys)
    last = getattr(env, "publications_formatted_citations", {})
    formatted_now = env.publications_formatted_citations = {}
    for key in sorted(cited & papers.keys()):
        entry = papers[key]
        docname = environment.paper_docname(env, entry)
        if docname not in env.all_docs or key not in pybtex_entries:
            continue  # the paper page is not built (its problems were reported)
        target = BibliographyKey(docname=docname, id_=entry.page)
        domain.bibliographies[target] = paper_target()
        env.publications_paper_targets.append(target)
        label = citation_style.label_of(pybtex_entries[key]).text
        shown = (entry.digest, label, owners, key in site.papers)
        known = last.get(key)
        if known is None or known[0] != shown:
            known = (shown, style.format_entry(label, pybtex_entries[key]))
        formatted_now[key] = known
        tooltip = FormattedEntry(key, Text(f"{entry.title} ({label})"), label)
        domain.citations.append(
            Citation(
                citation_id=entry.page,
                bibliography_key=target,
                key=key,
                entry=pybtex_entries[key],
                formatted_entry=known[1],
                tooltip_entry=tooltip if env.config.bibtex_tooltips else None,
            )
        )
    return []


# -- the BibTeX files, checked first; labels -------------------------------------------------


def default_bibfiles(app: Sphinx, config) -> None:
    """config-inited: without ``bibtex_bibfiles``, sphinxcontrib-bibtex reads the owner's file."""
    if config.bibtex_bibfiles is None:
        config.bibtex_bibfiles = [config.publications_bibfile]


def check_bibtex_files(app: Sphinx) -> bool:
    """builder-inited, before sphinxcontrib-bibtex reads them: every file's syntax, and keys across files.

    The owner's file is read and checked in full by the engine (``pages.generate``);
    the others (works the owner cites) are checked here for what would make
    pybtex stop or drop entries. Returns whether any file has a problem.
    """
    owner_file = Path(app.srcdir, app.config.publications_bibfile).resolve()
    if owner_file not in {path for path, _ in bibtex_files(app)}:
        errors.logger.warning(
            "publications_bibfile %r is not in bibtex_bibfiles: its papers cannot be cited; add it there",
            app.config.publications_bibfile,
            location=config_location(app, "bibtex_bibfiles"),
            type=errors.WARNING_TYPE,
            subtype="config",
        )
    problems: list[Problem] = []
    first_seen: dict[str, tuple[str, int]] = {}
    for path, name in bibtex_files(app):
        if path == owner_file:  # read by the engine already, problems and all
            keys = environment.bibliography(app.env).keys
        else:
            text, data, unreadable = read_text(path, name)
            if text is None:
                problems += unreadable
                continue
            raws, syntax = read_entries(text, name)
            problems += syntax
            if not syntax:
                remember_read(data, raws)
            keys = tuple((raw.key, raw.line) for raw in raws)
        for key, line in keys:
            folded = key.casefold()
            if folded in first_seen and first_seen[folded][0] != name:
                where = "{}:{}".format(*first_seen[folded])
                problems.append(
                    Problem(
                        name,
                        line,
                        f"the key is also defined at {where}: rename one of them",
                        "duplicate",
                        key=key,
                    )
                )
            first_seen.setdefault(folded, (name, line))
    errors.report(problems)
    return bool(problems) or bool(environment.bibliography(app.env).problems)


class PybtexCapture:
    """Around sphinxcontrib-bibtex's parse (builder-inited, priority 500): pybtex's error capture.

    The problems were reported with their locations by ``check_bibtex_files``;
    what pybtex would raise or print is captured instead, and anything the
    engine's own check did not find is reported as pybtex words it.
    """

    def __init__(self) -> None:
        self.captured = None

    reported = False  #: whether the engine's own check found problems (pybtex's are their echoes then)

    def check(self, app: Sphinx) -> None:
        self.reported = check_bibtex_files(app)

    def start(self, app: Sphinx) -> None:
        self.context = pybtex.errors.capture()
        self.captured = self.context.__enter__()

    def stop(self, app: Sphinx) -> None:
        captured, self.captured = self.captured or [], None
        self.context.__exit__(None, None, None)
        for error in captured:
            if self.reported or isinstance(error, (BibliographyDataError, PybtexSyntaxError)):
                continue  # reported, located, by the engine's own reading of the files
            where = error.get_filename() if hasattr(error, "get_filename") else None
            errors.logger.warning(
                "pybtex: %s",
                error,
                location=f"{where}:1" if where else config_location(app, "bibtex_bibfiles"),
                type=errors.WARNING_TYPE,
                subtype="bibtex",
            )


def use_site_data(app: Sphinx) -> None:
    """builder-inited, after sphinxcontrib-bibtex has read the files: labels, papers, owner's names."""
    env = app.env
    bibdata = cite_domain(env).bibdata
    # The labels change only with the files' data, which sphinxcontrib-bibtex reads again
    # when a file's modification time changes: the same times, the same labels.
    read = tuple((str(path), bibfile.mtime) for path, bibfile in bibdata.bibfiles.items())
    cached_read, labels = getattr(env, "publications_label_cache", ((), {}))
    if cached_read != read or not read:
        labels = citation_style.author_year_labels(bibdata.data.entries.values())
        env.publications_label_cache = (read, labels)
    citation_style.use_site(
        citation_style.SiteData(
            labels=labels,
            papers=frozenset(environment.bibliography(env).entries),
            owner_keys=frozenset(latex.name_key(name) for name in app.config.publications_owner_names),
        )
    )
    env.publications_labels_before = getattr(env, "publications_labels", {})
    env.publications_labels = {key: label.text for key, label in labels.items()}


def pages_with_changed_labels(app: Sphinx, env: BuildEnvironment, added, changed, removed) -> list[str]:
    """env-get-outdated: pages citing a work whose label changed (a new 2025b renames 2025 to 2025a)."""
    before, now = env.publications_labels_before, env.publications_labels
    changed_keys = {key for key in before.keys() | now.keys() if before.get(key) != now.get(key)}
    if not before or not changed_keys:
        return []
    return [doc for doc, keys in CitationCollector.state(env).items() if keys & changed_keys]


# -- links to paper pages inside formatted entries ------------------------------------------


class PaperLinks(SphinxPostTransform):
    """A formatted entry's link to a paper page (``citation_style.PAPER_LINK_SCHEME``) becomes a
    cross-reference to the paper's label, resolved for the page it is on."""

    # After sphinxcontrib-bibtex puts the entries in place (5), before Sphinx resolves references (10).
    default_priority = 6

    def run(self, **kwargs) -> None:
        for reference in list(self.document.findall(nodes.reference)):
            uri = reference.get("refuri", "")
            if uri.startswith(citation_style.PAPER_LINK_SCHEME):
                key = uri.removeprefix(citation_style.PAPER_LINK_SCHEME)
                content = nodes.inline("", "", *reference.children, classes=["pub-title"])
                reference.replace_self(paper_reference(key, content))


# -- "cited on this site" ----------------------------------------------------------------------


class cited_by_placeholder(nodes.General, nodes.Element):  # noqa: N801 (docutils naming)
    """Where a paper page lists the pages citing it; replaced once all pages are read."""


def fill_cited_by(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """doctree-resolved: replace the placeholder by links to the citing pages."""
    placeholders = list(doctree.findall(cited_by_placeholder))
    if not placeholders:
        return
    env = app.env
    renderer = environment.renderer(env, doctree)
    for placeholder in placeholders:
        links = [
            nodes.reference("", title, internal=True, refuri=app.builder.get_relative_uri(docname, doc))
            for doc, title in _citing_with_titles(env, placeholder["key"])
            if doc != docname
        ]
        placeholder.replace_self(renderer.cited_by(links))
    set_heading_levels(app, doctree)


def snapshot_citations(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """env-before-read-docs: remember who cited what, to find paper pages whose list changes."""
    env.publications_cited_before = _citations_with_titles(env)


def _citations_with_titles(env: BuildEnvironment) -> dict[str, list[tuple[str, str]]]:
    """key -> (citing document, its title): what a paper page shows."""
    return {key: [(doc, _title(env, doc)) for doc in docs] for key, docs in citing_docs(env).items()}


def _citing_with_titles(env: BuildEnvironment, key: str) -> list[tuple[str, str]]:
    """One paper's entry of ``_citations_with_titles``, without the others' (each paper page asks)."""
    citing = CitationCollector.state(env)
    return [(doc, _title(env, doc)) for doc in sorted(doc for doc, keys in citing.items() if key in keys)]


def _title(env: BuildEnvironment, docname: str) -> str:
    return env.titles[docname].astext() if docname in env.titles else docname


def papers_to_rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """env-get-updated: paper pages whose "cited on this site" list changed, though not re-read."""
    before = getattr(env, "publications_cited_before", {})
    now = _citations_with_titles(env)
    changed = {key for key in before.keys() | now.keys() if before.get(key) != now.get(key)}
    papers = environment.bibliography(env).entries
    return [
        environment.paper_docname(env, papers[key])
        for key in changed
        if key in papers and environment.paper_docname(env, papers[key]) in env.all_docs
    ]


def skip(self, node):
    raise nodes.SkipNode


def register(app: Sphinx) -> None:
    capture = PybtexCapture()
    app.add_env_collector(CitationCollector)
    app.add_node(cited_by_placeholder, **dict.fromkeys(("html", "latex", "text", "man", "texinfo"), (skip, None)))
    app.add_post_transform(PaperLinks)
    app.connect("config-inited", default_bibfiles)
    # sphinxcontrib-bibtex reads the BibTeX files at builder-inited, priority 500.
    app.connect("builder-inited", capture.check, priority=490)
    bibtex_update = bibtex_data.BibtexDataUpdate(lambda: capture.reported)
    app.connect("builder-inited", bibtex_update.before, priority=495)
    app.connect("builder-inited", capture.start, priority=499)
    app.connect("builder-inited", capture.stop, priority=501)
    app.connect("builder-inited", bibtex_update.after, priority=502)
    app.connect("builder-inited", use_site_data, priority=600)
    app.connect("env-get-outdated", pages_with_changed_labels)
    app.connect("env-updated", remove_paper_targets, priority=400)
    app.connect("env-updated", add_paper_citations, priority=600)
    app.connect("doctree-resolved", fill_cited_by)
    app.connect("env-before-read-docs", snapshot_citations)
    app.connect("env-get-updated", papers_to_rewrite)
