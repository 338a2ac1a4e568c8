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
import re

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


def decode(value: str) -> str:
    """Decode one LaTeX value to plain text on one line; case as written."""
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
