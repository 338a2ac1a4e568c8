"""Search-result metadata for every page: meta description and indexing rules.

- Each page's description comes from its front matter (``description:``), or
  else from a longer ``summary`` in its metadata (set by an extension that
  generates the page, e.g. a paper's abstract), or else from its first
  paragraphs; the last two are trimmed at a word boundary. The build fails,
  naming the pages, when a description is missing, too short or too long, or
  shared by several pages (search engines show it as the result snippet, so it
  must tell the pages apart).
- The description is emitted as ``<meta name="description">`` and handed to
  sphinxext-opengraph as the page's ``og:description`` (so both always agree).
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
from collections import defaultdict

from docutils import nodes
from sphinx.errors import SphinxError

# Paragraphs that do not describe the page (tables, footnotes, field lists).
_SKIPPED_ANCESTORS = (
    nodes.table,
    nodes.footnote,
    nodes.citation,
    nodes.field_list,
    nodes.docinfo,
    nodes.system_message,
)


class PageMetadataError(SphinxError):
    category = "Page metadata error"


def collapse_whitespace(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


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
        if any(isinstance(a, _SKIPPED_ANCESTORS) for a in _ancestors(paragraph)):
            continue
        text = collapse_whitespace(f"{text} {paragraph.astext()}")
        if len(text) >= max_length:
            break
    return trim_at_word(text, max_length)


def _ancestors(node: nodes.Node):
    while node.parent is not None:
        node = node.parent
        yield node


def record_description(app, doctree: nodes.document) -> None:
    env = app.env
    metadata = env.metadata[env.docname]
    max_length = app.config.page_metadata_max_length
    if metadata.get("description"):
        description = (collapse_whitespace(str(metadata["description"])), "front matter")
    elif metadata.get("summary"):
        description = (trim_at_word(collapse_whitespace(str(metadata["summary"])), max_length), "summary")
    else:
        description = (derive_description(doctree, max_length), "first paragraphs")
    env.page_descriptions[env.docname] = description


def description_problems(
    descriptions: dict[str, tuple[str, str]], pages: dict[str, str], min_length: int, max_length: int
) -> list[str]:
    """Every reason a description is unusable, one line per page (or per shared text).

    ``pages`` maps each document name to the source file named in the message.
    """
    problems = []
    by_text = defaultdict(list)
    for docname, source in sorted(pages.items()):
        text, origin = descriptions.get(docname, ("", "first paragraphs"))
        if not text:
            problems.append(f"{source}: no description (set `description:` in its front matter)")
        elif not min_length <= len(text) <= max_length:
            problems.append(
                f"{source}: description from its {origin} is {len(text)} characters, "
                f"outside {min_length}–{max_length}: {text!r}"
                + ("" if origin == "front matter" else " (set `description:` in its front matter)")
            )
        else:
            by_text[text].append(source)
    for text, pages in by_text.items():
        if len(pages) > 1:
            problems.append(f"{', '.join(pages)}: these pages share the description {text!r}")
    return problems


def check_descriptions(app, env) -> None:
    pages = {docname: str(env.doc2path(docname, False)) for docname in env.found_docs}
    problems = description_problems(
        env.page_descriptions, pages, app.config.page_metadata_min_length, app.config.page_metadata_max_length
    )
    if problems:
        raise PageMetadataError("unusable page descriptions:\n  " + "\n  ".join(problems))


def add_page_metadata(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    description = getattr(app.env, "page_descriptions", {}).get(pagename)
    if description:
        text = description[0]
        context["metatags"] = (
            context.get("metatags", "") + f'<meta name="description" content="{html.escape(text)}" />\n'
        )
        # A copy, so that the environment's metadata is not changed for later pages.
        context["meta"] = {**(context.get("meta") or {}), "og:description": text}
    if pagename in app.config.page_metadata_noindex:
        context["metatags"] = context.get("metatags", "") + '<meta name="robots" content="noindex" />\n'
    if pagename in app.config.page_metadata_noindex or pagename in app.config.page_metadata_no_canonical:
        context["pageurl"] = None  # no canonical link


def init_env(app, env, docnames) -> None:
    if not hasattr(env, "page_descriptions"):
        env.page_descriptions = {}


def purge_doc(app, env, docname: str) -> None:
    getattr(env, "page_descriptions", {}).pop(docname, None)


def merge_info(app, env, docnames, other) -> None:
    for docname in docnames:
        if docname in other.page_descriptions:
            env.page_descriptions[docname] = other.page_descriptions[docname]


def setup(app):
    app.add_config_value("page_metadata_min_length", 50, "env", types=frozenset({int}))
    app.add_config_value("page_metadata_max_length", 160, "env", types=frozenset({int}))
    app.add_config_value("page_metadata_noindex", ["search", "genindex"], "html", types=frozenset({list, tuple}))
    app.add_config_value("page_metadata_no_canonical", [], "html", types=frozenset({list, tuple}))
    app.connect("env-before-read-docs", init_env)
    app.connect("env-purge-doc", purge_doc)
    app.connect("env-merge-info", merge_info)
    app.connect("doctree-read", record_description)
    app.connect("env-check-consistency", check_descriptions)
    # Before sphinxext-opengraph (priority 500) reads the page's og: fields.
    app.connect("html-page-context", add_page_metadata, priority=400)
    return {"version": "1.0", "env_version": 1, "parallel_read_safe": True, "parallel_write_safe": True}
