"""A test extension whose page edit overlaps inlining's (tests/page_speed/test_switches.py)."""

from sphinx_academic.page_speed.build_output import connect_page_editor, stylesheet_links


class Clash:
    """Rewrites the first stylesheet link, which inlining replaces too."""

    def __init__(self, app):
        pass

    def edit(self, page, text, tags, edits):
        link = stylesheet_links(tags)[0]
        edits.replace(link.start, link.start_end, "<link>")

    def finish(self):
        pass


def setup(app):
    connect_page_editor(app, "clash", "Edits what inlining edits.", 999, Clash)
