"""Each step can be switched off from conf.py; all of them with speed_optimise = False.

Builds tests/roots/test-page-speed/, a two-page site with the real theme (a second or two
each), into a folder of its own per test, from a fresh environment (as `sphinx-build -E`)."""

from __future__ import annotations

import pytest
from sphinx.errors import ExtensionError


def speed_site(name: str, **overrides):
    """The root built into a folder named for the test, with these conf.py overrides."""
    return pytest.mark.sphinx(
        "html", testroot="page-speed", srcdir=f"page-speed-{name}", freshenv=True, confoverrides=overrides
    )


@speed_site("all-off", speed_optimise=False)
def test_all_off_is_the_stock_output(app):
    app.build()
    out = app.outdir
    html = (out / "sub/page.html").read_text("utf-8")
    assert '<link href="../_static/styles/pydata-sphinx-theme.css' in html
    assert 'rel="preload" as="script"' in html and "fontawesome.js" in html
    assert "<style>" not in html.split("</noscript>", 1)[1] and not list(out.rglob("*.gz"))
    css = (out / "_static/styles/pydata-sphinx-theme.css").read_text("utf-8")
    assert ".fa-bicycle" in css and "fa-solid-900.woff2" in css


@speed_site("one-step-off", speed_inline_css=False)
def test_one_step_off(app):
    app.build()
    out = app.outdir
    html = (out / "sub/page.html").read_text("utf-8")
    assert '<link href="../_static/styles/pydata-sphinx-theme.css' in html  # still linked...
    css = (out / "_static/styles/pydata-sphinx-theme.css").read_text("utf-8")
    assert ".fa-bicycle" not in css and ".fa-github" in css  # ...but pruned
    assert "data:font/woff2;base64," in css and "font-display:block" in css  # fonts cut and inlined
    assert 'rel="preload" as="script"' not in html and (out / "sub/page.html.gz").is_file()


@speed_site("all-on")
def test_all_on(app):
    app.build()
    html = (app.outdir / "sub/page.html").read_text("utf-8")
    assert "<style>" in html and 'rel="stylesheet"' not in html.split("</noscript>", 1)[1].split("</head>")[0]
    assert "fa-github" in html and "data:font/woff2;base64," in html


@speed_site("clash", extensions=["sphinx_academic.page_speed", "tests.page_speed.clash_extension"])
def test_two_steps_editing_one_tag_fail_the_build_naming_the_page(app):
    with pytest.raises(ExtensionError) as error:
        app.build()
    assert "overlapping edits" in str(error.value) and "index.html" in str(error.value)
