"""page_speed.font_subsetting: the glyphs the CSS draws, nothing else; font-display set."""

from __future__ import annotations

import io
import re

import pytest
from fontTools.ttLib import TTFont

from sphinx_academic.page_speed.css_text import split_rules
from sphinx_academic.page_speed.font_subsetting import glyph_characters, icon_font_characters, with_font_faces
from sphinx_academic.page_speed.font_worker import FontSubsetError, FontWorker, subset_font

GITHUB, SUN = "\uf09b", "\uf185"


def test_characters_drawn_by_the_css():
    css = (
        '.fa-github{--fa:"\\f09b"}.fa-sun{--fa:"\\f185"}'
        ':is(.fa-brands,.fa-solid):before{content:var(--fa)/""}'
        '.fa-brands{--fa-family:"Font Awesome 7 Brands"}'  # a family name is not drawn
        '.x{--fonts:"A","B"}'  # a list of strings is not drawn content
        '@media print{.q:after{content:" (" attr(href) ")"}}'
    )
    characters = glyph_characters(split_rules(css), {"font awesome 7 brands"})
    assert characters == {GITHUB, SUN, " ", "(", ")"}


def test_an_icon_drawn_by_another_stylesheet_is_kept(tmp_path):
    # The theme's sheet declares the font; the site's own sheet draws the PDF icon from it.
    (tmp_path / "fa-solid-900.woff2").write_bytes(b"")
    theme = tmp_path / "theme.css"
    sheets = {
        theme: '@font-face{font-family:"Font Awesome 7 Free";src:url(fa-solid-900.woff2)}.fa-github{--fa:"\\f09b"}',
        tmp_path / "site.css": 'a.cv-pdf-link{--profile-icon:"\\f1c1"}',
    }
    faces = icon_font_characters(tmp_path, sheets, re.compile("(?i)font ?awesome"))
    assert faces == {(tmp_path / "fa-solid-900.woff2").resolve(): {GITHUB, "\uf1c1"}}


def test_subset_keeps_only_the_asked_glyphs(theme_static):
    brands = theme_static / "vendor/fontawesome/webfonts/fa-brands-400.woff2"
    data = subset_font(brands, {GITHUB, SUN, "A"})  # the sun and "A" are not in the brands font
    font = TTFont(io.BytesIO(data))
    assert font.flavor == "woff2"
    assert set(font.getBestCmap()) == {ord(GITHUB)}
    assert len(data) < brands.stat().st_size / 20
    assert subset_font(brands, {GITHUB}) == data  # reproducible: no timestamp in the font


def test_font_faces_get_their_source_and_display():
    css = (
        "@font-face{font-family:Font Awesome\\ 7 Free;font-weight:900;"
        'src:url(../webfonts/fa-solid-900.woff2) format("woff2");font-display:block}'
        '@font-face{font-family:"Lato";src:url(lato.woff2)}'
        "p{color:red}"
    )
    replaced = []

    def replace(url):
        replaced.append(url)
        return "data:font/woff2;base64,AAAA"

    out = with_font_faces(css, replace, re.compile("(?i)font ?awesome"))
    assert replaced == ["../webfonts/fa-solid-900.woff2"]  # Lato is a text font: not cut
    assert 'src:url("data:font/woff2;base64,AAAA") format("woff2");font-display:block}' in out
    assert '@font-face{font-family:"Lato";src:url(lato.woff2);font-display:swap}' in out
    assert out.endswith("p{color:red}")
    assert with_font_faces(out, replace, re.compile("(?i)font ?awesome")) == out  # a second run changes nothing


def test_the_worker_cuts_fonts_as_the_build_process_would(theme_static):
    fonts = theme_static / "vendor/fontawesome/webfonts"
    jobs = [(fonts / "fa-brands-400.woff2", {GITHUB}), (fonts / "fa-solid-900.woff2", {SUN})]
    worker = FontWorker(preload=[fonts / "fa-brands-400.woff2"])  # one preloaded, one opened on request
    assert worker.subset(jobs) == [subset_font(*job) for job in jobs]
    assert worker.process.returncode == 0


def test_a_font_the_worker_cannot_read_is_named(tmp_path):
    broken = tmp_path / "broken.woff2"
    broken.write_bytes(b"wOF2 not really")
    with pytest.raises(FontSubsetError, match=r"broken\.woff2: cannot subset the font"):
        FontWorker().subset([(broken, {GITHUB})])


def test_an_unused_worker_stops(theme_static):
    worker = FontWorker(preload=[theme_static / "vendor/fontawesome/webfonts/fa-brands-400.woff2"])
    worker.stop()
    assert worker.process.poll() is not None
