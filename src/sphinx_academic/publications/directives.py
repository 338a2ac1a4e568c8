"""The list directives: ``publication-list`` (``:compact:`` for a printed CV) and ``selected-publications``."""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path

from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from . import environment, fragments, item_cache
from .model import Entry
from .pages import write_if_changed
from .render import COMPACT, FULL, SELECTED, Style


class PublicationList(SphinxDirective):
    """Every entry, newest first: grouped by year with filters, or compact."""

    option_spec = {"compact": directives.flag}

    @staticmethod
    def entries_of(env) -> list[Entry]:
        return environment.bibliography(env).sorted()

    def entries(self) -> list[Entry]:
        return self.entries_of(self.env)

    def style(self) -> Style:
        return COMPACT if "compact" in self.options else FULL

    def run(self):
        style = self.style()
        # Read again when what this list shows of the entries changes (not on every edit of
        # refs.bib: a list without abstracts stays as it is when one changes).
        self.env.note_dependency(str(shown_digest_path(self.env, style)))
        entries = self.entries()
        if not entries:
            return []
        document = self.state.document
        renderer = environment.renderer(self.env, document)
        writer = fragments.writer_for(self.env)
        if writer is not None:  # the items as the last read made them, where still the same
            renderer.item_cache = item_cache.cached_items(self.env, document, renderer, writer)
        publication_list = renderer.publication_list(entries, style)
        if writer is not None:
            writer.write_parts(publication_list)  # the parts around the items
            item_cache.save(self.env, document)
        return [publication_list]


class SelectedPublications(PublicationList):
    """The entries flagged ``selected = {true}``, newest first."""

    option_spec = {}

    @staticmethod
    def entries_of(env) -> list[Entry]:
        return [e for e in PublicationList.entries_of(env) if e.selected]

    def style(self) -> Style:
        return SELECTED


#: Each list style, its name, and the directive whose entries it shows.
LISTS = {
    "full": (FULL, PublicationList),
    "compact": (COMPACT, PublicationList),
    "selected": (SELECTED, SelectedPublications),
}


def shown_digest_path(env, style: Style) -> Path:
    name = next(name for name, (known, _) in LISTS.items() if known == style)
    return Path(env.doctreedir, "publications", f"{name}-list.digest")


def shown(entry: Entry, style: Style) -> Entry:
    """The entry as far as a list in ``style`` shows it: not where it is in the file, nor the
    parts the style leaves out."""
    return dataclasses.replace(
        entry,
        path="",
        line=0,
        digest="",
        clean=True,
        abstract=entry.abstract if style.disclosures else (),
        bibtex=entry.bibtex if style.disclosures else "",
        links=entry.links if style.links else (),
        preview=dataclasses.replace(entry.preview, line=0) if style.preview and entry.preview else None,
    )


def write_shown_digests(app) -> None:
    """builder-inited, once the bibliography is loaded: each list style's file holds the digest
    of what it shows, rewritten only when that changes, so that Sphinx reads again exactly the
    pages whose lists change (they depend on the file: ``PublicationList.run``)."""
    for style, directive in LISTS.values():
        shown_entries = [shown(entry, style) for entry in directive.entries_of(app.env)]
        digest = hashlib.sha256(repr((style, shown_entries)).encode("utf-8")).hexdigest()
        path = shown_digest_path(app.env, style)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_if_changed(path, digest)
