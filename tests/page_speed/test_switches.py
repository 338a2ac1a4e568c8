"""Each step can be switched off from conf.py; all of them with speed_optimise = False.

Builds a two-page site with the real theme (a second or two each).
"""

from __future__ import annotations

import shutil

import pytest
from sphinx.cmd.build import build_main

from .conftest import write

CONF = """
extensions = ["sphinx_academic.page_speed"]
html_theme = "pydata_sphinx_theme"
html_theme_options = {"navbar_end": ["theme-switcher", "navbar-icon-links"], "icon_links": [
    {"name": "GitHub", "url": "https://github.com/x", "icon": "fa-brands fa-github"}]}
html_context = {"default_mode": "auto"}
"""


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    root = tmp_path_factory.mktemp("site")
    write(root / "conf.py", CONF)
    write(root / "index.rst", "Home\n====\n\nHello.\n\n.. toctree::\n\n   sub/page\n")
    write(root / "sub/page.rst", "Page\n====\n\nText.\n")
    return root


def build(source, out, *options):
    assert build_main(["-q", "-E", "-b", "html", *options, str(source), str(out)]) == 0
    return out


def test_all_off_is_the_stock_output(source, tmp_path):
    out = build(source, tmp_path, "-D", "speed_optimise=0")
    html = (out / "sub/page.html").read_text("utf-8")
    assert '<link href="../_static/styles/pydata-sphinx-theme.css' in html
    assert 'rel="preload" as="script"' in html and "fontawesome.js" in html
    assert "<style>" not in html.split("</noscript>", 1)[1] and not list(out.rglob("*.gz"))
    css = (out / "_static/styles/pydata-sphinx-theme.css").read_text("utf-8")
    assert ".fa-bicycle" in css and "fa-solid-900.woff2" in css


def test_one_step_off(source, tmp_path):
    out = build(source, tmp_path, "-D", "speed_inline_css=0")
    html = (out / "sub/page.html").read_text("utf-8")
    assert '<link href="../_static/styles/pydata-sphinx-theme.css' in html  # still linked...
    css = (out / "_static/styles/pydata-sphinx-theme.css").read_text("utf-8")
    assert ".fa-bicycle" not in css and ".fa-github" in css  # ...but pruned
    assert "data:font/woff2;base64," in css and "font-display:block" in css  # fonts cut and inlined
    assert 'rel="preload" as="script"' not in html and (out / "sub/page.html.gz").is_file()


def test_all_on(source, tmp_path):
    out = build(source, tmp_path)
    html = (out / "sub/page.html").read_text("utf-8")
    assert "<style>" in html and 'rel="stylesheet"' not in html.split("</noscript>", 1)[1].split("</head>")[0]
    assert "fa-github" in html and "data:font/woff2;base64," in html


def test_two_steps_editing_one_tag_fail_the_build_naming_the_page(source, tmp_path, capsys):
    site = tmp_path / "site"
    shutil.copytree(source, site)
    write(
        site / "conf.py", (source / "conf.py").read_text("utf-8") + 'extensions.append("tests.speed.clash_extension")\n'
    )
    assert build_main(["-q", "-E", "-b", "html", str(site), str(tmp_path / "out")]) != 0
    error = capsys.readouterr().err
    assert "overlapping edits" in error and "index.html" in error
