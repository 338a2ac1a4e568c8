"""The engine's state in Sphinx's build environment: the owner's bibliography.

The environment is pickled between builds, so the parsed bibliography kept
here is also the cache that spares re-parsing an unchanged ``refs.bib``. Who
cites what is kept by ``citations.CitationCollector``.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from . import errors
from .bibliography import Bibliography, load
from .model import Entry
from .render import Renderer


def bibfile(env: BuildEnvironment) -> Path:
    return Path(env.srcdir, env.config.publications_bibfile)


def load_bibliography(app: Sphinx) -> Bibliography:
    """Load (or reuse) the bibliography and report its problems; once per build, at builder-inited.

    ``env.publications_bibliography`` is the parse of the file (the cache);
    ``env.publications_shown`` what the site shows of it in this build (see ``show``).
    """
    env = app.env
    bib = load(bibfile(env), env.config.publications_bibfile, getattr(env, "publications_bibliography", None))
    env.publications_bibliography = env.publications_shown = bib
    errors.report(bib.problems)
    return bib


def show(env: BuildEnvironment, left_out: set[str]) -> None:
    """What the site shows: the bibliography without the entries that cannot have a page this build."""
    full = env.publications_bibliography
    env.publications_shown = dataclasses.replace(
        full, entries={k: e for k, e in full.entries.items() if k not in left_out}
    )


def bibliography(env: BuildEnvironment) -> Bibliography:
    return env.publications_shown


def entry(env: BuildEnvironment, key: str) -> Entry | None:
    return bibliography(env).get(key)


def paper_docname(env: BuildEnvironment, paper: Entry) -> str:
    return f"{env.config.publications_pages_dir}/{paper.page}"


def paper_target(env: BuildEnvironment, key: str) -> tuple[str, str] | None:
    """(document, anchor) of the paper page of ``key``, when the site has one."""
    entry = bibliography(env).get(key) if hasattr(env, "publications_bibliography") else None
    if entry is None:
        return None
    return paper_docname(env, entry), entry.page


def renderer(env: BuildEnvironment, document: nodes.document) -> Renderer:
    """A renderer whose ids are unique within ``document``."""

    def new_id(wanted: str) -> str:
        candidate, n = wanted, 2
        while candidate in document.ids:
            candidate, n = f"{wanted}-{n}", n + 1
        document.ids[candidate] = document  # reserved: later sections pick other ids
        return candidate

    return Renderer(
        env.config.publications_owner_names,
        env.config.publications_pages_dir,
        new_id,
        bib_path=str(bibfile(env)),
        language=env.config.language,
    )
