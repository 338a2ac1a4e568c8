"""What every page tells machines in its <head>: title, author, description, canonical URL, indexing.

- Each page's description comes from its front matter (``description:``, a message of the
  page's translation catalog like its text), or
  else from a longer ``summary`` in its metadata (set by an extension that
  generates the page, e.g. a paper's abstract), or else from its first
  paragraphs; the last two are trimmed at a word boundary. A description that
  is missing, too short or too long (measured as ``text_width``: a Chinese
  character counts two), or shared by several pages (search
  engines show it as the result snippet, so it must tell the pages apart) is a
  warning located at the page, so the build fails under ``-W``.
- The description is emitted as ``<meta name="description">`` and handed to
  sphinxext-opengraph as the page's ``og:description`` (so both always agree).
- Every page names its author (``<meta name="author">``, from ``author``): link
  unfurlers (metascraper) and Zotero otherwise guess one from the page's links
  or bylines, and took the home page's "Advisor: …" link for its author.
- Its title for previews and reference managers (``og:title``, through
  sphinxext-opengraph) is the one in ``<title>`` (``page_title`` in the template
  context): the page's title, then " — <site>" unless it names the site already,
  so a shared link says what the page is and whose ("CV — Ruoyu Qin").
- Its canonical URL (canonical link and ``og:url``) is ``page_url``'s: the home
  page's is the site root, not ``…/index.html``, on any host.
- One viewport tag: Sphinx's layout writes one; the one docutils adds to the
  page's meta tags goes (the theme's own is left out by ``_templates/layout.html``).
- Pages listed in ``page_metadata_noindex`` (search, the general index) get
  ``<meta name="robots" content="noindex">`` and no canonical link: they have
  nothing worth finding. Pages in ``page_metadata_no_canonical`` (the 404 page,
  served at every unknown URL) get no canonical link but no ``noindex``: the
  HTTP status already keeps them out of search results, and a ``noindex`` would
  only fail crawlability audits.

Config:
    page_metadata_min_length, page_metadata_max_length: description bounds
    (characters, default 50 and 160); page_metadata_noindex and
    page_metadata_no_canonical: page names.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections import defaultdict

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.util.nodes import traverse_parent

from ._extension import DocumentStateCollector, metadata, page_url, plain_text

logger = logging.getLogger(__name__)

# Paragraphs that do not describe the page (tables, footnotes, field lists).
_SKIPPED_ANCESTORS = (
    nodes.table,
    nodes.footnote,
    nodes.citation,
    nodes.field_list,
    nodes.docinfo,
    nodes.system_message,
)


def collapse_whitespace(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def text_width(text: str) -> int:
    """The length of ``text`` as search results measure it: a wide (CJK) character counts two.

    Result snippets are cut by width, and a Chinese character is about two Latin ones wide
    (and says as much), so the same bounds hold for a description in either language.
    """
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def trim_at_word(text: str, max_length: int) -> str:
    """Cut ``text`` to at most ``max_length`` characters at a word boundary, with an ellipsis."""
    if len(text) <= max_length:
        return text
    cut = text[: max_length - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:-—–") + "…"


def derive_description(doctree: nodes.document, max_length: int) -> str:
    """The page's opening prose: its first paragraphs, joined, trimmed to ``max_length``."""
    text = ""
    for paragraph in doctree.findall(nodes.paragraph):
        if next(traverse_parent(paragraph, _SKIPPED_ANCESTORS), None) is not None:
            continue
        text = collapse_whitespace(f"{text} {paragraph.astext()}")
        if len(text) >= max_length:
            break
    return trim_at_word(text, max_length)


class description_message(nodes.Invisible, nodes.Element, addnodes.translatable):  # noqa: N801 (docutils naming)
    """The front matter's ``description``, as a message of the page's catalog.

    Sphinx removes the front matter (docinfo) from the doctree when it reads it,
    so its gettext builder never sees the description. This node keeps it in the
    page: the gettext builder extracts it, Sphinx's translation transform replaces
    it (as plain text, the way a description is written), and the description
    collector reads it from here. It writes nothing into any output.
    """

    def preserve_original_messages(self) -> None:
        self["original"] = self["text"]

    def apply_translated_message(self, original_message: str, translated_message: str) -> None:
        self["text"] = translated_message

    def extract_original_messages(self) -> list[str]:
        return [self["text"]]


def skip_node(translator, node) -> None:
    raise nodes.SkipNode


class TranslatableDescription(SphinxTransform):
    """Before Sphinx's translation (priority 20): the description as a ``description_message``."""

    default_priority = 15

    def apply(self, **kwargs) -> None:
        front_matter = (child for child in self.document.children if isinstance(child, nodes.field_list))
        for field in (field for field_list in front_matter for field in field_list.children):
            name, body = field.children[0], field.children[-1]
            if name.astext() == "description" and body.astext().strip():
                message = description_message(text=collapse_whitespace(body.astext()))
                message.source, message.line = self.document["source"], 1
                self.document += message


class DescriptionCollector(DocumentStateCollector):
    """Each page's description and where it came from: ``env.page_descriptions[docname]``."""

    attribute = "page_descriptions"

    def process_doc(self, app, doctree: nodes.document) -> None:
        env = app.env
        page = env.metadata[env.docname]
        max_length = app.config.page_metadata_max_length
        message = next(doctree.findall(description_message), None)  # translated, in a translation
        if message is not None:
            description = (message["text"], "front matter")
        elif page.get("description"):
            description = (collapse_whitespace(str(page["description"])), "front matter")
        elif page.get("summary"):
            description = (trim_at_word(collapse_whitespace(str(page["summary"])), max_length), "summary")
        else:
            description = (derive_description(doctree, max_length), "first paragraphs")
        self.state(env)[env.docname] = description


def description_problems(
    descriptions: dict[str, tuple[str, str]], docnames, min_length: int, max_length: int
) -> list[tuple[str, str]]:
    """Every reason a description is unusable, as (document, message), in document order."""
    problems = []
    by_text = defaultdict(list)
    for docname in sorted(docnames):
        text, origin = descriptions.get(docname, ("", "first paragraphs"))
        if not text:
            problems.append((docname, "no description (set `description:` in its front matter)"))
        elif not min_length <= text_width(text) <= max_length:
            hint = "" if origin == "front matter" else " (set `description:` in its front matter)"
            wide = " wide (a Chinese character counts two)" if text_width(text) != len(text) else ""
            problems.append(
                (
                    docname,
                    f"description from its {origin} is {text_width(text)} characters{wide}, "
                    f"outside {min_length}–{max_length}: {text!r}{hint}",
                )
            )
        else:
            by_text[text].append(docname)
    for text, sharing in by_text.items():
        for docname in sharing[1:]:
            problems.append((docname, f"has the same description as {sharing[0]!r}: {text!r}"))
    return problems


def check_descriptions(app, env) -> None:
    """env-check-consistency: every unusable description, each a warning at its page."""
    problems = description_problems(
        DescriptionCollector.state(env),
        env.found_docs,
        app.config.page_metadata_min_length,
        app.config.page_metadata_max_length,
    )
    for docname, message in problems:
        logger.warning(message, location=(docname, 1), type="page_metadata", subtype="description")


# docutils' HTML writer adds one to the page's meta tags; Sphinx's layout has written one already.
_VIEWPORT = re.compile(r'<meta name="viewport"[^>]*>\n?')


def page_title(context: dict) -> str:
    """The page's title as <title> shows it: " — <site>" after it (as Sphinx's layout writes
    ``titlesuffix``), unless it names the site already."""
    title = plain_text(context.get("title")).strip()
    site = plain_text(context.get("docstitle")).strip()
    if not site or site in title or context.get("embedded"):
        return title
    return f"{title} — {site}"


def add_page_metadata(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    config = app.config
    head = _VIEWPORT.sub("", context.get("metatags", ""))
    # A copy, so that the environment's metadata is not changed for later pages.
    fields = {**(context.get("meta") or {})}
    context["page_title"] = page_title(context)
    fields["og:title"] = context["page_title"]
    if config.author:
        head += f'<meta name="author" content="{html.escape(config.author)}" />\n'
    description = DescriptionCollector.state(app.env).get(pagename)
    if description:
        head += f'<meta name="description" content="{html.escape(description[0])}" />\n'
        fields["og:description"] = description[0]
    url = page_url(app, pagename)
    if url:
        fields["og:url"] = url
    if pagename in config.page_metadata_noindex:
        head += '<meta name="robots" content="noindex" />\n'
    if pagename in config.page_metadata_noindex or pagename in config.page_metadata_no_canonical:
        context["pageurl"] = None  # no canonical link
    elif url and context.get("pageurl"):
        context["pageurl"] = url
    context["metatags"] = head
    context["meta"] = fields


def setup(app):
    app.add_config_value("page_metadata_min_length", 50, "env", types=frozenset({int}))
    app.add_config_value("page_metadata_max_length", 160, "env", types=frozenset({int}))
    app.add_config_value("page_metadata_noindex", ["search", "genindex"], "html", types=frozenset({list, tuple}))
    app.add_config_value("page_metadata_no_canonical", [], "html", types=frozenset({list, tuple}))
    app.add_node(
        description_message,
        **dict.fromkeys(("html", "latex", "text", "man", "texinfo"), (skip_node, None)),
    )
    app.add_transform(TranslatableDescription)
    app.add_env_collector(DescriptionCollector)
    app.connect("env-check-consistency", check_descriptions)
    # Before sphinxext-opengraph (priority 500) reads the page's og: fields.
    app.connect("html-page-context", add_page_metadata, priority=400)
    return metadata(__name__)
