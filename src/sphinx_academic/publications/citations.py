"""Citations of papers: the ``cite`` role and the "cited on this site" lists.

Each paper page is the target of the label ``<key in lower case>`` (see
``pages.py``). ``{cite}`key``` links to that label with an author-year text;
a collector records the citing documents, which the paper pages list once
all pages are read.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxRole

from .._extension import DocumentStateCollector
from . import environment
from .errors import PublicationsError
from .render import paper_reference, set_heading_levels


class CiteRole(SphinxRole):
    """``{cite}`key``` or ``{cite}`key1,key2``` -> "[Qin et al. 2025]" linking to the paper page."""

    def run(self):
        keys = [k.strip() for k in self.text.split(",") if k.strip()]
        if not keys:
            raise PublicationsError(f"{self.get_location()}: cite without a key")
        citation = nodes.inline("", "[", classes=["pub-cite"], support_smartquotes=False, pub_keys=keys)
        for i, key in enumerate(keys):
            entry = environment.entry(self.env, key, f"{self.get_location()}: cite")
            if i:
                citation += nodes.Text("; ")
            citation += paper_reference(key, nodes.inline("", entry.cite_label), title=entry.title)
            # The stub changes exactly when the entry does: re-read this page then (label text).
            stub = environment.paper_docname(self.env, key) + ".rst"
            self.env.note_dependency(str(self.env.srcdir / stub))
        citation += nodes.Text("]")
        return [citation], []


class CitationCollector(DocumentStateCollector):
    """Who cites what: ``env.publications_citations[docname]`` is the set of keys the page cites."""

    attribute = "publications_citations"

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        keys = {key for node in doctree.findall(nodes.inline) for key in node.get("pub_keys", ())}
        if keys:
            self.state(app.env)[app.env.docname] = keys


def citing_docs(env: BuildEnvironment) -> dict[str, list[str]]:
    """key -> the documents citing it, sorted."""
    by_key: dict[str, set[str]] = {}
    for docname, keys in CitationCollector.state(env).items():
        for key in keys:
            by_key.setdefault(key, set()).add(docname)
    return {key: sorted(docs) for key, docs in by_key.items()}


class cited_by_placeholder(nodes.General, nodes.Element):  # noqa: N801 (docutils naming)
    """Where a paper page lists the pages citing it; replaced once all pages are read."""


def fill_cited_by(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """doctree-resolved: replace the placeholder by links to the citing pages."""
    placeholders = list(doctree.findall(cited_by_placeholder))
    if not placeholders:
        return
    env = app.env
    citations = _citations_with_titles(env)
    renderer = environment.renderer(env, doctree)
    for placeholder in placeholders:
        links = [
            nodes.reference("", title, internal=True, refuri=app.builder.get_relative_uri(docname, doc))
            for doc, title in citations.get(placeholder["key"], [])
        ]
        placeholder.replace_self(renderer.cited_by(links))
    set_heading_levels(app, doctree)


def snapshot_citations(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """env-before-read-docs: remember who cited what, to find paper pages whose list changes."""
    env.publications_cited_before = _citations_with_titles(env)


def _citations_with_titles(env: BuildEnvironment) -> dict[str, list[tuple[str, str]]]:
    """key -> (citing document, its title): what a paper page shows."""
    return {
        key: [(doc, env.titles[doc].astext() if doc in env.titles else doc) for doc in docs]
        for key, docs in citing_docs(env).items()
    }


def papers_to_rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """env-get-updated: paper pages whose "cited on this site" list changed, though not re-read."""
    before = getattr(env, "publications_cited_before", {})
    now = _citations_with_titles(env)
    changed = {key for key in before.keys() | now.keys() if before.get(key) != now.get(key)}
    return [
        environment.paper_docname(env, key) for key in changed if environment.paper_docname(env, key) in env.all_docs
    ]


def skip(self, node):
    raise nodes.SkipNode


def register(app: Sphinx) -> None:
    app.add_role("cite", CiteRole())
    app.add_env_collector(CitationCollector)
    app.add_node(cited_by_placeholder, **dict.fromkeys(("html", "latex", "text", "man", "texinfo"), (skip, None)))
    app.connect("doctree-resolved", fill_cited_by)
    app.connect("env-before-read-docs", snapshot_citations)
    app.connect("env-get-updated", papers_to_rewrite)
