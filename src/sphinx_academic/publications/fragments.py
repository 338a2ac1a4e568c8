"""The parts of a list that no transform acts on, written as HTML when the list is made.

A list of a thousand entries is some 48,000 docutils nodes, and each of the
transforms of Sphinx and its extensions walks all of them when the page is read,
again when it is resolved, and the writer once more: most of what reading and
writing the publications page costs, in a clean build and in the rebuild after an
entry's edit. Most of an entry is elements and text that none of them changes:
its title and links, its author list, its abstract and BibTeX. Such a part (only
``html_element``, ``strong``, ``emphasis`` and text nodes, and links to paper pages; no id,
no other cross-reference, no translatable text, no link to a file of the site, nothing
other formats leave out) is written to HTML by the page's own translator as soon
as the list is made (:class:`FragmentWriter`), and stays in the tree as one
``html_fragment`` holding that HTML, the part's texts as one text node (which the search
index and sphinxext-opengraph's description read), its ``astext()`` and what the fold
estimate of ``sphinx_academic.images`` counts in it: each reads as the part did. Parts side
by side become one fragment (:func:`join_adjacent`), and a title's link to its paper page
is made then, as Sphinx makes it when it writes the page (``link_paper_pages``): an item of
the publication list is some twelve nodes, not twenty.

The paper pages' articles get fragments too (``publications.pages.paper_page``): a
thousand pages of some ninety nodes each, walked by every transform, became pages of
about thirty-five.

Only HTML builds do this, and not on the pages whose elements another extension reads
(:func:`keep_elements`: ``sphinx_academic.cv_pdf`` typesets its documents from them).
A page that holds fragments depends on the translator that wrote them and on the builder, whose
page addresses its links are (:func:`start_writer`).
"""

from __future__ import annotations

import string
from collections.abc import Iterable
from pathlib import Path
from weakref import WeakKeyDictionary

from docutils import frontend, nodes
from docutils.utils import new_document
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.writers.html import HTMLWriter

from .._extension import write_if_changed
from ..images.html import TEXT_WEIGHT, text_weight
from . import environment
from .nodes import html_element, html_fragment

#: The nodes a fragment may be made of (a reference and an inline only as ``link_paper_pages``
#: makes them).
FRAGMENT_NODES = (html_element, nodes.strong, nodes.emphasis, nodes.Text, nodes.reference, nodes.inline)
#: Marks a link to a paper page made when the list is made (``link_paper_pages``).
PAPER_LINK = "paper_page_link"
#: What separates two texts of a fragment's one text node where no space does (one_text).
NO_SPACE = "\r"


class FragmentWriter:
    """Writes parts of a page's tree with a translator of the build's HTML builder."""

    def __init__(self, app: Sphinx):
        settings = frontend.get_default_settings(HTMLWriter)
        self.translator = app.builder.create_translator(new_document("<fragment>", settings), app.builder)
        self.keep = set(_KEPT.get(app, ()))
        self.env = app.env
        self.builder = app.builder

    def link_paper_pages(self, node: nodes.Element) -> None:
        """Resolve, now, each cross-reference of ``node`` to a paper page, as Sphinx would when
        writing the page, so that the link can be part of a fragment.

        Why: an item's title links to its paper page through a ``pending_xref`` (made by
        ``render.paper_reference``, which names the paper), which no fragment may hold; it kept
        some fifteen of an item's twenty nodes out of fragments. The paper pages are known before
        any page is read (their stubs), and the link is the node Sphinx's standard domain builds
        for ``{ref}`` (``build_reference_node``) with the same builder, relative to the page being
        read, which is the page it is written on."""
        domain = self.env.domains.standard_domain
        for xref in list(node.findall(addnodes.pending_xref)):
            page = environment.paper_target(self.env, xref.get("paper_key", ""))
            if page is None or page[0] not in self.env.found_docs:
                continue  # not a paper page of this build: Sphinx resolves it, or warns
            reference = domain.build_reference_node(self.env.docname, self.builder, *page, xref.astext(), "ref")
            for part in reference.findall(nodes.Element):
                part[PAPER_LINK] = True
            wrapper = xref.parent  # the inline that holds a link in text (Renderer.title)
            if isinstance(wrapper, nodes.inline) and len(wrapper.children) == 1 and not wrapper.attlist():
                wrapper[PAPER_LINK] = True
            xref.replace_self(reference)

    def html(self, node: nodes.Element) -> str:
        self.translator.body = []
        node.walkabout(self.translator)
        return "".join(self.translator.body)

    def fragment(self, node: nodes.Element) -> html_fragment:
        texts = [text.astext() for text in node.findall(nodes.Text)]
        classes = ["no-search"] if "no-search" in node["classes"] else []  # Sphinx's search skips it
        return html_fragment(
            "",
            *words_of(texts),
            html=self.html(node),
            text=node.astext(),
            classes=classes,
            **{TEXT_WEIGHT: text_weight(node)},
        )

    def write_parts(self, node: nodes.Element) -> None:
        """Replace, in place, each largest part of ``node`` that can be a fragment by one (the
        page being read then depends on the translator that writes them)."""
        self.env.note_dependency(str(identity_path(self.env)))
        self.link_paper_pages(node)
        sizes: dict[int, tuple[int, int] | None] = {}  # id of an element: (nodes, text nodes), or None

        def measure(element: nodes.Element) -> tuple[int, int] | None:  # one walk of the tree, bottom up
            counts: tuple[int, int] | None = (1, 0) if can_be_written(element) else None
            for child in element.children:
                size = (1, 1) if isinstance(child, nodes.Text) else measure(child)
                counts = (counts[0] + size[0], counts[1] + size[1]) if counts and size else None
            sizes[id(element)] = counts
            return counts

        def replace(element: nodes.Element) -> None:  # then top down: the largest parts first
            for child in list(element.children):
                if isinstance(child, nodes.Text):
                    continue
                size = sizes[id(child)]
                if size is None:
                    replace(child)
                elif size[0] >= 1 + min(size[1], 1):  # as a fragment and its text node, the part is no larger
                    element.replace(child, self.fragment(child))
            join_adjacent(element)

        measure(node)
        replace(node)


def words_of(texts: list[str]) -> list[nodes.Text]:
    """A fragment's text nodes: its texts as one (``one_text``), or one by one."""
    joined = one_text(texts)
    return [nodes.Text(joined)] if joined is not None else [nodes.Text(text) for text in texts]


def join_adjacent(element: nodes.Element) -> None:
    """Each run of fragments side by side in ``element`` (searched alike) becomes one: written
    one after the other, their HTML is the HTML of the run, and read one after the other, their
    texts are its texts. An item is then a few nodes (its own element, which has an id, and a
    fragment or two), not one node per part."""
    runs: list[list[html_fragment]] = []
    for child in element.children:
        if not isinstance(child, html_fragment):
            runs.append([])
        elif runs and runs[-1] and runs[-1][-1]["classes"] == child["classes"]:
            runs[-1].append(child)
        else:
            runs.append([child])
    for run in runs:
        if len(run) < 2:
            continue
        texts = [text.astext() for part in run for text in part.children]
        weights = [part[TEXT_WEIGHT] for part in run]
        joined = html_fragment(
            "",
            *words_of(texts),
            html="".join(part["html"] for part in run),
            text=element.child_text_separator.join(part.astext() for part in run),  # as the parent joins them
            classes=list(run[0]["classes"]),
            **{TEXT_WEIGHT: tuple(map(sum, zip(*weights, strict=True)))},
        )
        element.replace(run[0], joined)
        for part in run[1:]:
            element.remove(part)


def one_text(texts: list[str]) -> str | None:
    """A part's texts as one text that the search index and sphinxext-opengraph read as they read
    the texts one by one (None if a text holds a carriage return: they stay apart).

    The description joins the texts it reads each stripped, with a space between two of them
    unless one is already there or the second begins with punctuation; a carriage return it
    drops. So the texts are joined as it joins them, with a carriage return where it adds no
    space; and at a space or a carriage return, the search's splitters (Sphinx's English word
    pattern, jieba and its Latin pattern for Chinese) end a word, as they do at the end of a text.
    A test checks, in English and in Chinese, that every file of a build is the same either way.
    """
    if any(NO_SPACE in text for text in texts):
        return None
    parts: list[str] = []
    for text in texts:
        text = text.replace("\n", " ").strip()
        while "  " in text:
            text = text.replace("  ", " ")
        if not text:
            continue
        if parts:
            spaced = parts[-1][-1] not in string.whitespace and text[0] not in string.whitespace + string.punctuation
            parts.append(" " if spaced else NO_SPACE)
        parts.append(text)
    return "".join(parts)


def can_be_written(node: nodes.Node) -> bool:
    """Whether the node's HTML is the same whenever and wherever it is written."""
    if isinstance(node, nodes.Text):
        return True
    if isinstance(node, (nodes.reference, nodes.inline)) and not node.get(PAPER_LINK):
        return False
    return (
        isinstance(node, FRAGMENT_NODES)
        and not node["ids"]
        and not node.get("translatable")
        and not node.get("site_href")  # relative to the page being written
        and not node.get("html_only")  # other builders leave it out
    )


_WRITERS: WeakKeyDictionary[BuildEnvironment, FragmentWriter] = WeakKeyDictionary()
#: Each build's documents whose lists keep their elements (keep_elements).
_KEPT: WeakKeyDictionary[Sphinx, set[str]] = WeakKeyDictionary()


def keep_elements(app: Sphinx, docnames: Iterable[str]) -> None:
    """For an extension that reads the lists' elements on these documents (before
    ``builder-inited`` ends): their lists get no fragments."""
    _KEPT.setdefault(app, set()).update(docnames)


def identity_path(env: BuildEnvironment) -> Path:
    """The file that names the translator writing the fragments (:func:`writer_identity`)."""
    return Path(env.doctreedir, "publications", "fragment-writer.txt")


def start_writer(app: Sphinx) -> None:
    """builder-inited: a writer for an HTML build's pages, and the file naming its translator,
    rewritten only when that changes: the pages that hold fragments depend on it, so that another
    translator (a theme changed) reads them again rather than keep fragments it did not write
    (Sphinx itself only writes every page again)."""
    _WRITERS.pop(app.env, None)
    if app.builder.format == "html":
        _WRITERS[app.env] = FragmentWriter(app)
        path = identity_path(app.env)
        write_if_changed(path, writer_identity(app.env))


def writer_for(env: BuildEnvironment) -> FragmentWriter | None:
    """The writer for the lists of the page being read, if they are to have fragments."""
    writer = _WRITERS.get(env)
    return writer if writer is not None and env.docname not in writer.keep else None


def writer_identity(env: BuildEnvironment) -> str:
    """What the fragments' HTML depends on besides the code: the translator's class (the theme's)
    and the builder, whose page addresses the links to paper pages are."""
    writer = _WRITERS.get(env)
    if writer is None:
        return ""
    translator = type(writer.translator)
    return f"{translator.__module__}.{translator.__qualname__} {writer.builder.name}"


def register(app: Sphinx) -> None:
    # After the theme's handlers (pydata-sphinx-theme sets its translator at builder-inited, 500).
    app.connect("builder-inited", start_writer, priority=890)
