"""Write time: each image becomes an ``<img>`` with ``srcset``, ``sizes``, its size and a loading hint.

A post-transform (HTML builders only) replaces every ``nodes.image`` the
collector planned by a :class:`responsive_image` node. It is not a
``nodes.image``, so Sphinx neither copies the original into ``_images/`` nor
wraps a scaled image in a link to it: only derivatives are served.

Loading: the first image of a page, when less than about a phone screen of
text comes before it (:data:`FOLD_CHARACTERS`), is on the first screen: it
loads at once, with ``fetchpriority="high"`` (it is likely the largest element
painted). Every other image is ``loading="lazy"``. A document's explicit
``:loading:`` (``lazy``, or ``link``/``embed`` for eager) wins. The browser
tests check this guess against the real layout of every page.
"""

from __future__ import annotations

import posixpath
import urllib.parse

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from . import collector
from .plan import plan
from .sources import pixel_length

CSS = "images.css"


class responsive_image(nodes.General, nodes.Inline, nodes.Element):  # noqa: N801 (docutils naming)
    """``plan``, ``alt``, ``lazy``, ``priority``, ``zoom`` (a Derivative or None), ``style``."""


#: About a screen of text on a phone 412 px wide (Lighthouse's): a heading's characters
#: count twice (larger type), a block BLOCK_CHARACTERS more (its margins). Measured on this
#: site's pages: 670 such characters end about 570 px down, 1,230 about 830 px (the fold: 823).
FOLD_CHARACTERS = 1000
BLOCK_CHARACTERS = 40
BLOCKS = (nodes.paragraph, nodes.title, nodes.list_item, nodes.term, nodes.caption, nodes.literal_block)
HEADINGS = ("h1", "h2", "h3", "h4")
HIDDEN_CLASSES = frozenset({"pub-sr-only", "visually-hidden", "sr-only"})


def text_before(document: nodes.document, image: nodes.image, enough: int = FOLD_CHARACTERS) -> int:
    """How much text the page shows before ``image`` (see FOLD_CHARACTERS), counted no further
    than ``enough``: a page of a thousand entries is not walked past its first screen.

    A part of the page already written as HTML (``sphinx_academic.publications.fragments``) counts
    as its elements did, from what :func:`text_weight` found in them (its ``TEXT_WEIGHT``)."""
    seen = 0
    for node in document.findall():
        if node is image or seen >= enough:
            return seen
        if isinstance(node, nodes.Text):
            around = list(ancestors(node))
            if not any(TEXT_WEIGHT in a for a in around):  # else counted with its part
                seen += 0 if hidden(around) else len(node) * (2 if in_heading(around) else 1)
        elif TEXT_WEIGHT in node:
            blocks, plain, heading = node[TEXT_WEIGHT]
            around = list(ancestors(node))
            shown = 0 if hidden(around) else plain * (2 if in_heading(around) else 1) + heading * 2
            seen += blocks * BLOCK_CHARACTERS + shown
        elif is_block(node):
            seen += BLOCK_CHARACTERS
    return seen


#: The attribute of a part written as HTML: (blocks, characters, characters in headings) in it.
TEXT_WEIGHT = "text_weight"


def hidden(around: list[nodes.Element]) -> bool:
    """Whether text with these ancestors is not shown."""
    return any(isinstance(a, (nodes.Invisible, nodes.raw)) or HIDDEN_CLASSES & set(a["classes"]) for a in around)


def in_heading(around: list[nodes.Element]) -> bool:
    return any(isinstance(a, nodes.title) or a.get("tag") in HEADINGS for a in around)


def is_block(node: nodes.Node) -> bool:
    return isinstance(node, BLOCKS) or (isinstance(node, nodes.Element) and node.get("tag") in ("p", *HEADINGS))


def text_weight(part: nodes.Element) -> tuple[int, int, int]:
    """What text_before counts in ``part``, wherever it is: its blocks, and the characters of its
    shown text outside headings and inside them (its own ancestors decide about the rest)."""
    counts = [0, 0, 0]  # blocks, plain, heading

    # One walk, each element passing down whether it hides its text or makes it a heading
    # (rather than the ancestors of every text looked at again: a list's parts are thousands).
    def walk(element: nodes.Element, hiding: bool, heading: bool) -> None:
        hiding = hiding or hidden([element])
        heading = heading or in_heading([element])
        if is_block(element):
            counts[0] += 1
        for child in element.children:
            if isinstance(child, nodes.Text):
                if not hiding:
                    counts[2 if heading else 1] += len(child)
            else:
                walk(child, hiding, heading)

    walk(part, False, False)
    return counts[0], counts[1], counts[2]


def ancestors(node: nodes.Node):
    while node.parent is not None:
        node = node.parent
        yield node


class ResponsiveImages(SphinxPostTransform):
    default_priority = 90  # before Sphinx's image downloaders and converters (100+), which skip our nodes
    builders = tuple(collector.HTML_BUILDERS)

    def run(self, **kwargs) -> None:
        work = collector.pipeline(self.env)
        if work is None:
            return
        shown = [n for n in self.document.findall(nodes.image) if n.get("responsive_source") in work.sources]
        if not shown:
            return  # most pages: no walk over their text
        first_on_screen = text_before(self.document, shown[0]) < FOLD_CHARACTERS
        for index, node in enumerate(shown):
            source = work.sources[node["responsive_source"]]
            image_plan = plan(node, source, work.settings)
            explicit = node.get("loading")
            on_first_screen = index == 0 and first_on_screen
            eager = explicit in ("link", "embed") if explicit else on_first_screen
            width = node.get("width")
            replacement = responsive_image(
                plan=image_plan,
                alt=node.get("alt", ""),
                lazy=not eager,
                priority=eager and not explicit,
                zoom=image_plan.zoom,
                # A width in other units than pixels is the document's layout: kept as a style.
                style=f"width: {width}" if width and pixel_length(width) is None else None,
                classes=list(node["classes"]) + ([f"align-{node['align']}"] if node.get("align") else []),
                ids=list(node["ids"]),
            )
            replacement.source, replacement.line = node.source, node.line
            node.replace_self(replacement)


def image_url(translator, name: str) -> str:
    return posixpath.join(translator.builder.imgpath, urllib.parse.quote(name))


def visit_responsive_image(self, node: responsive_image) -> None:
    image_plan = node["plan"]
    attributes = {"src": image_url(self, image_plan.src.name), "alt": node["alt"]}
    if len(image_plan.candidates) > 1:
        attributes["srcset"] = ", ".join(
            f"{image_url(self, c.name)} {d}" for c, d in zip(image_plan.candidates, image_plan.descriptors, strict=True)
        )
        if image_plan.sizes:
            attributes["sizes"] = image_plan.sizes
    attributes["width"], attributes["height"] = str(image_plan.width), str(image_plan.height)
    if node["lazy"]:
        attributes["loading"], attributes["decoding"] = "lazy", "async"
    elif node["priority"]:
        attributes["fetchpriority"] = "high"
    if node.get("style"):
        attributes["style"] = node["style"]
    # As docutils does: no newline around an image inside text.
    parent = node.parent
    inline = isinstance(parent, nodes.TextElement) and not (
        isinstance(parent, nodes.reference) and not isinstance(parent.parent, nodes.TextElement)
    )
    suffix = "" if inline else "\n"
    zoom = node["zoom"] if not isinstance(parent, nodes.reference) else None
    tag = self.starttag(node, "img", "", empty=True, CLASS="responsive-image", **attributes)
    if zoom is not None:
        tag = f'<a class="image-zoom" href="{image_url(self, zoom.name)}">{tag}</a>'
    self.body.append(tag + suffix)
    raise nodes.SkipNode


def uses_images(doctree: nodes.document | None) -> bool:
    return doctree is not None and any(True for _ in doctree.findall(responsive_image))


def add_stylesheet(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    """html-page-context: the images' CSS, on the pages that show images (files added here go to this page)."""
    if uses_images(doctree):
        app.add_css_file(CSS)
