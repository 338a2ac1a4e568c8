"""Inline each page's stylesheets into its <head>, so no stylesheet blocks rendering.

Every run of adjacent ``<link rel="stylesheet">`` tags to the site's own files
becomes one ``<style>`` (the link's ``media`` carried over), with ``@import``\\ s
expanded and every ``url()`` rewritten relative to the page, so fonts and
images still resolve from pages in sub-folders and from the 404 page (which
uses root-relative URLs). Preloads of the inlined files go too. The order of
the rules, and so the cascade, is unchanged.

Inlining pays off because the pruned CSS is small (``page_speed.css_pruning`` runs
first): a few KiB compressed, sent with the HTML instead of after a round trip.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape
from pathlib import Path
from urllib.parse import quote

import tinycss2
from sphinx.application import Sphinx
from tinycss2 import ast
from tinycss2.serializer import serialize_string_value, serialize_url

from .._extension import metadata
from .build_output import (
    INLINED_FROM,
    connect_page_editor,
    local_file,
    logger,
    rebase_url,
    stylesheet_links,
)
from .css_pruning import (
    BLOCK_AT_RULES,
    compact,
    import_target,
    imported_file,
    url_value,
)
from .css_text import RawRule, join_declarations, split_declarations, split_rules
from .html_edits import Edits, Tag, scan

ORDER = 730  # in the page editing pass, which runs after pruning and font subsetting
BLOCKS = ("() block", "[] block", "{} block")


def rebase_tokens(tokens: list, href: str) -> None:
    """Rewrite, in place, the url()s in tokens written in a stylesheet at href, relative to the page."""
    for index, token in enumerate(tokens):
        if token.type == "url":
            new = rebase_url(token.value, href)
            tokens[index] = ast.URLToken(token.source_line, token.source_column, new, f"url({serialize_url(new)})")
        elif token.type == "function" and token.lower_name == "url":
            for position, argument in enumerate(token.arguments):
                if argument.type == "string":
                    new = rebase_url(argument.value, href)
                    token.arguments[position] = ast.StringToken(
                        argument.source_line, argument.source_column, new, f'"{serialize_string_value(new)}"'
                    )
        elif token.type == "function":
            rebase_tokens(token.arguments, href)
        elif token.type in BLOCKS:
            rebase_tokens(token.content, href)


def rebased_declarations(body: str, href: str) -> str:
    """A declaration block with its url()s rewritten relative to the page (untouched if it has none)."""
    if "url(" not in body.lower():
        return body
    declarations = []
    for name, value in split_declarations(body):
        if "url(" in value.lower():
            tokens = tinycss2.parse_component_value_list(value)
            rebase_tokens(tokens, href)
            value = tinycss2.serialize(tokens)
        declarations.append((name, value))
    return join_declarations(declarations)


def rebased_rule(rule: RawRule, href: str) -> str:
    """A rule written in a stylesheet at href, with every url() rewritten relative to the page."""
    if rule.body is None:
        if rule.at_keyword == "import" and (target := import_target(rule)):
            return f"@import url({serialize_url(rebase_url(target, href))}){import_conditions(rule)[0]};"
        return rule.text
    if rule.at_keyword in BLOCK_AT_RULES:
        return f"{rule.prelude}{{{''.join(rebased_rule(r, href) for r in split_rules(rule.body))}}}"
    return f"{rule.prelude}{{{rebased_declarations(rule.body, href)}}}"


def import_conditions(rule: RawRule) -> tuple[str, bool]:
    """What follows an @import's URL (with a leading space), and whether it is media queries only."""
    tokens = tinycss2.parse_component_value_list(rule.prelude[len("@import") :], skip_comments=True)
    first = next(i for i, token in enumerate(tokens) if url_value(token))
    rest = tokens[first + 1 :]
    media_only = not any(
        (t.type == "function" and t.lower_name in ("layer", "supports"))
        or (t.type == "ident" and t.lower_value == "layer")
        for t in rest
    )
    text = compact(rest)
    return (" " + text if text else ""), media_only


def stylesheet_for_page(path: Path, href: str, seen: frozenset[Path] = frozenset()) -> str:
    """The CSS of the file at path, linked from a page as href, ready to inline in that page.

    A local @import with only media queries is replaced by the imported CSS
    (in an @media block); one with layer() or supports() stays an @import.
    """
    if path in seen:
        raise ValueError(f"{path}: @import loop")
    out = []
    for rule in split_rules(path.read_text("utf-8")):
        target = import_target(rule) if rule.at_keyword == "import" else None
        conditions, media_only = import_conditions(rule) if target else ("", False)
        imported = imported_file(path, target) if target else None
        if media_only and imported is not None:
            css = stylesheet_for_page(imported, rebase_url(target, href), seen | {path})
            out.append(f"@media{conditions}{{{css}}}" if conditions.strip() else css)
        else:
            out.append(rebased_rule(rule, href))
    return "".join(out)


def cached_stylesheet(cache: dict, file: Path, href: str) -> str:
    """stylesheet_for_page, once per file and href: pages at the same depth share both."""
    if (file, href) not in cache:
        cache[file, href] = stylesheet_for_page(file, href)
    return cache[file, href]


# Icon fonts' code points. In a stylesheet file they are harmless; in an HTML
# document the validator warns (Charmod C073), so they go in as CSS escapes.
PRIVATE_USE = re.compile("([\ue000-\uf8ff\U000f0000-\U0010ffff])([0-9a-fA-F \t\n]?)")


def escape_private_use(css: str) -> str:
    """The CSS with private-use characters written as escapes ("\\f057"), which CSS reads the same."""

    def escape(match: re.Match) -> str:
        # An escape ends at the first character that is not a hex digit, or eats one space.
        separator = " " if match.group(2) else ""
        return f"\\{ord(match.group(1)):x}{separator}{match.group(2)}"

    return PRIVATE_USE.sub(escape, css)


def style_element(css: str, media: str | None, hrefs: list[str]) -> str:
    """A <style> with the CSS, naming the stylesheets it holds (so a later build can refresh it)."""
    # "</style" inside a CSS string would end the element; "\/" is the same "/" to CSS.
    css = escape_private_use(css).replace("</style", "<\\/style").replace("</STYLE", "<\\/STYLE")
    media_attribute = f' media="{escape(media)}"' if media and media != "all" else ""
    sources = " ".join(quote(href, safe="/:?&=#%+~.,;@!$'()*-_") for href in hrefs)
    return f'<style {INLINED_FROM}="{escape(sources)}"{media_attribute}>{css}</style>'


def inline_page_stylesheets(outdir: Path, page: Path, cache: dict) -> tuple[int, int] | None:
    """Inline one page's stylesheets; returns (stylesheets inlined, bytes inlined), None if none.

    A <style> inlined by an earlier build names its files (``data-inlined-from``)
    and is refreshed from them, so an incremental build that does not rewrite the
    page still gives it the current CSS.
    """
    text = page.read_text("utf-8")
    edits = Edits(text)
    result = add_stylesheet_edits(outdir, page, text, scan(text), edits, cache)
    if edits:
        page.write_text(edits.apply(), "utf-8")
    return result


def add_stylesheet_edits(
    outdir: Path, page: Path, text: str, tags: Sequence[Tag], edits: Edits, cache: dict
) -> tuple[int, int] | None:
    """inline_page_stylesheets's edits, added to ``edits``."""
    groups: list[tuple[int, int, list[tuple[str, Path]], str | None]] = []  # span, stylesheets, media
    for tag in stylesheet_links(tags):
        file = local_file(outdir, page, tag.get("href"))
        if file is None:
            continue
        previous = groups[-1] if groups else None
        if previous and not text[previous[1] : tag.start].strip() and previous[3] == tag.get("media"):
            groups[-1] = (previous[0], tag.start_end, [*previous[2], (tag.get("href"), file)], previous[3])
        else:
            groups.append((tag.start, tag.start_end, [(tag.get("href"), file)], tag.get("media")))
    for tag in tags:
        if tag.name == "style" and tag.get(INLINED_FROM) and tag.end is not None:
            sheets = [(href, local_file(outdir, page, href)) for href in tag.get(INLINED_FROM).split()]
            if all(file is not None for _, file in sheets):
                groups.append((tag.start, tag.end, sheets, tag.get("media")))
    if not groups:
        return None
    size = 0
    for start, end, sheets, media in groups:
        css = "".join(cached_stylesheet(cache, file, href) for href, file in sheets)
        size += len(css)
        element = style_element(css, media, [href for href, _ in sheets])
        if text[start:end] != element:
            edits.replace(start, end, element)
    inlined_files = {file for *_, sheets, _ in groups for _, file in sheets}
    for tag in tags:
        if (
            tag.name == "link"
            and "preload" in (tag.get("rel") or "").split()
            and local_file(outdir, page, tag.get("href") or "") in inlined_files
        ):
            edits.remove(tag)
    return sum(len(sheets) for *_, sheets, _ in groups), size


class StylesheetInliner:
    """The page editor: inlines every page's stylesheets (pruned and with cut fonts by then)."""

    def __init__(self, app: Sphinx):
        self.outdir = Path(app.outdir)
        self.stylesheets: dict = {}  # cached_stylesheet's cache
        self.pages = self.size = 0

    def edit(self, page: Path, text: str, tags: Sequence[Tag], edits: Edits) -> None:
        result = add_stylesheet_edits(self.outdir, page, text, tags, edits, self.stylesheets)
        if result:
            self.pages += 1
            self.size += result[1]

    def finish(self) -> None:
        if self.pages:
            logger.info(
                "speed: inlined stylesheets in %d pages (%d bytes a page on average)",
                self.pages,
                self.size // self.pages,
            )


def setup(app: Sphinx) -> dict:
    app.setup_extension("sphinx_academic.page_speed.css_pruning")  # prune first: only small CSS is worth inlining
    connect_page_editor(app, "speed_inline_css", "Inline the pages' stylesheets into <head>.", ORDER, StylesheetInliner)
    return metadata(__name__)
