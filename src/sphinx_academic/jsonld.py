"""JSON-LD on the site's pages: the <script> element and the site owner's Person ``@id``.

A plain helper module, not a Sphinx extension. ``person_jsonld`` writes the
Person on the home page; a paper's author (``publications.metadata``) points
at it through the same ``@id``.
"""

from __future__ import annotations

import json


def person_id(baseurl: str) -> str:
    """The ``@id`` of the site owner's schema.org Person: ``<html_baseurl>#person``."""
    return f"{baseurl}#person"


def person_base(config, baseurl: str) -> str:
    """The base URL of the owner's ``@id``: the default language's site, so that every language's
    pages name one person (``sphinx_academic.languages``); else ``baseurl``."""
    bases = getattr(config, "languages_bases", None) if "languages_bases" in config else None
    return next(iter(bases.values())) if bases else baseurl


def script_tag(data: dict, *, indent: int | None = None) -> str:
    """``data`` in a <script type="application/ld+json">, safe to embed in HTML.

    With ``indent=None`` the JSON is one compact line inside the element; with
    a number it is indented, on lines of its own. "<", ">" and "&" become JSON
    escapes, so no value can close the script element or open a comment, and
    JSON parsers read the same string. Raises TypeError for non-JSON data.
    """
    separators = (",", ":") if indent is None else None
    text = json.dumps(data, ensure_ascii=False, indent=indent, separators=separators)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    if indent is not None:
        text = f"\n{text}\n"
    return f'<script type="application/ld+json">{text}</script>'
