"""page_speed.css_inlining: links become <style>, URLs still resolve from every page."""

from __future__ import annotations

from sphinx_academic.page_speed.css_inlining import inline_page_stylesheets, stylesheet_for_page

from .conftest import write


def site(tmp_path):
    write(tmp_path / "_static/base.css", "body { background: url(img/bg.png) }\n")
    write(
        tmp_path / "_static/styles/theme.css",
        '@import "../base.css";\n@import url(print.css) print;\n'
        '@font-face{font-family:X;src:url(../fonts/x.woff2) format("woff2"),url("data:font/woff2;base64,AA")}\n'
        'h1 { color: red; background: url("https://example.org/a.png") }\n'
        '.q::before { content: "</style>" }\n',
    )
    write(tmp_path / "_static/styles/print.css", "nav { display: none }")
    write(tmp_path / "_static/site.css", "p { margin: 0 }")
    return tmp_path


PAGE = """<html><head>
<script>/* theme */</script>
<link href="{root}_static/styles/theme.css?digest=1" rel="stylesheet" />
<link rel="stylesheet" type="text/css" href="{root}_static/site.css?v=2" />
<link rel="preload" as="style" href="{root}_static/site.css?v=2" />
<link rel="stylesheet" href="{root}_static/print-only.css" media="print" />
<link rel="stylesheet" href="https://cdn.example.org/remote.css" />
</head><body></body></html>"""


def test_a_page_in_a_folder(tmp_path):
    root = site(tmp_path)
    write(root / "_static/print-only.css", "footer{display:none}")
    page = write(root / "projects/one.html", PAGE.format(root="../"))
    links, size = inline_page_stylesheets(root, page, {})
    html = page.read_text()
    assert links == 3 and size > 100
    assert '<link href="../_static/styles/theme.css' not in html and 'href="../_static/site.css' not in html
    assert "https://cdn.example.org/remote.css" in html  # not ours: left alone
    styles = html.split("<style")
    assert len(styles) == 3  # one for the adjacent screen links, one for the print link
    screen, printed = styles[1].replace(" ", ""), styles[2]
    assert "url(../_static/img/bg.png)" in screen
    assert "@mediaprint{nav{display:none}}" in screen
    assert "url(../_static/fonts/x.woff2)" in screen and "data:font/woff2;base64,AA" in screen
    assert 'url("https://example.org/a.png")' in screen
    assert "<\\/style>" in screen and screen.index("body") < screen.index("h1") < screen.index("p{")
    assert printed.startswith(' data-inlined-from="../_static/print-only.css" media="print">') and "footer" in printed
    assert styles[1].startswith(' data-inlined-from="../_static/styles/theme.css?digest=1 ../_static/site.css?v=2">')
    assert html.index("/* theme */") < html.index("<style")


def test_the_404_page_with_root_relative_links(tmp_path):
    root = site(tmp_path)
    page = write(
        root / "404.html",
        PAGE.format(root="/").replace('<link rel="stylesheet" href="/_static/print-only.css" media="print" />', ""),
    )
    inline_page_stylesheets(root, page, {})
    html = page.read_text()
    assert "url(/_static/img/bg.png)" in html.replace('"', "") and "url(/_static/fonts/x.woff2)" in html


def test_a_later_build_refreshes_the_inlined_css(tmp_path):
    root = site(tmp_path)
    page = write(
        root / "index.html",
        PAGE.format(root="").replace('<link rel="stylesheet" href="_static/print-only.css" media="print" />', ""),
    )
    assert inline_page_stylesheets(root, page, {}) is not None
    once = page.read_text()
    assert inline_page_stylesheets(root, page, {})[0] == 2
    assert page.read_text() == once  # nothing changed: nothing rewritten
    write(root / "_static/site.css", "p { margin: 1px }")  # an incremental build that leaves the page alone
    inline_page_stylesheets(root, page, {})
    assert "margin: 1px" in page.read_text() and "margin: 0" not in page.read_text()
    assert inline_page_stylesheets(tmp_path, write(root / "plain.html", "<p>no styles</p>"), {}) is None


def test_import_loop_is_an_error(tmp_path):
    a = write(tmp_path / "a.css", '@import "b.css"; p{x:1}')
    write(tmp_path / "b.css", '@import "a.css";')
    try:
        stylesheet_for_page(a, "a.css")
    except ValueError as error:
        assert "@import loop" in str(error) and "a.css" in str(error)
    else:
        raise AssertionError("no error for an @import loop")


def test_private_use_characters_go_in_as_escapes():
    import tinycss2

    from sphinx_academic.page_speed.css_inlining import escape_private_use

    css = 'a{--x:"\uf057";--y:"\uf0f3a";--z:"\uf0f3 b"}'
    escaped = escape_private_use(css)
    assert escaped == 'a{--x:"\\f057";--y:"\\f0f3 a";--z:"\\f0f3  b"}'

    def strings(text):
        rule = tinycss2.parse_stylesheet(text)[0]
        return [
            t.value
            for d in tinycss2.parse_blocks_contents(rule.content)
            if d.type == "declaration"
            for t in d.value
            if t.type == "string"
        ]

    assert strings(escaped) == strings(css) == ["\uf057", "\uf0f3a", "\uf0f3 b"]
