"""page_speed.css_text: rule and declaration boundaries, checked against tinycss2."""

from __future__ import annotations

import tinycss2

from sphinx_academic.page_speed.css_text import (
    collapse_whitespace,
    join_declarations,
    split_declarations,
    split_rules,
)


def test_rules_and_statements():
    rules = split_rules('@charset "utf-8";/* c */ a, b { color: red } @media (x) { .y { z: 1 } } @import url(x.css);')
    assert [(r.prelude, r.body) for r in rules] == [
        ('@charset "utf-8"', None),
        ("a, b", " color: red "),
        ("@media (x)", " .y { z: 1 } "),
        ("@import url(x.css)", None),
    ]
    assert [r.at_keyword for r in rules] == ["charset", None, "media", "import"]


def test_braces_and_semicolons_that_are_not_boundaries():
    css = (
        '.a{content:"}{;"}'  # in a string
        ".b{background:url(data:x;y{z})}"  # in an unquoted url()
        r".c\{d{x:1}"  # escaped
        ".e{/* } */x:2}"  # in a comment
        '[title="a{b"]{x:3}'  # in an attribute selector's string
    )
    rules = split_rules(css)
    assert [r.prelude for r in rules] == [".a", ".b", r".c\{d", ".e", '[title="a{b"]']
    assert rules[1].body == "background:url(data:x;y{z})"
    assert split_declarations(rules[3].body) == [("x", "2")]


def test_declarations():
    body = ' color : red ; --empty: ; --x:{a;b}; margin:0 !important; background:url("a;b") '
    assert split_declarations(body) == [
        ("color", "red"),
        ("--empty", " "),
        ("--x", "{a;b}"),
        ("margin", "0 !important"),
        ("background", 'url("a;b")'),
    ]
    assert join_declarations(split_declarations(body)) == (
        'color:red;--empty: ;--x:{a;b};margin:0 !important;background:url("a;b")'
    )


def test_whitespace_is_collapsed_outside_strings_only():
    assert collapse_whitespace('a  \n b "x   y" url(a  b)') == 'a b "x   y" url(a  b)'


def test_agrees_with_tinycss2_on_the_theme_css(theme_static):
    """Every top-level rule of the theme's stylesheet, split the same way as tinycss2 does."""
    css = (theme_static / "styles" / "pydata-sphinx-theme.css").read_text("utf-8")
    ours = split_rules(css)
    theirs = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    assert len(ours) == len(theirs) > 1000

    def tokens(text: str) -> str:  # the same tokens, whatever the spelling (tinycss2 writes "n/**/+4" for "n+4")
        return tinycss2.serialize(tinycss2.parse_component_value_list(text, skip_comments=True)).strip()

    for mine, reference in zip(ours, theirs, strict=True):
        reference_prelude = tinycss2.serialize(reference.prelude).strip()
        if reference.type == "at-rule":
            reference_prelude = f"@{reference.at_keyword} {reference_prelude}".strip()
        assert tokens(mine.prelude) == tokens(reference_prelude)
        assert (mine.body is None) == (reference.content is None)
        if mine.body is not None:
            assert tokens(mine.body) == tokens(tinycss2.serialize(reference.content))
