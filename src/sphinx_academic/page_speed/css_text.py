"""Split CSS text into rules and declarations at the speed of one regular expression.

Why not tinycss2 all the way: tokenizing every declaration of the theme's
460 KB of CSS in pure Python took most of the time the post-build steps added
to a build, while the steps only need to *read* selectors and a few values
and copy everything else through. This module finds rule and declaration
boundaries with a single compiled regular expression that knows what can hide
a brace or a semicolon (comments, strings, unquoted ``url()``, escapes,
brackets); tinycss2 then parses just the selectors and values that are read.
tests/speed checks that the split agrees with tinycss2 on the theme's CSS.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# Everything that can contain or be a "{", "}", ";" or ":" without being one.
_SKIPPED = r"""
      /\*.*?(?:\*/|\Z)                          # comment
    | "(?:[^"\\\n]|\\.|\\\n)*(?:"|(?=\n)|\Z)    # double-quoted string (ends at a newline if unclosed)
    | '(?:[^'\\\n]|\\.|\\\n)*(?:'|(?=\n)|\Z)    # single-quoted string
    | (?<![\w\\-])url\(\s*(?!["'\s])(?:[^)\\]|\\.)*\)?   # unquoted url(...), which may hold braces
    | \\.                                       # an escaped character
"""


def _scanner(punctuation: str) -> re.Pattern:
    # The lookahead lets the engine skip to a character that can start a token:
    # twice as fast as trying every alternative at every offset.
    return re.compile(rf"(?=[/\"'\\uU{punctuation}])(?:{_SKIPPED}| [{punctuation}])", re.S | re.X | re.I)


_SCANNER = _scanner(r"{}()\[\];:")
_RULE_SCANNER = _scanner(r"{}()\[\];")  # rule boundaries: ":" does not matter
_BLOCK_SCANNER = _scanner(r"{}()\[\]")  # inside a block: only brackets matter
_CLOSERS = {"{": "}", "(": ")", "[": "]"}


@dataclass
class RawRule:
    """A rule as text: ``prelude { body }``, or a statement at-rule ``prelude;`` (body None)."""

    prelude: str
    body: str | None

    @property
    def at_keyword(self) -> str | None:
        """The at-rule's name in lower case (``media``), None for a style rule."""
        if not self.prelude.startswith("@"):
            return None
        match = re.match(r"@([\w-]+)", self.prelude)
        return match.group(1).lower() if match else ""

    @property
    def text(self) -> str:
        """The rule as CSS text again."""
        return f"{self.prelude};" if self.body is None else f"{self.prelude}{{{self.body}}}"


def strip_comments(text: str) -> str:
    """The text without comments (strings are left alone)."""
    if "/*" not in text:
        return text
    out, position = [], 0
    for match in _SCANNER.finditer(text):
        if match.group().startswith("/*"):
            out.append(text[position : match.start()])
            out.append(" ")
            position = match.end()
    out.append(text[position:])
    return "".join(out)


def split_rules(css: str) -> list[RawRule]:
    """The top-level rules of a stylesheet or block, comments left out of the preludes."""
    return list(iter_rules(css))


def iter_rules(css: str) -> Iterator[RawRule]:
    """split_rules, one rule at a time (reading @import rules needs only the first few)."""
    start = 0  # where the current rule's prelude begins
    depth: list[str] = []  # brackets open in the prelude
    position = 0
    while match := _RULE_SCANNER.search(css, position):
        token, position = match.group(), match.end()
        if token == "{" and not depth:
            body_start = position
            position = _block_end(css, body_start)
            prelude = strip_comments(css[start : body_start - 1]).strip()
            if position is None:  # unclosed block: CSS closes it at the end
                yield RawRule(prelude, css[body_start:])
                return
            yield RawRule(prelude, css[body_start : position - 1])
            start = position
        elif token in _CLOSERS:
            depth.append(_CLOSERS[token])
        elif token in ("}", ")", "]"):
            if depth and depth[-1] == token:
                depth.pop()
        elif token == ";" and not depth:
            prelude = strip_comments(css[start : match.start()]).strip()
            if prelude.startswith("@"):  # a statement at-rule ends here; in a style rule's prelude ";" is just a token
                yield RawRule(prelude, None)
                start = position
    rest = strip_comments(css[start:]).strip()
    if rest.startswith("@"):
        yield RawRule(rest, None)


def _block_end(css: str, position: int) -> int | None:
    """The offset after the "}" closing the block whose content starts at position (None: unclosed).

    Inside a block only brackets matter, so this scan skips the ";" and ":"
    that make up most of a stylesheet's tokens.
    """
    depth = ["}"]
    for match in _BLOCK_SCANNER.finditer(css, position):
        token = match.group()
        if token in _CLOSERS:
            depth.append(_CLOSERS[token])
        elif token == depth[-1]:
            depth.pop()
            if not depth:
                return match.end()
    return None


def split_declarations(body: str) -> list[tuple[str, str]]:
    """A declaration block as (name, value) pairs; value keeps ``!important``, comments gone.

    Nested rules (CSS nesting) inside the block are returned with the name ""
    and the whole rule as the value, so nothing is lost.
    """
    declarations: list[tuple[str, str]] = []
    start, depth, colon = 0, [], None
    for match in _SCANNER.finditer(body):
        token = match.group()
        if token in _CLOSERS:
            depth.append(_CLOSERS[token])
        elif token in ("}", ")", "]"):
            if depth and depth[-1] == token:
                depth.pop()
                if not depth and token == "}" and colon is None:  # a nested rule
                    declarations.append(("", strip_comments(body[start : match.end()]).strip()))
                    start = match.end()
        elif token == ":" and not depth and colon is None:
            colon = match.start()
        elif token == ";" and not depth:
            _append_declaration(declarations, body, start, colon, match.start())
            start, colon = match.end(), None
    _append_declaration(declarations, body, start, colon, len(body))
    return declarations


def _append_declaration(declarations: list, body: str, start: int, colon: int | None, end: int) -> None:
    if colon is None:
        text = strip_comments(body[start:end]).strip()
        if text:
            declarations.append(("", text))
        return
    name = strip_comments(body[start:colon]).strip()
    value = strip_comments(body[colon + 1 : end])
    # A custom property's value is every token, whitespace included ("--x: ;"
    # is empty but valid); other values lose their outer whitespace.
    declarations.append((name, value if name.startswith("--") and not value.strip() else value.strip()))


_WHITESPACE_OUTSIDE_STRINGS = re.compile(
    r"""("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|(?<![\w\\-])url\((?:[^)\\]|\\.)*\))|\s+""", re.S | re.I
)


def collapse_whitespace(value: str) -> str:
    """Runs of whitespace outside strings and url()s as one space."""
    return _WHITESPACE_OUTSIDE_STRINGS.sub(lambda m: m.group(1) or " ", value)


def join_declarations(declarations: list[tuple[str, str]]) -> str:
    """Declarations back to compact text (``name:value;…``)."""
    parts = []
    for name, value in declarations:
        if not name:
            parts.append(value)
        elif name.startswith("--") and not value.strip():
            parts.append(f"{name}: ")  # the one space is the (empty) value
        else:
            parts.append(f"{name}:{collapse_whitespace(value)}")
    return ";".join(parts)
