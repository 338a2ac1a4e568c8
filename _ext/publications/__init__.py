"""Placeholder publications engine (replaced by the full engine)."""

from docutils import nodes
from sphinx.util.docutils import SphinxDirective, SphinxRole
from pybtex.database import parse_file
from pybtex.richtext import Text


def _entries(env):
    data = parse_file(str(env.srcdir / env.config.publications_bibfile))
    return data.entries


class PublicationList(SphinxDirective):
    option_spec = {"compact": lambda x: True}

    def run(self):
        self.env.note_dependency(self.config.publications_bibfile)
        lst = nodes.bullet_list()
        for key, e in _entries(self.env).items():
            title = Text.from_latex(e.fields["title"]).render_as("text")
            lst += nodes.list_item("", nodes.paragraph("", title + f" ({e.fields['year']})"))
        return [lst]


class CiteRole(SphinxRole):
    def run(self):
        return [nodes.Text(f"[{self.text}]")], []


def setup(app):
    app.add_config_value("publications_bibfile", "refs.bib", "env")
    app.add_config_value("publications_owner_names", [], "env")
    app.add_directive("publication-list", PublicationList)
    app.add_directive("selected-publications", PublicationList)
    app.add_role("cite", CiteRole())
    return {"parallel_read_safe": True, "parallel_write_safe": True}
