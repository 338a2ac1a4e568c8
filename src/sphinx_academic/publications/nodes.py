"""One docutils node for any HTML element, so the engine controls its markup exactly.

docutils has no nodes for ``<details>``, ``<button>``, ``data-*`` attributes
or ``<a download>``; raw HTML would bypass escaping and hide the text from
Sphinx's search index. ``html_element`` keeps ordinary nodes (text, resolved
cross-references) as children: docutils escapes the text, ``starttag``
escapes the attributes, and the search indexer sees the words.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.util.osutil import relative_uri


class html_element(nodes.General, nodes.Element):  # noqa: N801 (docutils naming)
    """``<tag attributes>children</tag>``; with an empty ``tag``, the children alone.

    ``site_href``: a path relative to the output root (``publications/x.bib``),
    turned into a link relative to the page at write time.
    ``html_only``: interactive parts (buttons, filters) that mean nothing in
    other output formats are left out there.
    """


class html_fragment(nodes.General, nodes.Element):  # noqa: N801 (docutils naming)
    """Part of a page already written as HTML (``html``), with its texts as one text node, its child
    (for the search index): the HTML writer writes ``html``, other writers the text
    (``publications.fragments``). Its ``astext()`` is the part's (``text``), as it was before the
    part became a fragment."""

    def astext(self) -> str:
        return self["text"]


def element(tag: str, *children: nodes.Node | str, classes=(), ids=(), html_only=False, site_href=None, **attributes):
    """Build an ``html_element``; strings become text nodes.

    Attribute names use ``_`` for ``-`` (``data_kind``), and ``for_`` for ``for``.
    """
    node = html_element(
        "",
        *(nodes.Text(c) if isinstance(c, str) else c for c in children),
        tag=tag,
        html_attributes={
            name.rstrip("_").replace("_", "-"): value for name, value in attributes.items() if value is not None
        },
        html_only=html_only,
        site_href=site_href,
    )
    # Titles and BibTeX are shown exactly as written: no curly quotes (Sphinx reads this attribute).
    node["support_smartquotes"] = False
    node["classes"].extend(classes)
    node["ids"].extend(ids)
    return node


def visit_html(self, node: html_element) -> None:
    if not node["tag"]:  # a group of nodes, no element of its own (see Renderer.owner_text)
        return
    attributes = dict(node["html_attributes"])
    if node.get("site_href"):
        here = self.builder.get_target_uri(self.builder.current_docname)
        attributes["href"] = relative_uri(here, node["site_href"])
    self.body.append(self.starttag(node, node["tag"], suffix="", **attributes))


def depart_html(self, node: html_element) -> None:
    if node["tag"]:
        self.body.append(f"</{node['tag']}>")


def visit_other(self, node: html_element) -> None:
    """Other builders show the content (text, links) but not the interactive parts."""
    if node.get("html_only"):
        raise nodes.SkipNode


def depart_other(self, node: html_element) -> None:
    pass


def visit_fragment(self, node: html_fragment) -> None:
    self.body.append(node["html"])
    raise nodes.SkipNode


def register(app) -> None:
    others = dict.fromkeys(("latex", "text", "man", "texinfo"), (visit_other, depart_other))
    app.add_node(html_element, html=(visit_html, depart_html), **others)
    app.add_node(html_fragment, html=(visit_fragment, None), **others)  # never html_only: its text
