"""Unit tests of sphinx_academic.social_card."""

from __future__ import annotations

import io
import os
import pickle
import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from PIL import Image, ImageDraw
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.errors import ConfigError
from sphinx.util.build_phase import BuildPhase

from sphinx_academic import card_worker, social_card
from tests.conftest import copy_root, no_warnings
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


@pytest.mark.parametrize(
    ("face", "text"),
    [
        ("latin", "Efficient Serving of Large Language Models: Mooncake — FAST '25, fi/ffi ligatures"),
        ("cjk", "清华大学计算机系博士研究生，研究 Mooncake 与大语言模型推理系统。"),
    ],
)
def test_a_line_stamped_word_by_word_matches_pillow_drawing_it_whole(fonts, face, text):
    """The canvas stamps each word once drawn (cached): the line must look as Pillow draws it,
    each word at most a pixel from where Pillow puts it, with the same ink."""
    if face == "cjk":
        fonts = social_card.CardFonts(
            social_card.font_path(CJK_FONTS["regular"], "."), social_card.font_path(CJK_FONTS["bold"], ".")
        )
    font = fonts.get(bold=True, size=56)
    canvas = social_card.CardCanvas((1200, 120), "#000000", ["#ffffff"])
    canvas.text((20, 20), text, font=font, fill="#ffffff")
    stamped = canvas.image().convert("L")
    whole = Image.new("L", (1200, 120), 0)
    ImageDraw.Draw(whole).text((20, 20), text, font=font, fill=255)
    assert stamped.getbbox() and whole.getbbox()
    assert all(abs(a - b) <= 1 for a, b in zip(stamped.getbbox(), whole.getbbox(), strict=True))
    ink = [sum(image.histogram()[value] * value for value in range(256)) for image in (stamped, whole)]
    assert abs(ink[0] - ink[1]) <= 0.01 * ink[1]
    # Column by column (each word's place), the ink is where Pillow puts it, within a pixel.
    columns = [[sum(image.tobytes()[x::1200]) for x in range(1200)] for image in (stamped, whole)]
    near = [max(columns[1][max(0, x - 1) : x + 2]) for x in range(1200)]
    assert all(mine <= 1.05 * around + 255 for mine, around in zip(columns[0], near, strict=True))


def test_a_word_is_drawn_once_per_face_size_and_colour(fonts):
    social_card.index_stamp.cache_clear()
    social_card.word_stamp.cache_clear()
    canvas = social_card.CardCanvas((1200, 120), "#000000", ["#ffffff", "#ff0000"])
    font = fonts.get(bold=False, size=32)
    canvas.text((20, 20), "serving serving serving", font=font, fill="#ffffff")
    canvas.text((20, 70), "serving", font=font, fill="#ff0000")
    assert social_card.word_stamp.cache_info()[:2] == (1, 1)  # (hits, misses): rasterised once
    assert social_card.index_stamp.cache_info()[:2] == (2, 2)  # stamped in two colours


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


def build_copy(make_app, src, builddir):
    """A build of (a copy of) the social-card root: (output folder, warnings)."""
    if not src.exists():
        copy_root("social-card", src)
    app = make_app("html", srcdir=src, builddir=builddir)
    app.build()
    return Path(app.outdir), app.warning.getvalue()


def test_a_card_is_drawn_again_only_when_what_it_shows_changes(make_app, tmp_path, monkeypatch):
    drawn = []
    draw = social_card.draw_card_file
    monkeypatch.setattr(
        social_card, "draw_card_file", lambda target, *rest: drawn.append(target) or draw(target, *rest)
    )
    src, builddir = tmp_path / "src", tmp_path / "build"
    out, _ = build_copy(make_app, src, builddir)
    cards = out / "_images" / "social"
    assert sorted(path.relative_to(cards).as_posix() for path in drawn) == ["index.png", "sub/page.png"]

    # Rewritten with the same text (a fresh environment: every page written again): no card drawn.
    drawn.clear()
    shutil.rmtree(builddir / "doctrees")
    build_copy(make_app, src, builddir)
    assert drawn == []

    # A new title on one page: that card only.
    (src / "sub" / "page.md").write_text("# A new title\n\nText.\n", "utf-8")
    build_copy(make_app, src, builddir)
    assert drawn == [cards / "sub" / "page.png"]


def test_cards_are_asked_for_while_the_pages_are_read(make_app, tmp_path, recorded_workers, monkeypatch):
    """So that the worker draws them beside Sphinx's reading, not only beside its writing;
    the page, when written, asks for the same card (same digest) and it is not drawn again."""
    apps, phases = [], []
    draw = card_worker.CardWorker.draw

    def recorded(worker, target, *rest):
        phases.append((Path(target).name, apps[0].phase))
        draw(worker, target, *rest)

    def make_and_keep(*args, **kwargs):
        apps.append(make_app(*args, **kwargs))
        return apps[-1]

    monkeypatch.setattr(card_worker.CardWorker, "draw", recorded)
    out, warnings = build_copy(make_and_keep, tmp_path / "src", tmp_path / "build")
    assert "WARNING" not in warnings, warnings
    assert sorted(phases) == [("index.png", BuildPhase.READING), ("page.png", BuildPhase.READING)]
    assert [worker.sent for worker in recorded_workers] == [2]
    assert Image.open(out / "_images" / "social" / "sub" / "page.png").size == (1200, 630)


def test_an_early_card_reads_the_title_as_the_written_page_does(make_app, tmp_path, recorded_workers, monkeypatch):
    """A title of text alone is taken as it is, without rendering it (a docutils publish per
    page); one with markup is rendered. Either way the page, when written, asks for the same card."""
    src = tmp_path / "src"
    copy_root("social-card", src)
    (src / "index.md").write_text('# Fish & Chips "at" home @ 5 < 6\n\n```{toctree}\nsub/page\n```\n', "utf-8")
    (src / "sub" / "page.md").write_text("# A *marked* `title`\n\nText.\n", "utf-8")
    apps, rendered = [], []
    render = StandaloneHTMLBuilder.render_partial

    def recorded(builder, node):
        if node is not None and apps[0].phase == BuildPhase.READING:
            rendered.append(node.astext())
        return render(builder, node)

    def make_and_keep(*args, **kwargs):
        apps.append(make_app(*args, **kwargs))
        return apps[-1]

    monkeypatch.setattr(StandaloneHTMLBuilder, "render_partial", recorded)
    out, warnings = build_copy(make_and_keep, src, tmp_path / "build")
    assert "WARNING" not in warnings, warnings
    assert rendered == ["A marked title"]
    assert [worker.sent for worker in recorded_workers] == [2]  # no page asked for another card
    home = soup(out / "index.html")
    assert meta(home, "og:image:alt") == "Fish & Chips “at” home @ 5 < 6 — Fixture Site"


@pytest.fixture
def recorded_workers(monkeypatch):
    """Every site gets a card worker; the workers started, recorded."""
    started = []

    class Recorded(card_worker.CardWorker):
        def __init__(self):
            super().__init__()
            started.append(self)

    monkeypatch.setattr(card_worker, "MIN_PAGES", 0)
    monkeypatch.setattr(card_worker, "CardWorker", Recorded)
    return started


def test_the_card_worker_draws_the_same_bytes(make_app, tmp_path, recorded_workers, monkeypatch):
    out, warnings = build_copy(make_app, tmp_path / "src", tmp_path / "build")
    assert "WARNING" not in warnings, warnings
    assert [worker.sent for worker in recorded_workers] == [2]
    assert recorded_workers[0].process.returncode == 0  # waited for, at build-finished
    monkeypatch.setattr(card_worker, "MIN_PAGES", 10**6)  # the same site, its cards drawn in the build
    here, _ = build_copy(make_app, tmp_path / "src-here", tmp_path / "build-here")
    assert len(recorded_workers) == 1
    for name in ("index.png", "sub/page.png"):
        assert (out / "_images/social" / name).read_bytes() == (here / "_images/social" / name).read_bytes(), name


def test_a_card_the_worker_cannot_draw_is_a_warning(make_app, tmp_path, recorded_workers):
    src = tmp_path / "src"
    copy_root("social-card", src)
    (tmp_path / "build" / "html" / "_images" / "social" / "sub" / "page.png").mkdir(parents=True)  # not a file
    out, warnings = build_copy(make_app, src, tmp_path / "build")
    assert len(recorded_workers) == 1
    assert re.search(r"WARNING: cannot draw a preview card: \S*sub/page\.png: IsADirectoryError", warnings), warnings
    assert warnings.count("cannot draw a preview card") == 1
    assert Image.open(out / "_images" / "social" / "index.png").size == (1200, 630)  # the other card is drawn


def card_job(fonts, target: Path, description: str = "What the page is about.") -> tuple:
    inputs = {
        "site_name": "Site",
        "title": target.stem,
        "description": description,
        "address": "example.org/site",
        "colors": social_card.DEFAULT_COLORS,
    }
    return target, inputs, fonts.regular, fonts.bold, "digest"


def test_sending_a_card_never_waits_for_the_worker(fonts, tmp_path):
    """The worker draws more slowly than Sphinx writes pages: a full pipe must not hold up the build."""
    import signal
    import threading

    worker = card_worker.CardWorker()
    os.kill(worker.process.pid, signal.SIGSTOP)  # reads nothing until continued
    jobs = [card_job(fonts, tmp_path / f"card-{n}.png", "word " * 4000) for n in range(20)]  # 400 KB of jobs
    assert sum(len(pickle.dumps(job[1])) for job in jobs) > 256 * 1024  # more than a pipe holds
    sending = threading.Thread(target=lambda: [worker.draw(*job) for job in jobs])
    try:
        sending.start()
        sending.join(timeout=20)
        assert not sending.is_alive(), "draw() waited for the worker"
    finally:
        os.kill(worker.process.pid, signal.SIGCONT)
    complaints, unsent = worker.finish()
    assert (complaints, unsent) == ([], [])
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(f"card-{n}.png" for n in range(20))


def test_the_cards_a_dead_worker_never_got_come_back_to_the_build(fonts, tmp_path):
    worker = card_worker.CardWorker()
    worker.process.kill()
    worker.process.wait()
    jobs = [card_job(fonts, tmp_path / f"card-{n}.png") for n in range(3)]
    for job in jobs:
        worker.draw(*job)
    complaints, unsent = worker.finish()
    assert complaints == []
    assert [job[0] for job in unsent] == [str(job[0]) for job in jobs]  # in order, to be drawn by the build


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


def test_a_single_page_build_draws_the_one_card_it_uses(make_app, tmp_path):
    src = tmp_path / "src"
    copy_root("social-card", src)
    app = make_app("singlehtml", srcdir=src, builddir=tmp_path / "build")
    app.build()
    cards = Path(app.outdir, "_images", "social")
    assert sorted(path.relative_to(cards).as_posix() for path in cards.rglob("*.png")) == ["index.png"]
