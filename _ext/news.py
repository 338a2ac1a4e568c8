"""Placeholder news directive (replaced by the news extension)."""

import tomllib

from docutils import nodes
from sphinx.util.docutils import SphinxDirective


class NewsDirective(SphinxDirective):
    def run(self):
        path = self.env.srcdir / "news.toml"
        self.env.note_dependency(str(path))
        items = sorted(tomllib.loads(path.read_text("utf-8"))["item"], key=lambda i: i["date"], reverse=True)
        lst = nodes.bullet_list()
        for item in items:
            lst += nodes.list_item("", nodes.paragraph("", f"{item['date']}: {item['text']}"))
        return [lst]


def setup(app):
    app.add_directive("news", NewsDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
