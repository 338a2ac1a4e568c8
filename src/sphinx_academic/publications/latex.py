"""Turn BibTeX field values (LaTeX) into plain Unicode text, keeping the case as written.

latexcodec (pybtex's own dependency) decodes accents, dashes, ``\\%`` and
``{\\textemdash}``. Two steps are ours because no library does them without
also changing case (pybtex's styles) or being slow (``Text.from_latex`` costs
about 6 ms per title, too much for a thousand entries): removing the grouping
braces that protect case, and dropping the names of formatting commands that
latexcodec leaves alone (``\\emph{x}`` becomes ``x``).
"""

from __future__ import annotations

import codecs
import functools
import re
import unicodedata

import latexcodec  # noqa: F401  (registers the "ulatex" codec)
import pybtex.errors
from pybtex.bibtex.utils import split_name_list
from pybtex.database import Person

# Anything latexcodec might change; values without these pass through untouched (fast path).
_SPECIAL = re.compile(r"[\\{}~$]|--|``|''")
# Escaped braces survive brace removal through private-use placeholders.
_ESCAPED_BRACES = {r"\{": "\ue000", r"\}": "\ue001"}
_UNKNOWN_COMMAND = re.compile(r"\\[A-Za-z]+\*?\s*")
# Escaped specials (``\%``) are the only LaTeX in most abstracts; replacing them
# first lets those skip latexcodec, which costs about 4 µs per character.
_SIMPLE_ESCAPES = re.compile(r"(?<!\\)\\([%&#_$])")
_SPACES = re.compile(r"\s+")


# Google Scholar protects case with escaped braces in math mode: "$\{$DistServe$\}$".
_MATH_BRACES = re.compile(r"\$\\([{}])\$")


@functools.lru_cache(maxsize=1 << 16)
def decode(value: str) -> str:
    """Decode one LaTeX value to plain text on one line; case as written.

    Cached: a build decodes the same names and titles several times (the engine's entries,
    sphinxcontrib-bibtex's labels, sorting and formatting), and latexcodec is slow."""
    value = _MATH_BRACES.sub("", value)
    unescaped = _SIMPLE_ESCAPES.sub(r"\1", value)
    if not _SPECIAL.search(unescaped):
        return _one_line(unescaped)
    for escaped, placeholder in _ESCAPED_BRACES.items():
        value = value.replace(escaped, placeholder)
    text = codecs.decode(value, "ulatex")
    text = _UNKNOWN_COMMAND.sub("", text).replace("{", "").replace("}", "")
    text = text.replace("\ue000", "{").replace("\ue001", "}")
    return _one_line(text.replace("\xa0", " "))


def _one_line(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def decode_url(value: str) -> str:
    """A URL or DOI as BibTeX writes it (``\\_``, ``\\%``, braces) to the URL itself.

    Not through ``decode``: LaTeX would read ``~`` and ``--`` in a URL as a space and a dash.
    """
    return _one_line(re.sub(r"\\([_%#&~$])", r"\1", value).replace("{", "").replace("}", "").replace("\\url", ""))


def decode_paragraphs(value: str) -> list[str]:
    """Decode a long value (an abstract): blank lines separate paragraphs."""
    return [decode(p) for p in re.split(r"\n\s*\n", value) if p.strip()]


def person_name(raw: str, problems: list[str] | None = None) -> tuple[str, str]:
    """One BibTeX name ("Last, First" or "First Last") as ("First Last", "Last"), decoded.

    pybtex reports a name it cannot split (too many commas) by raising; captured
    here instead, the name is kept as pybtex read it and the problem added to ``problems``.
    """
    with pybtex.errors.capture() as captured:
        person = Person(raw)
    if problems is not None:
        problems += [str(error) for error in captured]
    parts = person.first_names + person.middle_names + person.prelast_names + person.last_names
    name = " ".join(parts)
    if person.lineage_names:
        name += ", " + " ".join(person.lineage_names)
    return decode(name), decode(" ".join(person.prelast_names + person.last_names))


def split_names(raw: str, problems: list[str] | None = None) -> list[tuple[str, str]]:
    """A BibTeX name list ("A and B and C") as decoded ("First Last", "Last") pairs."""
    return [person_name(name, problems) for name in split_name_list(_one_line(raw))]


def name_key(name: str) -> str:
    """Comparison form of a decoded name: case and spacing ignored."""
    return _one_line(name).casefold()


# -- The citation that visitors copy and download: symbols as Unicode ------------------------
#
# BibTeX readers differ most in the LaTeX they understand: citeproc-py 0.11 fails on
# `{\textemdash}`, `\"{u}` or `\ss{}` and reads `---` as "–-", while a UTF-8 character reads
# the same everywhere (LaTeX, biber, pybtex, bibtexparser, citation-js, Zotero). So the
# exported values write each command that stands for one character as that character, and
# keep everything else as written: case-protecting braces, escapes (`\%`, `\&`), math,
# commands with arguments, and commands standing for ASCII characters, whose LaTeX meaning
# the bare character would change (`\textasciitilde` is not `~`, a non-breaking space).

#: Accent commands and the combining character each puts on its letter.
_ACCENTS = {
    "'": "\u0301",
    "`": "\u0300",
    "^": "\u0302",
    '"': "\u0308",
    "~": "\u0303",
    "=": "\u0304",
    ".": "\u0307",
    "u": "\u0306",
    "v": "\u030c",
    "H": "\u030b",
    "c": "\u0327",
    "k": "\u0328",
    "r": "\u030a",
    "d": "\u0323",
    "b": "\u0331",
}
_LETTER = r"(?:\\[ij](?![A-Za-z])|[A-Za-z])"
_ACCENT_COMMAND = (
    rf"""\\(?P<accent>['`^"~=.]|[uvHckrdb](?![A-Za-z]))\s*(?:\{{\s*(?P<braced>{_LETTER})\s*\}}|(?P<bare>{_LETTER}))"""
)
_WORD_COMMAND = r"\\(?P<word>[A-Za-z]+)"
_COMMAND = re.compile(rf"{_ACCENT_COMMAND}|{_WORD_COMMAND}")
#: `{\"u}`, `{\textemdash}`: a group holding one command only, which BibTeX treats as one character.
_SPECIAL_GROUP = re.compile(rf"\{{\s*(?:{_ACCENT_COMMAND}|{_WORD_COMMAND}(?:\{{\}})?)\s*\}}")
_AFTER_WORD = re.compile(r"\{\}|[ \t]+")  # TeX ends a control word at these, and drops them
_DASHES = {"---": "—", "--": "–"}


def _command_character(match: re.Match) -> str | None:
    """The one non-ASCII character a command match stands for, or None (keep it as written)."""
    if match.group("accent"):
        base = match.group("braced") or match.group("bare")
        base = base[-1] if base.startswith("\\") else base  # \i, \j: the dotless letters, accented
        return unicodedata.normalize("NFC", base + _ACCENTS[match.group("accent")])
    text = codecs.decode("\\" + match.group("word"), "ulatex")
    return text if text and text.isprintable() and not text.isascii() and "\\" not in text else None


def unicode_symbols(text: str) -> str:
    """A BibTeX value's inner text with LaTeX symbols and accents written as Unicode characters.

    ``{\\textemdash}`` and ``\\textemdash{}`` become "—", ``{\\"u}`` and ``\\"{u}`` "ü",
    ``---`` "—" and ``--`` "–"; ``{KVCache}``, ``\\%``, ``$\\alpha$`` and ``\\emph{x}`` stay.
    Google Scholar's case protection in math mode, ``$\\{$DistServe$\\}$``, becomes ``{DistServe}``.
    """
    text = re.sub(r"\$\\\{\$([^$]*)\$\\\}\$", r"{\1}", text)
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char == "{" and (group := _SPECIAL_GROUP.match(text, i)) and (symbol := _command_character(group)):
            out.append(symbol)
            i = group.end()
        elif char == "\\":
            command = _COMMAND.match(text, i)
            symbol = _command_character(command) if command else None
            if symbol:
                out.append(symbol)
                i = command.end()
                if command.group("word") and (after := _AFTER_WORD.match(text, i)):
                    i = after.end()
            elif command and command.group("word"):
                out.append(command.group(0))
                i = command.end()
            else:  # an escape (\%, \{, \\) or a control symbol: as written
                out.append(text[i : i + 2])
                i += 2
        elif char == "$":  # math, as written, up to the closing (unescaped) dollar
            end = re.compile(r"(?<!\\)\$").search(text, i + 1)
            stop = end.end() if end else n
            out.append(text[i:stop])
            i = stop
        elif text.startswith("--", i):
            dash = "---" if text.startswith("---", i) else "--"
            out.append(_DASHES[dash])
            i += len(dash)
        else:
            out.append(char)
            i += 1
    return "".join(out)


def unicode_symbols_in_value(source: str) -> str:
    """A field's value as written in the file (``{…}``, ``"…"``, macros joined with ``#``), with
    ``unicode_symbols`` applied inside each braced or quoted part; macro names are left alone."""
    out: list[str] = []
    i, n = 0, len(source)
    while i < n:
        char = source[i]
        if char in '{"':
            end, depth = i + 1, 0
            while end < n:  # BibTeX's own rule: every brace counts, escaped or not
                c = source[end]
                if c == "{":
                    depth += 1
                elif c == "}":
                    if depth == 0 and char == "{":
                        break
                    depth -= 1
                elif c == '"' and char == '"' and depth == 0:
                    break
                end += 1
            closing = source[end] if end < n else ""
            out.append(char + unicode_symbols(source[i + 1 : end]) + closing)
            i = end + 1
        else:
            out.append(char)
            i += 1
    return "".join(out)
