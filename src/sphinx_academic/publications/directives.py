"""The list directives: ``publication-list`` (``:compact:`` for a printed CV) and ``selected-publications``."""

from __future__ import annotations

import hashlib
from pathlib import Path

from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from .._extension import write_if_changed
from . import environment, fragments, item_cache
from .model import Entry
from .render import COMPACT, FULL, SELECTED, Style, shown


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
        renderer = environment.renderer(self.env, self.state.document)
        writer = fragments.writer_for(self.env)
        if writer is not None:  # the items as the last read made them, where still the same
            renderer.item_cache = item_cache.cached_items(self.env, renderer, writer)
        publication_list = renderer.publication_list(entries, style)
        if writer is not None:
            writer.write_parts(publication_list)  # the parts around the items
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


def write_shown_digests(app) -> None:
    """builder-inited, once the bibliography is loaded: each list style's file holds the digest
    of what it shows, rewritten only when that changes, so that Sphinx reads again exactly the
    pages whose lists change (they depend on the file: ``PublicationList.run``)."""
    for style, directive in LISTS.values():
        shown_entries = [shown(entry, style) for entry in directive.entries_of(app.env)]
        digest = hashlib.sha256(repr((style, shown_entries)).encode("utf-8")).hexdigest()
        path = shown_digest_path(app.env, style)
        write_if_changed(path, digest)
