"""The engine's state in Sphinx's build environment: the bibliography and who cites what.

The environment is pickled between builds, so the parsed bibliography kept
here is also the cache that spares re-parsing an unchanged ``refs.bib``.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from .bibliography import Bibliography, load
from .errors import PublicationsError
from .model import Entry
from .render import Renderer


def bibfile(env: BuildEnvironment) -> Path:
    return Path(env.srcdir, env.config.publications_bibfile)


def load_bibliography(app: Sphinx) -> Bibliography:
    """Load (or reuse) the bibliography; called once per build, at builder-inited."""
    env = app.env
    bib = load(bibfile(env), env.config.publications_bibfile, getattr(env, "publications_bibliography", None))
    env.publications_bibliography = bib
    if not hasattr(env, "publications_citations"):
        env.publications_citations = {}  # docname -> keys cited there
    return bib


def bibliography(env: BuildEnvironment) -> Bibliography:
    return env.publications_bibliography


def entry(env: BuildEnvironment, key: str, location: str) -> Entry:
    found = bibliography(env).get(key)
    if found is None:
        raise PublicationsError(
            f"{location}: unknown publication key {key!r} (not in {env.config.publications_bibfile})"
        )
    return found


def paper_docname(env: BuildEnvironment, key: str) -> str:
    return f"{env.config.publications_pages_dir}/{key}"


def renderer(env: BuildEnvironment, document: nodes.document) -> Renderer:
    """A renderer whose ids are unique within ``document``."""

    def new_id(wanted: str) -> str:
        candidate, n = wanted, 2
        while candidate in document.ids:
            candidate, n = f"{wanted}-{n}", n + 1
        document.ids[candidate] = document  # reserved: later sections pick other ids
        return candidate

    return Renderer(
        env.config.publications_owner_names, env.config.publications_pages_dir, new_id, bib_path=str(bibfile(env))
    )


def purge_doc(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    getattr(env, "publications_citations", {}).pop(docname, None)


def merge_info(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    for docname in docnames:
        if docname in other.publications_citations:
            env.publications_citations[docname] = other.publications_citations[docname]


def citing_docs(env: BuildEnvironment) -> dict[str, list[str]]:
    """key -> the documents citing it, sorted."""
    by_key: dict[str, set[str]] = {}
    for docname, keys in env.publications_citations.items():
        for key in keys:
            by_key.setdefault(key, set()).add(docname)
    return {key: sorted(docs) for key, docs in by_key.items()}
