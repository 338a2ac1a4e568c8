"""Find tags in an HTML page and edit them in place, leaving every other byte as it was.

The post-build steps change a handful of tags per page (a stylesheet link, a
script's attributes, an image's size). Re-serializing a parsed tree would also
reorder attributes, re-encode entities and drop whitespace on every page, which
other extensions and tests do not expect; so the standard library's
``html.parser`` locates the tags (it knows where ``<script>``/``<style>``
content ends) and the edits are spliced into the original text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from html import escape, unescape
from html.parser import HTMLParser


@dataclass
class Tag:
    """One element: its start tag's span and, when it has one, its end tag's."""

    name: str
    attrs: dict[str, str | None]
    start: int  # offset of "<"
    start_end: int  # offset after the start tag's ">"
    end: int | None = None  # offset after the end tag's ">" (None: void or unclosed)
    content_start: int | None = None
    content_end: int | None = None
    parent: Tag | None = field(default=None, repr=False, compare=False)  # the open element around it

    @property
    def parents(self) -> tuple[str, ...]:
        """The names of the open elements around it, innermost first."""
        names, tag = [], self.parent
        while tag is not None:
            names.append(tag.name)
            tag = tag.parent
        return tuple(names)

    def get(self, name: str, default=None):
        return self.attrs.get(name, default)

    def has(self, name: str) -> bool:
        return name in self.attrs

    @property
    def span(self) -> tuple[int, int]:
        """The whole element, start tag to end tag."""
        return self.start, self.end if self.end is not None else self.start_end


VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})


class _Scanner(HTMLParser):
    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.text = text
        # getpos() counts lines by "\n" only (str.splitlines would also split on \f, \u2028…).
        self.line_offsets = [0] + [match.end() for match in re.finditer("\n", text)]
        self.tags: list[Tag] = []
        self.open: list[Tag] = []

    def position(self) -> int:
        line, column = self.getpos()
        return self.line_offsets[line - 1] + column

    # html.parser gives names in lower case.
    def handle_starttag(self, name, attrs):
        start = self.position()
        tag = Tag(
            name,
            dict(attrs),
            start,
            start + len(self.get_starttag_text() or ""),
            parent=self.open[-1] if self.open else None,
        )
        self.tags.append(tag)
        if name not in VOID:
            tag.content_start = tag.start_end
            self.open.append(tag)

    def handle_startendtag(self, name, attrs):
        start = self.position()
        self.tags.append(
            Tag(
                name,
                dict(attrs),
                start,
                start + len(self.get_starttag_text() or ""),
                parent=self.open[-1] if self.open else None,
            )
        )

    def handle_endtag(self, name):
        start = self.position()
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index].name == name:
                tag = self.open[index]
                del self.open[index:]  # elements left open inside it end here too
                tag.content_end = start
                tag.end = self.text.index(">", start) + 1
                return


#: How many pages' scans are kept: on a site of at most this many pages, the
#: steps that read a page before one of them changes it scan it once in all.
SCANS_KEPT = 64


@lru_cache(maxsize=SCANS_KEPT)
def scan(text: str) -> tuple[Tag, ...]:
    """Every element of an HTML page, in document order.

    Cached: several steps read the same page before one of them changes it.
    """
    tags = fast_scan(text)
    if tags is not None:
        return tags
    scanner = _Scanner(text)
    scanner.feed(text)
    scanner.close()
    return tuple(scanner.tags)


# What fast_scan reads itself: well-formed tags, as Sphinx and its themes write them.
_START_TAG = re.compile(
    r"""<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s"'<>/=`]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*(/?)>"""
)
_ATTRIBUTE = re.compile(r"""\s+([^\s"'<>/=`]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")
_END_TAG = re.compile(r"</([a-zA-Z][a-zA-Z0-9-]*)\s*>")
_DOCTYPE = re.compile(r"<!doctype\s[^<>\"']*>", re.IGNORECASE)
_RAW_TEXT_END = {name: re.compile(f"</{name}(?=[\\s/>])", re.IGNORECASE) for name in ("script", "style")}


def fast_scan(text: str) -> tuple[Tag, ...] | None:
    """``scan``'s tags, found twice as fast as with html.parser, or None for a page with
    anything else (an unquoted ``<`` or ``&`` in an odd place, CDATA, a processing instruction,
    a comment holding ``--``): html.parser reads that one.

    Why ours: html.parser handles every character of the text and every tag's attributes
    in Python; a page of a thousand entries takes it a second. This reads tags only, and
    each tag's attributes once; it gives html.parser's result, which a test checks on
    every page of the built site.
    """
    tags: list[Tag] = []
    open_tags: list[Tag] = []
    position = 0
    find = text.find
    while (start := find("<", position)) >= 0:
        following = text[start + 1 : start + 2]
        if following.isascii() and following.isalpha():
            match = _START_TAG.match(text, start)
            if match is None:
                return None
            name = match.group(1).lower()
            attributes = {}
            for attribute in _ATTRIBUTE.finditer(match.group(2)):
                value = attribute.group(2)
                if value is not None:
                    if value[0] in "\"'":
                        value = value[1:-1]
                    if "&" in value:
                        value = unescape(value)
                attributes[attribute.group(1).lower()] = value
            tag = Tag(name, attributes, start, match.end(), parent=open_tags[-1] if open_tags else None)
            tags.append(tag)
            position = match.end()
            if match.group(3) or name in VOID:
                continue
            tag.content_start = position
            open_tags.append(tag)
            if name in _RAW_TEXT_END:  # its text runs to its end tag
                end = _RAW_TEXT_END[name].search(text, position)
                if end is None:
                    return None
                position = end.start()
        elif following == "/":
            match = _END_TAG.match(text, start)
            if match is None:
                return None
            name = match.group(1).lower()
            for index in range(len(open_tags) - 1, -1, -1):
                if open_tags[index].name == name:
                    tag = open_tags[index]
                    del open_tags[index:]  # elements left open inside it end here too
                    tag.content_end, tag.end = start, match.end()
                    break
            position = match.end()
        elif text.startswith("<!--", start):
            end = find("-->", start + 4)
            if end < 0 or "--" in text[start + 4 : end]:
                return None
            position = end + 3
        elif following == "!":
            match = _DOCTYPE.match(text, start)
            if match is None:
                return None
            position = match.end()
        elif following == "?" or not following:
            return None
        else:  # "<" and a space, digit…: text, as html.parser reads it
            position = start + 1
    return tuple(tags)


def scan_through_last(text: str, pattern: re.Pattern) -> tuple[Tag, ...]:
    """The elements of a page that ``scan`` finds up to where ``pattern`` last matches.

    For a step that needs only some tags, each with a match of ``pattern`` in
    its start tag (``<link``): the page is scanned no further than the start tag
    around the last match. html.parser takes a page in pieces as it takes it
    whole, and keeps back what it cannot finish (a start tag whose quoted value
    holds a ">", a comment): if what it kept holds a match, the whole page is scanned.
    """
    last = None
    for last in pattern.finditer(text):  # noqa: B007 (the last one is the point)
        pass
    if last is None:
        return ()
    cut = text.find(">", last.end())
    if cut < 0:
        return scan(text)
    head = text[: cut + 1]
    tags = fast_scan(head)
    if tags is not None:
        return tags
    scanner = _Scanner(head)
    scanner.feed(head)
    if pattern.search(scanner.rawdata):
        return scan(text)
    return tuple(scanner.tags)


def start_tag(name: str, attrs: dict[str, str | None]) -> str:
    """Serialize a start tag (None values are boolean attributes)."""
    parts = [name] + [k if v is None else f'{k}="{escape(v, quote=True)}"' for k, v in attrs.items()]
    return "<" + " ".join(parts) + ">"


@dataclass
class Edits:
    """Non-overlapping replacements of spans of a text, applied together."""

    text: str
    replacements: list[tuple[int, int, str]] = field(default_factory=list)

    def replace(self, start: int, end: int, new: str) -> None:
        self.replacements.append((start, end, new))

    def remove(self, tag: Tag, with_line: bool = True) -> None:
        """Remove an element; with_line also takes the indentation and newline around it."""
        start, end = tag.span
        if with_line:
            line_start = self.text.rfind("\n", 0, start) + 1
            line_end = self.text.find("\n", end)
            line_end = len(self.text) if line_end == -1 else line_end + 1
            if not self.text[line_start:start].strip() and not self.text[end:line_end].strip():
                start, end = line_start, line_end
        self.replace(start, end, "")

    def insert(self, offset: int, new: str) -> None:
        self.replace(offset, offset, new)

    def __bool__(self) -> bool:
        return bool(self.replacements)

    def apply(self) -> str:
        out, position = [], 0
        for start, end, new in sorted(self.replacements, key=lambda r: (r[0], r[1])):
            if start < position:
                raise ValueError(f"overlapping edits at offset {start}")
            out.append(self.text[position:start])
            out.append(new)
            position = end
        out.append(self.text[position:])
        return "".join(out)
