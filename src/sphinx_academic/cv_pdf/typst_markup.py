"""A page's resolved doctree as Typst markup, for the PDF of the CV.

``TypstTranslator`` is a docutils visitor, like Sphinx's HTML and LaTeX
writers: each node becomes Typst's own element (``heading``, ``link``,
``list``, ``table``...) so the PDF's tags carry the page's structure, and
classes the page gives an element become ``styled(classes)[...]``, which the
template (``cv.typ``) maps to a look, as a stylesheet does for HTML.

All text is escaped (every ASCII punctuation mark gets a backslash, strings
are Typst string literals), so nothing on the page can run as Typst code. A
node it cannot typeset is a warning at the node's source line, and its text
is kept, so nothing is dropped unseen.
"""

from __future__ import annotations

import re
import string
from urllib.parse import urljoin, urlsplit

from docutils import nodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxTranslator
from sphinx.util.osutil import relative_uri

from ..publications.nodes import html_element
from .links import cv_pdf_reference

logger = logging.getLogger(__name__)

_PUNCTUATION = re.compile(f"([{re.escape(string.punctuation)}])")
_SPACE = re.compile(r"\s+")
# Elements of the publication list's HTML that are block-level in the PDF too.
_BLOCK_TAGS = {"div", "section", "p", "ul", "ol", "li", "article"}
# Parts a reader does not see on the page: screen-reader text, decorative icons,
# closed disclosures and interactive controls.
_HIDDEN_TAGS = {"svg", "details", "button", "form", "input", "select", "script", "style"}


def escape(text: str) -> str:
    """Text as Typst markup that typesets exactly that text, whitespace collapsed."""
    return _PUNCTUATION.sub(r"\\\1", _SPACE.sub(" ", text))


def string_literal(text: str) -> str:
    """A Typst string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def classes_literal(classes: list[str]) -> str:
    """A Typst array of strings (a trailing comma makes a one-element array)."""
    return "(" + "".join(f"{string_literal(c)}, " for c in classes).rstrip() + ")"


def visually_hidden(node: nodes.Element) -> bool:
    return any(c.endswith("sr-only") or c == "visually-hidden" for c in node.get("classes", []))


def list_items(node: nodes.Element) -> list[nodes.Element]:
    """A list's items: docutils' list_item, or <li> of the publication list's HTML."""
    return [
        c for c in node.children if isinstance(c, nodes.list_item) or (isinstance(c, html_element) and c["tag"] == "li")
    ]


def location_of(node: nodes.Node, docname: str):
    """The nearest source line at or above ``node`` (generated nodes have none)."""
    current = node
    while current is not None:
        if current.line and current.source:
            return current
        current = current.parent
    return (docname, None)


class TypstTranslator(SphinxTranslator):
    """Typst markup for one document; ``astext()`` after ``walkabout``.

    ``page_url`` is the page's absolute URL on the site: links between pages
    are made absolute from it, so they work in a downloaded PDF.
    """

    def __init__(self, document: nodes.document, builder, docname: str, page_url: str | None):
        super().__init__(document, builder)
        self.docname = docname
        self.page_url = page_url
        self.body: list[str] = []
        self.title: str | None = None  # the page's own title, shown in the PDF's metadata
        self.section_level = 0
        self.unlinked: list[str] = []  # internal links left as text: no html_baseurl

    def astext(self) -> str:
        return "".join(self.body)

    # -- helpers ---------------------------------------------------------------------------

    def warn(self, node: nodes.Node, message: str, subtype: str) -> None:
        logger.warning(
            "%s (in the PDF of %s)",
            message,
            self.docname,
            location=location_of(node, self.docname),
            type="cv_pdf",
            subtype=subtype,
        )

    def render_children(self, node: nodes.Element) -> str:
        """The markup of ``node``'s children, without touching ``self.body``."""
        return self.render_nodes(node.children)

    def block(self, markup: str) -> None:
        """A block: its markup on its own, ended by a paragraph break."""
        markup = markup.strip()
        if markup:
            self.body.append(markup + "\n\n")

    def wrap(self, node: nodes.Element, markup: str) -> str:
        classes = [c for c in node.get("classes", []) if c]
        return f"#styled({classes_literal(classes)})[{markup}]" if classes and markup.strip() else markup

    def link_target(self, node: nodes.Element) -> str | None:
        """The absolute URL a reference points to, or None when it cannot be made absolute."""
        uri = node.get("refuri")
        if uri is None and node.get("refid"):
            uri = "#" + node["refid"]
        if not uri:
            return None
        if urlsplit(uri).scheme:
            return uri
        if self.page_url is None:
            self.unlinked.append(uri)
            return None
        return urljoin(self.page_url, uri)

    # -- structure -------------------------------------------------------------------------

    def visit_document(self, node: nodes.document) -> None:
        pass

    def depart_document(self, node: nodes.document) -> None:
        pass

    def visit_section(self, node: nodes.section) -> None:
        self.section_level += 1

    def depart_section(self, node: nodes.section) -> None:
        self.section_level -= 1

    def visit_title(self, node: nodes.title) -> None:
        if isinstance(node.parent, nodes.section):
            text = self.render_children(node)
            if self.section_level == 1 and self.title is None:
                # The page title ("CV") names the document (PDF metadata); the page's
                # own masthead ({.cv-name}) is what the reader sees first.
                self.title = node.astext()
            else:
                self.block(f"#heading(level: {max(1, self.section_level - 1)})[{text}]")
        else:
            self.block(f"#strong[{self.render_children(node)}]")  # a table's or a topic's title
        raise nodes.SkipNode

    def visit_paragraph(self, node: nodes.paragraph) -> None:
        self.block(self.wrap(node, self.render_children(node)))
        raise nodes.SkipNode

    def visit_compound(self, node: nodes.Element) -> None:
        pass

    def depart_compound(self, node: nodes.Element) -> None:
        pass

    visit_container = visit_compound
    depart_container = depart_compound

    def visit_bullet_list(self, node: nodes.Element, function: str = "list") -> None:
        elements = list_items(node)
        items = [markup for markup in (self.render_children(item).strip() for item in elements) if markup]
        # Tight (lines spaced as one paragraph) unless an item holds several blocks.
        tight = "true" if all(len(item.children) <= 1 for item in elements) else "false"
        if items:
            call = f"#{function}(tight: {tight}, " + ", ".join(f"[{item}]" for item in items) + ")"
            self.block(self.wrap(node, call))
        raise nodes.SkipNode

    def visit_enumerated_list(self, node: nodes.Element) -> None:
        self.visit_bullet_list(node, "enum")

    def visit_definition_list(self, node: nodes.definition_list) -> None:
        for item in node.children:
            if isinstance(item, nodes.definition_list_item):
                self.entry(node, item)
            else:
                item.walkabout(self)
        raise nodes.SkipNode

    def entry(self, listing: nodes.definition_list, item: nodes.definition_list_item) -> None:
        term = next((c for c in item.children if isinstance(c, nodes.term)), None)
        term_markup, aside = self.split_aside(term) if term is not None else ("", "")
        details = []
        for definition in item.findall(nodes.definition):
            for child in definition.children:
                markup = self.render_children(child) if isinstance(child, nodes.paragraph) else self.render_block(child)
                if markup.strip():
                    details.append(f"[{markup.strip()}]")
        aside_markup = f"[{aside}]" if aside else "none"
        self.block(
            f"#entry(classes: {classes_literal(listing['classes'])}, term: [{term_markup}], aside: {aside_markup}, "
            f"details: ({''.join(d + ', ' for d in details)}))"
        )

    def split_aside(self, term: nodes.term) -> tuple[str, str]:
        """The term's markup, and what follows its last " · " (its dates), shown flush right."""
        children = list(term.children)
        split_at = max((i for i, c in enumerate(children) if isinstance(c, nodes.Text) and " · " in c), default=None)
        if split_at is None:
            return self.render_nodes(children).strip(), ""
        before, _, after = str(children[split_at]).rpartition(" · ")
        term_markup = self.render_nodes(children[:split_at]) + escape(before)
        aside = escape(after) + self.render_nodes(children[split_at + 1 :])
        return term_markup.strip(), aside.strip()

    def render_nodes(self, children: list[nodes.Node]) -> str:
        saved, self.body = self.body, []
        for child in children:
            child.walkabout(self)
        text, self.body = "".join(self.body), saved
        return text

    def render_block(self, node: nodes.Node) -> str:
        return self.render_nodes([node])

    def visit_table(self, node: nodes.table) -> None:
        groups = [g for g in node.children if isinstance(g, nodes.tgroup)]
        for title in node.children:
            if isinstance(title, nodes.title):
                title.walkabout(self)
        for group in groups:
            columns = int(group.get("cols", 1))
            header, body = [], []
            for part in group.children:
                if isinstance(part, (nodes.thead, nodes.tbody)):
                    rows = [
                        [
                            self.render_children(entry).strip()
                            for entry in row.children
                            if isinstance(entry, nodes.entry)
                        ]
                        for row in part.children
                        if isinstance(row, nodes.row)
                    ]
                    (header if isinstance(part, nodes.thead) else body).extend(rows)
            widths = ", ".join(["auto"] * (columns - 1) + ["1fr"])
            cells = []
            if header:
                cells.append("table.header(" + ", ".join(f"[{c}]" for row in header for c in row) + ")")
            cells += [f"[{c}]" for row in body for c in row]
            self.block(self.wrap(node, f"#table(columns: ({widths},), " + ", ".join(cells) + ")"))
        raise nodes.SkipNode

    def visit_block_quote(self, node: nodes.Element) -> None:
        self.block(self.wrap(node, f"#quote(block: true)[{self.render_children(node).strip()}]"))
        raise nodes.SkipNode

    def visit_literal_block(self, node: nodes.Element) -> None:
        self.block(f"#raw(block: true, {string_literal(node.astext())})")
        raise nodes.SkipNode

    def visit_line_block(self, node: nodes.Element) -> None:
        lines = [self.render_children(line).strip() for line in node.findall(nodes.line)]
        self.block(" \\\n".join(lines))
        raise nodes.SkipNode

    def visit_transition(self, node: nodes.Element) -> None:
        self.block("#line(length: 100%, stroke: 0.5pt)")
        raise nodes.SkipNode

    # -- inline ----------------------------------------------------------------------------

    def visit_Text(self, node: nodes.Text) -> None:  # noqa: N802 (docutils naming)
        self.body.append(escape(node.astext()))

    def depart_Text(self, node: nodes.Text) -> None:  # noqa: N802 (docutils naming)
        pass

    def inline_call(self, node: nodes.Element, function: str) -> None:
        inner = self.render_children(node)
        if inner.strip():
            self.body.append(self.wrap(node, f"#{function}[{inner}]"))
        raise nodes.SkipNode

    def visit_strong(self, node: nodes.Element) -> None:
        self.inline_call(node, "strong")

    def visit_emphasis(self, node: nodes.Element) -> None:
        self.inline_call(node, "emph")

    def visit_superscript(self, node: nodes.Element) -> None:
        self.inline_call(node, "super")

    def visit_subscript(self, node: nodes.Element) -> None:
        self.inline_call(node, "sub")

    def visit_literal(self, node: nodes.Element) -> None:
        self.body.append(f"#raw({string_literal(node.astext())})")
        raise nodes.SkipNode

    def visit_inline(self, node: nodes.Element) -> None:
        if visually_hidden(node):
            raise nodes.SkipNode
        self.body.append(self.wrap(node, self.render_children(node)))
        raise nodes.SkipNode

    def visit_reference(self, node: nodes.reference) -> None:
        inner = self.render_children(node)
        target = self.link_target(node)
        self.body.append(f"#link({string_literal(target)})[{inner}]" if target else inner)
        raise nodes.SkipNode

    def visit_cv_pdf_reference(self, node: cv_pdf_reference) -> None:
        raise nodes.SkipNode  # the PDF does not link to itself

    # -- the publication list's HTML elements ----------------------------------------------

    def visit_html_element(self, node: html_element) -> None:
        tag = node["tag"]
        if node.get("html_only") or tag in _HIDDEN_TAGS or visually_hidden(node):
            raise nodes.SkipNode
        if tag in ("ul", "ol"):
            self.visit_bullet_list(node, "list" if tag == "ul" else "enum")  # raises SkipNode
        elif tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            level = max(1, int(tag[1]) - 1)
            self.block(f"#heading(level: {level})[{self.render_children(node)}]")
        elif tag == "a":
            # href as written, or site_href: a file of the site (a paper's .bib), relative to its root.
            href = node["html_attributes"].get("href")
            site_href = node.get("site_href")
            if href is None and site_href and self.page_url:
                href = urljoin(self.page_url, relative_uri(self.builder.get_target_uri(self.docname), site_href))
            target = self.link_target(nodes.reference(refuri=href)) if href else None
            inner = self.render_children(node)
            self.body.append(f"#link({string_literal(target)})[{inner}]" if target else inner)
        elif tag in _BLOCK_TAGS:
            self.block(self.wrap(node, self.render_children(node)))
        elif tag == "sup":
            self.body.append(self.wrap(node, f"#super[{self.render_children(node)}]"))
        elif tag in ("strong", "b"):
            self.body.append(self.wrap(node, f"#strong[{self.render_children(node)}]"))
        elif tag in ("em", "i"):
            self.body.append(self.wrap(node, f"#emph[{self.render_children(node)}]"))
        else:  # span, time, abbr...: text with the element's classes
            self.body.append(self.wrap(node, self.render_children(node)))
        raise nodes.SkipNode

    # -- nothing to typeset ----------------------------------------------------------------

    def skip(self, node: nodes.Node) -> None:
        raise nodes.SkipNode

    visit_comment = skip
    visit_target = skip
    visit_substitution_definition = skip
    visit_system_message = skip
    visit_meta = skip
    visit_index = skip
    visit_toctree = skip
    visit_compact_paragraph = skip  # a toctree's rendering
    visit_description_message = skip  # the page's description (sphinx_academic.page_metadata), for its <head>

    def visit_raw(self, node: nodes.raw) -> None:
        if "typst" in node.get("format", "").split():
            self.body.append(node.astext())
        else:
            self.warn(node, f"raw {node.get('format', '')} markup is not typeset in the PDF", "raw")
        raise nodes.SkipNode

    def visit_image(self, node: nodes.Element) -> None:
        self.warn(node, f"the image {node.get('uri', '')!r} is not typeset in the PDF", "image")
        raise nodes.SkipNode

    def unknown_visit(self, node: nodes.Node) -> None:
        """A node this writer has no rule for: a warning, and its text kept."""
        self.warn(
            node,
            f"cannot typeset {type(node).__name__} nodes in the PDF; their text is kept as plain text",
            "unsupported",
        )
        self.block(escape(node.astext())) if isinstance(node, nodes.Body) else self.body.append(escape(node.astext()))
        raise nodes.SkipNode

    def unknown_departure(self, node: nodes.Node) -> None:
        pass
