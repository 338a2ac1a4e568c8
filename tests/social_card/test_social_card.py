"""Unit tests of sphinx_academic.social_card."""

from __future__ import annotations

import io
from types import SimpleNamespace

import pytest
from PIL import Image
from sphinx.errors import ConfigError

from sphinx_academic import social_card
from tests.conftest import no_warnings
from tests.markup import meta, soup


@pytest.fixture(scope="module")
def fonts():
    return social_card.CardFonts(
        social_card.font_path(social_card.DEFAULT_FONTS["regular"], "."),
        social_card.font_path(social_card.DEFAULT_FONTS["bold"], "."),
    )


def card_bytes(fonts, **overrides) -> bytes:
    fields = {
        "site_name": "Site",
        "title": "A page title",
        "description": "What the page is about. " * 8,
        "address": "example.org/site",
        "colors": social_card.DEFAULT_COLORS,
        "fonts": fonts,
    }
    buffer = io.BytesIO()
    social_card.render_card(**{**fields, **overrides}).save(buffer, format="PNG")
    return buffer.getvalue()


def test_card_is_a_1200_by_630_png_and_deterministic(fonts):
    first = card_bytes(fonts)
    image = Image.open(io.BytesIO(first))
    assert image.format == "PNG" and image.size == (1200, 630)
    assert card_bytes(fonts) == first
    assert card_bytes(fonts, title="Another title") != first


def test_characters_without_glyphs_are_left_out(fonts):
    font = fonts.get(bold=True, size=72)
    assert social_card.drawable("Ruoyu Qin (秦若愚)", font) == "Ruoyu Qin"
    assert social_card.drawable("Ruoyu Qin (秦若愚): a PhD — student", font) == "Ruoyu Qin: a PhD — student"


def test_a_title_the_font_cannot_draw_at_all_still_makes_a_card(fonts):
    """A Chinese page's title in a Latin-only font: no title line, but a card (not a crash)."""
    image = Image.open(io.BytesIO(card_bytes(fonts, title="简历 — 秦若愚", description="秦若愚的简历")))
    assert image.size == (1200, 630)
    assert card_bytes(fonts, title="简历") != card_bytes(fonts)  # the card without its title line


def test_wrap_fits_width_and_marks_a_cut(fonts):
    font = fonts.get(bold=False, size=32)
    lines = social_card.wrap("word " * 200, font, 1040, 3)
    assert len(lines) == 3 and lines[-1].endswith("…")
    assert all(font.getlength(line) <= 1040 for line in lines)
    assert social_card.wrap("short text", font, 1040, 3) == ["short text"]


def test_unknown_font_is_a_config_error():
    with pytest.raises(ConfigError, match=r"no_such_package/x\.ttf"):
        social_card.font_path("no_such_package/x.ttf", ".")


@pytest.mark.sphinx("html", testroot="social-card")
def test_fixture_site_pages_point_to_their_cards(app):
    app.build()
    no_warnings(app)
    out = app.outdir
    page = soup(out / "sub" / "page.html")
    assert meta(page, "og:image") == "https://example.org/site/_images/social/sub/page.png"
    assert (meta(page, "og:image:width"), meta(page, "og:image:height")) == ("1200", "630")
    assert meta(page, "og:image:alt") == "A page — Fixture Site"
    assert Image.open(out / "_images" / "social" / "sub" / "page.png").size == (1200, 630)


CJK_FONTS = {
    "regular": "rendercv_fonts/Noto Sans/NotoSansSC-Regular.ttf",
    "bold": "rendercv_fonts/Noto Sans/NotoSansSC-Bold.ttf",
}


def test_a_language_s_fonts_replace_the_site_s_for_its_build():
    config = SimpleNamespace(social_card_fonts={}, social_card_language_fonts={"zh_CN": CJK_FONTS})
    assert social_card.font_specs(SimpleNamespace(**vars(config), language="zh_CN")) == CJK_FONTS
    assert social_card.font_specs(SimpleNamespace(**vars(config), language="zh-cn")) == CJK_FONTS  # one language
    assert social_card.font_specs(SimpleNamespace(**vars(config), language="en")) == social_card.DEFAULT_FONTS


def test_chinese_wraps_between_characters_never_before_closing_punctuation():
    font = social_card.CardFonts(
        social_card.font_path(CJK_FONTS["regular"], "."), social_card.font_path(CJK_FONTS["bold"], ".")
    ).get(bold=False, size=32)
    text = "清华大学计算机系博士研究生，研究大语言模型推理系统。" * 6  # no spaces to break at
    lines = social_card.wrap(text, font, 1040, 3)
    assert len(lines) == 3 and lines[-1].endswith("…")
    assert all(font.getlength(line) <= 1040 for line in lines)
    assert all(font.getlength(line) > 900 for line in lines[:-1])  # filled, not cut at the first comma
    assert not any(line[0] in "，。" for line in lines)
    assert "".join(lines)[:60] == text[:60]  # no character lost, none added
    # Latin words inside Chinese keep their spaces.
    assert social_card.wrap("Mooncake 获 FAST '25 最佳论文", font, 1040, 3) == ["Mooncake 获 FAST '25 最佳论文"]
