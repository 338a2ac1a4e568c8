"""The list directives: ``publication-list`` (``:compact:`` for a printed CV) and ``selected-publications``."""

from __future__ import annotations

from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from . import environment
from .render import COMPACT, FULL, SELECTED


class PublicationList(SphinxDirective):
    """Every entry, newest first: grouped by year with filters, or compact."""

    option_spec = {"compact": directives.flag}

    def entries(self):
        return environment.bibliography(self.env).sorted()

    def style(self):
        return COMPACT if "compact" in self.options else FULL

    def run(self):
        # Any entry's change re-reads the pages that list entries.
        self.env.note_dependency(str(environment.bibfile(self.env)))
        entries = self.entries()
        if not entries:
            return []
        renderer = environment.renderer(self.env, self.state.document)
        return [renderer.publication_list(entries, self.style())]


class SelectedPublications(PublicationList):
    """The entries flagged ``selected = {true}``, newest first."""

    option_spec = {}

    def entries(self):
        return [e for e in super().entries() if e.selected]

    def style(self):
        return SELECTED
