"""page_speed.html_edits: tags found where they are, edits spliced without touching the rest."""

from __future__ import annotations

import pytest

from sphinx_academic.page_speed.html_edits import Edits, _Scanner, fast_scan, scan, start_tag

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


def html_parser_scan(text: str) -> list[tuple]:
    scanner = _Scanner(text)
    scanner.feed(text)
    scanner.close()
    return tag_facts(scanner.tags)


def tag_facts(tags) -> list[tuple]:
    """Everything a Tag says, its parent as an index: what the two scanners must agree on."""
    index = {id(tag): number for number, tag in enumerate(tags)}
    return [
        (t.name, t.attrs, t.start, t.start_end, t.end, t.content_start, t.content_end, index.get(id(t.parent)))
        for t in tags
    ]


@pytest.mark.parametrize(
    "html",
    [
        HTML,
        "<DIV Class=a ID='b'><P>x</p></DIV>",  # names in any case
        '<a href="?a=1&amp;b=2" title="&lt;x&gt;" data-x=\'"\'>a</a>',  # references in values
        "<p>1 < 2 <br/> <img src=x.png/></p><ul><li>one<li>two</ul>",  # a bare "<", unclosed items
        "<script>if (a </b) {}</script><style>p>a{x:1}</style ><script src=s.js></SCRIPT>",
        "<!-- a comment --><!DOCTYPE html><input disabled checked=checked>",
        "<div><span></div></span><p>",  # end tags out of order, and left open
    ],
)
def test_the_fast_scanner_finds_what_html_parser_finds(html):
    fast = fast_scan(html)
    assert fast is not None
    assert tag_facts(fast) == html_parser_scan(html)
    assert tag_facts(scan(html)) == html_parser_scan(html)


@pytest.mark.parametrize(
    "html",
    [
        "<p><![CDATA[ x ]]></p>",
        "<?xml version='1.0'?><p></p>",
        "<!-- a -- b --><p></p>",
        "<a href=x'y>a</a>",  # a quote in an unquoted value
        '<a b="c"d>x</a>',  # no space between attributes
        "<script>never closed",
        "<p>text</ p>",
    ],
)
def test_what_the_fast_scanner_does_not_read_goes_to_html_parser(html):
    assert fast_scan(html) is None
    assert tag_facts(scan(html)) == html_parser_scan(html)
