"""page_speed.html_edits: tags found where they are, edits spliced without touching the rest."""

from __future__ import annotations

import pytest

from sphinx_academic.page_speed.html_edits import Edits, scan, start_tag

HTML = """<!DOCTYPE html>
<html><head>
  <script>var a = "<b>";</script>
  <noscript><style>.x{}</style></noscript>
  <link rel="stylesheet" href="a.css" />
</head><body><p>caf&eacute; &#8212; <img src="i.png" alt='x > y'></p></body></html>"""


def test_tags_spans_and_parents():
    tags = {tag.name: tag for tag in scan(HTML)}
    script, style, link, img = tags["script"], tags["style"], tags["link"], tags["img"]
    assert HTML[script.start : script.end] == '<script>var a = "<b>";</script>'
    assert HTML[script.content_start : script.content_end] == 'var a = "<b>";'
    assert HTML[link.start : link.start_end] == '<link rel="stylesheet" href="a.css" />'
    assert link.end is None and link.get("href") == "a.css"
    assert HTML[img.start : img.start_end] == "<img src=\"i.png\" alt='x > y'>"
    assert "noscript" in style.parents and "noscript" not in script.parents
    assert "b" not in tags  # "<b>" inside the script is text


def test_edits_change_only_their_spans():
    tags = {tag.name: tag for tag in scan(HTML)}
    edits = Edits(HTML)
    edits.remove(tags["link"])
    edits.replace(
        tags["img"].start, tags["img"].start_end, start_tag("img", {"src": "i.png", "width": "2", "alt": None})
    )
    out = edits.apply()
    assert 'href="a.css"' not in out and "\n</head>" in out  # the link's whole line went
    assert '<img src="i.png" width="2" alt>' in out
    assert "caf&eacute; &#8212;" in out  # entities untouched
    assert out.replace('<img src="i.png" width="2" alt>', "") == HTML.replace(
        '  <link rel="stylesheet" href="a.css" />\n', ""
    ).replace("<img src=\"i.png\" alt='x > y'>", "")


def test_overlapping_edits_are_refused():
    edits = Edits("abcdef")
    edits.replace(1, 4, "x")
    edits.replace(2, 3, "y")
    with pytest.raises(ValueError, match="overlapping"):
        edits.apply()


def test_attribute_values_are_escaped():
    assert (
        start_tag("script", {"src": 'data:x,"a"&b', "defer": None}) == '<script src="data:x,&quot;a&quot;&amp;b" defer>'
    )
