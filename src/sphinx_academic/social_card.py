"""A 1200×630 PNG preview card per page, for OpenGraph and Twitter.

Each HTML page gets ``_images/social/<page>.png`` showing the site name, the
page title, its description and the site's address, and the page's og:image
fields (URL, width, height, alt) point to it; sphinxext-opengraph writes the
tags. A page whose front matter sets ``og:image`` keeps its own image.

A page whose metadata names a ``card_image`` (a paper with a ``preview``, or
any page's front matter) gets that image instead, fitted whole into the card
on the card's background, with its credit line when it has one
(:class:`FittedCard`, a JPEG made, cached and removed by
``sphinx_academic.images`` like the page's other images). Its alt text is the
image's.

Rendered with Pillow rather than sphinxext-opengraph's social cards: those need
matplotlib (and numpy), which add seconds per build and tens of megabytes, and
draw 1146×600 cards, not the 1200×630 the networks ask for. Output is
deterministic: same input, same bytes (Pillow writes no timestamp into a PNG).
A card is drawn again only when what it shows changes: each PNG carries a
digest of its inputs (and of this module's code) in a text chunk, and an
incremental build that finds the same digest in the existing file keeps the file.
A page's card is asked for as soon as the page is read (its title and description
are known then), so that a site's cards are drawn beside Sphinx's reading and
writing; the page asks again when it is written, and the same card is not drawn twice.

A card holds four colours and the anti-aliased blends between the background
and the other three, so it is drawn as a palette image of exactly those blends
(:class:`CardCanvas`): the picture an RGB drawing gives (no pixel more than two
levels of a channel away from it), in half the bytes and a fifth of the
encoding time, which a site with a thousand pages pays a thousand times. Each
word is drawn once per face and size and then stamped where it goes
(:func:`word_stamp`): a site's cards repeat their words, and drawing every
glyph of every line again was two thirds of a card's time.

sphinxext-opengraph writes the tags and is set up from here, quietly: imported
without matplotlib, it prints "social cards will not be generated" on every
build, which is the point, since this extension draws them.

Config:
    social_card_colors: {"background", "text", "muted", "accent"} as "#rrggbb".
    social_card_fonts: {"regular", "bold"}: a .ttf path relative to the
        configuration directory, or "<package>/<path in package>".
    social_card_language_fonts: {Sphinx language: {"regular", "bold"}}: the
        fonts of a build in that language (a CJK font for the Chinese site).
Characters the fonts lack (e.g. Chinese in a Latin font) are left out of the
card rather than drawn as boxes. Text without spaces between words (Chinese)
wraps between any two of its characters, except before closing punctuation.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import html
import io
import json
import re
import sys
import weakref
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlsplit

from docutils import nodes
from PIL import Image, ImageChops, ImageColor, ImageDraw, ImageFont, PngImagePlugin
from sphinx.errors import ConfigError
from sphinx.util import logging

from . import card_worker, images, page_metadata
from ._extension import code_version, config_location, metadata, package_file, plain_text
from .images.figures import credit_text, image_path, text_for

logger = logging.getLogger(__name__)

WIDTH, HEIGHT = 1200, 630
MARGIN = 80
IMAGE_DIR = "_images/social"

DEFAULT_COLORS = {"background": "#5d2b8c", "text": "#ffffff", "muted": "#e4d5f2", "accent": "#f2c14e"}
DEFAULT_FONTS = {"regular": "font_lato/files/Lato-Regular.ttf", "bold": "font_lato/files/Lato-Bold.ttf"}
#: The PNG text chunk holding the digest of what a card shows.
DIGEST_KEY = "sphinx-academic-card"
#: zlib level of the card files: 3 writes them twice as fast as the default (6), 15 % larger.
COMPRESS_LEVEL = 3


def font_path(spec: str, confdir: str | Path) -> Path:
    """A font file: relative to the configuration directory, or inside an installed package."""
    path = package_file(spec, confdir)
    if path is None:
        raise ConfigError(f"social_card_fonts: font {spec!r} is neither a file nor inside an installed package")
    return path


class CardFonts:
    """The two faces of a card, each loaded once per size."""

    def __init__(self, regular: Path, bold: Path):
        self.regular, self.bold = regular, bold
        self._cache: dict[tuple[Path, int], ImageFont.FreeTypeFont] = {}

    def get(self, bold: bool, size: int) -> ImageFont.FreeTypeFont:
        key = (self.bold if bold else self.regular, size)
        if key not in self._cache:
            self._cache[key] = ImageFont.truetype(str(key[0]), size)
        return self._cache[key]


@functools.cache
def _missing_glyph(font: ImageFont.FreeTypeFont) -> bytes:
    # Pillow does not expose the font's character map: what it draws for a
    # private-use code point is the "missing glyph" box.
    return bytes(font.getmask("\ue000"))


@functools.cache
def has_glyph(font: ImageFont.FreeTypeFont, char: str) -> bool:
    return char.isspace() or bytes(font.getmask(char)) != _missing_glyph(font)


def drawable(text: str, font: ImageFont.FreeTypeFont) -> str:
    """``text`` without the characters ``font`` has no glyph for, tidied up."""
    kept = "".join(ch for ch in text if has_glyph(font, ch))
    kept = re.sub(r"\(\s*\)|\[\s*\]", "", kept)  # brackets left empty
    kept = re.sub(r"\s+([:;,.!?])", r"\1", kept)  # space left before punctuation
    return re.sub(r"\s+", " ", kept).strip()


# A CJK character (ideographs, kana, hangul, full-width forms) is a word of its own: lines break
# between them. Closing punctuation stays with the character before it (no line starts with "，").
_CJK = "\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef"
_CLOSING = "、。，．：；！？）」』】》〉…)]},.;:!?"
_WORD = re.compile(rf"[{_CJK}][{re.escape(_CLOSING)}]*|[^\s{_CJK}]+")


def words_of(text: str) -> list[tuple[str, str]]:
    """(word, what joins it to the word before: " " or "") in order."""
    words, end = [], 0
    for match in _WORD.finditer(text):
        words.append((match.group(), " " if match.start() > end else ""))
        end = match.end()
    return words


def _is_cjk(word: str) -> bool:
    return bool(re.match(f"[{_CJK}]", word))


# Each word of a card is measured and rasterised once per face and size, then stamped: FreeType
# renders every glyph of a line on each call (two thirds of a card's time), and a site's cards
# repeat their words ("the", "of", a venue's name, the address). Bounded: a site of thousands of
# abstracts has a large vocabulary.
WORDS_KEPT = 8192


@functools.lru_cache(maxsize=WORDS_KEPT)
def advance(font: ImageFont.FreeTypeFont, text: str) -> float:
    """The advance of ``text`` (a word, or the space before one)."""
    return font.getlength(text)


@functools.lru_cache(maxsize=WORDS_KEPT)
def word_stamp(font: ImageFont.FreeTypeFont, word: str) -> tuple[Image.Image, int, int] | None:
    """``word`` drawn alone (its coverage, cropped), and its offset from the pen (None: no ink)."""
    left, top, right, bottom = font.getbbox(word)
    if right <= left or bottom <= top:
        return None
    stamp = Image.new("L", (right - left, bottom - top), 0)
    ImageDraw.Draw(stamp).text((-left, -top), word, font=font, fill=255)
    return stamp, left, top


def wrap(text: str, font: ImageFont.FreeTypeFont, width: int, max_lines: int) -> list[str]:
    """Greedy word wrap into at most ``max_lines`` lines, the last ending in "…" if cut."""
    lines: list[str] = []
    words = words_of(text)
    while words and len(lines) < max_lines:
        line = words.pop(0)[0]
        used = advance(font, line)
        while words and used + advance(font, words[0][1]) + advance(font, words[0][0]) <= width:
            word, joint = words.pop(0)
            line += joint + word
            used += advance(font, joint) + advance(font, word)
        lines.append(line)
    if words:
        last = lines[-1]
        while last and font.getlength(f"{last}…") > width:
            last = last.rsplit(" ", 1)[0] if " " in last and not _is_cjk(last[-1]) else last[:-1]
        lines[-1] = f"{last.rstrip(' ,;:—–-，、；：')}…"
    return lines


class CardCanvas:
    """ImageDraw's ``text`` and ``rectangle`` for a card, drawn as a palette image.

    The palette holds the background and, for each of the card's colours (named
    up front), its blends into the background in equal steps (1 + 3 × 85 = 256
    entries for three colours, the most a PNG palette holds). Each word is
    stamped straight into the indices of its colour's blends: full coverage is the
    exact colour; an anti-aliased edge is within half a step of the blend Pillow
    would draw on an RGB image. Colours must not overlap (a card's never do).
    """

    def __init__(self, size: tuple[int, int], background: str, colours: Sequence[str]):
        self.background, self.colours = background, list(dict.fromkeys(colours))
        self.steps = 255 // max(1, len(self.colours))
        self.indices = Image.new("L", size, 0)

    def _first(self, fill: str) -> int:
        """The palette index before the blends of ``fill`` (+ step: that step of it)."""
        return self.colours.index(fill) * self.steps

    def text(self, xy, text: str, *, font: ImageFont.FreeTypeFont, fill: str) -> None:
        """``text`` from ``xy`` (its top-left, as ImageDraw's default anchor), word by word: each
        word at its pen position rounded to the pixel, as FreeType places each glyph (the space
        between two words is not kerned, in the fonts of a card)."""
        first, (x, y) = self._first(fill), xy
        for word, joint in words_of(text):
            x += advance(font, joint)
            if stamp := index_stamp(font, word, first, self.steps):
                image, left, top = stamp
                box = (round(x) + left, y + top, round(x) + left + image.width, y + top + image.height)
                # The stamp's own blends where it has ink; what is there (another word's edge) elsewhere.
                self.indices.paste(ImageChops.lighter(self.indices.crop(box), image), box)
            x += advance(font, word)

    def rectangle(self, box, *, fill: str) -> None:
        ImageDraw.Draw(self.indices).rectangle(box, fill=self._first(fill) + self.steps)

    def image(self) -> Image.Image:
        """The card, once drawn (an "L" image of indices becomes a "P" image)."""
        self.indices.putpalette(blends(self.background, tuple(self.colours), self.steps))
        return self.indices


@functools.cache
def blends(background: str, colours: tuple[str, ...], steps: int) -> list[int]:
    """The palette of a :class:`CardCanvas`, flat (r, g, b, r, g, b, ...)."""
    base = ImageColor.getrgb(background)[:3]
    palette = list(base)
    for fill in colours:
        colour = ImageColor.getrgb(fill)[:3]
        for step in range(1, steps + 1):
            palette += [round(b + (c - b) * step / steps) for b, c in zip(base, colour, strict=True)]
    return palette


@functools.lru_cache(maxsize=WORDS_KEPT)
def index_stamp(font: ImageFont.FreeTypeFont, word: str, first: int, steps: int) -> tuple[Image.Image, int, int] | None:
    """:func:`word_stamp` as indices of the blends after ``first`` (0 where it has no ink)."""
    stamp = word_stamp(font, word)
    if stamp is None:
        return None
    coverage, left, top = stamp
    table = [first + level if (level := round(value * steps / 255)) else 0 for value in range(256)]
    return coverage.point(table), left, top


def render_card(
    *, site_name: str, title: str, description: str, address: str, colors: dict, fonts: CardFonts
) -> Image.Image:
    draw = CardCanvas((WIDTH, HEIGHT), colors["background"], [colors["accent"], colors["muted"], colors["text"]])
    text_width = WIDTH - 2 * MARGIN
    draw.rectangle((0, 0, WIDTH, 14), fill=colors["accent"])

    y = MARGIN
    site_font = fonts.get(bold=True, size=36)
    site_name = drawable(site_name, site_font)
    title = drawable(title, fonts.get(bold=True, size=72))
    if site_name and site_name != title:
        draw.text((MARGIN, y), site_name, font=site_font, fill=colors["muted"])
        y += 70

    # The largest title size that fits in three lines.
    for size in (72, 64, 56, 48):
        title_font = fonts.get(bold=True, size=size)
        lines = wrap(title, title_font, text_width, 3)
        if not lines or not lines[-1].endswith("…"):  # no lines: no character of the title has a glyph
            break
    for line in lines:
        draw.text((MARGIN, y), line, font=title_font, fill=colors["text"])
        y += int(size * 1.2)

    y += 24
    body_font = fonts.get(bold=False, size=32)
    bottom = HEIGHT - MARGIN - 50
    room = max(0, (bottom - y) // 44)
    for line in wrap(drawable(description, body_font), body_font, text_width, room):
        draw.text((MARGIN, y), line, font=body_font, fill=colors["muted"])
        y += 44

    address_font = fonts.get(bold=True, size=30)
    draw.text((MARGIN, HEIGHT - MARGIN - 30), drawable(address, address_font), font=address_font, fill=colors["accent"])
    return draw.image()


@dataclass(frozen=True)
class FittedCard:
    """An image recipe (``sphinx_academic.images``): the image whole, fitted into the card."""

    background: str
    accent: str
    muted: str
    address: str
    credit: str | None
    fit_width: int  #: the image's width on the card
    font_names: str  #: the fonts as configured: part of the file's name (the paths differ between machines)
    regular_font: str = field(repr=False)
    bold_font: str = field(repr=False)

    suffix: ClassVar[str] = ".jpg"
    media_type: ClassVar[str] = "image/jpeg"
    label: ClassVar[str] = "card"
    BAR: ClassVar[int] = 14  # the accent bar on top, as on the drawn cards
    PAD: ClassVar[int] = 40
    FOOTER: ClassVar[int] = 64
    BOX: ClassVar[tuple[int, int]] = (WIDTH - 2 * PAD, HEIGHT - BAR - PAD - FOOTER)

    @classmethod
    def fitted_width(cls, width: int, height: int) -> int:
        """The width of a ``width`` × ``height`` image fitted whole into the card."""
        return max(1, round(width * min(cls.BOX[0] / width, cls.BOX[1] / height)))

    def base_width(self) -> int:
        return self.fit_width

    def make(self, image: Image.Image) -> Image.Image:
        card = Image.new("RGB", (WIDTH, HEIGHT), self.background)
        draw = ImageDraw.Draw(card)
        draw.rectangle((0, 0, WIDTH, self.BAR), fill=self.accent)
        box_height = self.BOX[1]
        size = (self.fit_width, max(1, round(image.height * self.fit_width / image.width)))
        fitted = image.resize(size, Image.Resampling.LANCZOS, reducing_gap=2.0)
        if fitted.mode == "RGBA":  # transparent parts on white, as on the pages
            fitted = Image.alpha_composite(Image.new("RGBA", size, "#ffffff"), fitted).convert("RGB")
        mask = Image.new("L", size, 0)
        ImageDraw.Draw(mask).rounded_rectangle((0, 0, size[0] - 1, size[1] - 1), radius=12, fill=255)
        left = (WIDTH - size[0]) // 2
        top = self.BAR + self.PAD + (box_height - size[1]) // 2
        card.paste(fitted, (left, top), mask)
        # Fonts opened here: this runs in the images worker thread, beside the page cards.
        baseline = HEIGHT - self.FOOTER // 2 - 4
        bold = ImageFont.truetype(self.bold_font, 26)
        draw.text((self.PAD, baseline), self.address, font=bold, fill=self.accent, anchor="lm")
        if self.credit:
            regular = ImageFont.truetype(self.regular_font, 22)
            draw.text((WIDTH - self.PAD, baseline), self.credit, font=regular, fill=self.muted, anchor="rm")
        return card

    def save(self, image: Image.Image, file: io.BufferedIOBase, icc_profile: bytes | None = None) -> None:
        # JPEG: what every link-preview client reads; 4:4:4 keeps the diagrams' text sharp.
        image.save(file, "JPEG", quality=85, subsampling=0)


CARD_KEY = "social_card"


def site_address(config) -> str:
    base = urlsplit(config.html_baseurl)
    return (base.netloc + base.path).rstrip("/")


def request_fitted_card(app, doctree) -> None:
    """doctree-read (after sphinx_academic.images reads the page): the page's card_image as its card."""
    env = app.env
    uri = env.metadata.get(env.docname, {}).get("card_image")
    if not uri or app.builder.format != "html":
        return
    colors = card_colors(app.config)
    fonts = configured_fonts(app)
    if fonts is None:
        return  # reported once, at builder-inited

    # The credit lines as the page shows them: translated, on a page in another language.
    shown = {
        image_path(env, image): paragraph.astext()
        for figure in doctree.findall(nodes.figure)
        for image in figure.findall(nodes.image)
        for paragraph in figure.findall(nodes.paragraph)
        if "image-credit" in paragraph["classes"]
    }

    def recipe(source):
        return FittedCard(
            colors["background"],
            colors["accent"],
            colors["muted"],
            site_address(app.config),
            shown.get(source.path) or credit_text(text_for(env, source.path)),
            FittedCard.fitted_width(source.width, source.height),
            " ".join(sorted(font_specs(app.config).values())),
            str(fonts.regular),
            str(fonts.bold),
        )

    images.request_derivative(app, CARD_KEY, uri, (env.docname, None), recipe)


def fitted_card_fields(app, pagename: str, title: str, site_name: str) -> dict[str, str] | None:
    derivative = images.extra_derivative(app.env, pagename, CARD_KEY)
    if derivative is None:
        return None
    text = text_for(app.env, derivative.source.path)
    return {
        "og:image": f"{images.IMAGE_FOLDER}/{derivative.name}",
        "og:image:type": FittedCard.media_type,
        "og:image:width": str(WIDTH),
        "og:image:height": str(HEIGHT),
        "og:image:alt": text.alt if text and text.alt else card_alt(title, site_name),
    }


def card_alt(title: str, site_name: str) -> str:
    return title if site_name in title else f"{title} — {site_name}"


@functools.cache
def card_fonts(regular: Path, bold: Path) -> CardFonts:
    return CardFonts(regular, bold)


def card_colors(config) -> dict[str, str]:
    """{"background", "text", "muted", "accent"}: the cards' colours, as configured."""
    return {**DEFAULT_COLORS, **config.social_card_colors}


def font_specs(config) -> dict[str, str]:
    """{"regular", "bold"}: the fonts for this build's language, as configured."""
    language = (config.language or "").replace("-", "_").lower()
    by_language = {name.replace("-", "_").lower(): fonts for name, fonts in config.social_card_language_fonts.items()}
    return {**DEFAULT_FONTS, **config.social_card_fonts, **by_language.get(language, {})}


_FONTS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # app: its CardFonts or None


def configured_fonts(app) -> CardFonts | None:
    """The fonts ``social_card_fonts`` names, or None when one cannot be found (found once a
    build: every page asks, twice)."""
    if app not in _FONTS:
        fonts = font_specs(app.config)
        try:
            _FONTS[app] = card_fonts(font_path(fonts["regular"], app.confdir), font_path(fonts["bold"], app.confdir))
        except ConfigError:
            _FONTS[app] = None
    return _FONTS[app]


def stored_digest(path: Path) -> str | None:
    """The digest a card was drawn from, or None (no file, or not one of ours)."""
    try:
        with Image.open(path) as image:
            return image.text.get(DIGEST_KEY)
    except (OSError, ValueError):
        return None


@functools.cache
def renderer_version() -> int:
    """Changes with this module's code: a card drawn by other code is drawn again."""
    return code_version(__name__)


def card_digest(inputs: dict, fonts: CardFonts) -> str:
    """What a card shows, and the code that draws it, as one digest (stored in the PNG)."""
    described = {
        **inputs,
        "fonts": [str(fonts.regular), str(fonts.bold)],
        "size": [WIDTH, HEIGHT],
        "renderer": renderer_version(),
    }
    return hashlib.sha256(json.dumps(described, sort_keys=True).encode("utf-8")).hexdigest()


def draw_card_file(target: Path, inputs: dict, fonts: CardFonts, digest: str) -> None:
    """Draw the card for ``inputs`` into ``target``, carrying ``digest`` (in the build or the card worker)."""
    card = render_card(**inputs, fonts=fonts)
    info = PngImagePlugin.PngInfo()
    info.add_text(DIGEST_KEY, digest)
    target.parent.mkdir(parents=True, exist_ok=True)
    # optimize=True: 3% smaller, 7 times slower
    card.save(target, format="PNG", pnginfo=info, compress_level=COMPRESS_LEVEL)


#: The card worker of each build that has one (a site of ``card_worker.MIN_PAGES`` documents or more).
_WORKERS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


#: Each build's cards asked for so far: file, digest (a card asked for twice is drawn once).
_ASKED: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def send_card(app, target: Path, inputs: dict, fonts: CardFonts) -> None:
    """Draw the card unless the file there shows exactly that: in the card worker if the build has one."""
    digest = card_digest(inputs, fonts)
    asked = _ASKED.setdefault(app, {})
    if asked.get(target) == digest or stored_digest(target) == digest:
        return
    asked[target] = digest
    worker = _WORKERS.get(app)
    if worker is None and len(app.env.found_docs) >= card_worker.MIN_PAGES:
        worker = _WORKERS[app] = card_worker.CardWorker()
    if worker is not None and worker.usable():
        worker.draw(target, inputs, fonts.regular, fonts.bold, digest)
    else:
        draw_card_file(target, inputs, fonts, digest)


def finish_cards(app, exception) -> None:
    """build-finished: wait for the worker's last card; a card it could not draw is a warning."""
    _ASKED.pop(app, None)
    worker = _WORKERS.pop(app, None)
    if worker is None:
        return
    if exception is not None:
        worker.stop()
        return
    complaints, unsent = worker.finish()
    for complaint in complaints:
        logger.warning("cannot draw a preview card: %s", complaint, type="social_card", subtype="draw")
    for target, inputs, regular, bold, digest in unsent:  # the worker ended early: draw them here
        draw_card_file(Path(target), inputs, card_fonts(Path(regular), Path(bold)), digest)


def card_inputs(config, title: str, description: str) -> dict:
    """What a page's drawn card shows."""
    return {
        "site_name": site_name_of(config),
        "title": title,
        "description": description,
        "address": site_address(config),
        "colors": card_colors(config),
    }


def site_name_of(config) -> str:
    return config.ogp_site_name or config.project


def card_path(pagename: str) -> str:
    """The page's drawn card, relative to the output folder."""
    return f"{IMAGE_DIR}/{pagename}.png"


def card_file(app, pagename: str) -> Path:
    return Path(app.outdir, card_path(pagename))


PAGE_PER_DOCUMENT = frozenset({"html", "dirhtml"})


def page_title_text(app, title_node) -> str:
    """The page title as ``add_card`` will read it: the builder renders it for the page's template
    context, and the card takes its text. A title of text alone is its text (rendering it costs
    a docutils publish per page)."""
    if title_node is None:
        return ""
    if all(isinstance(child, nodes.Text) for child in title_node.children):
        return title_node.astext().strip()
    return plain_text(app.builder.render_partial(title_node)["title"]).strip()


def ask_card_early(app, doctree) -> None:
    """doctree-read (after the title and description collectors): the page's card, as the page
    will ask for it when written (add_card), so that the worker draws it while Sphinx reads
    the other pages. Only in the build's own process (not in a parallel read's forks), and
    for builders that write a page per document (not singlehtml)."""
    env = app.env
    fields = env.metadata.get(env.docname, {})
    if app.builder.name not in PAGE_PER_DOCUMENT or "og:image" in fields or fields.get("card_image"):
        return
    if app.parallel > 1:
        return
    fonts = configured_fonts(app)
    if fonts is None:
        return
    title = page_title_text(app, env.longtitles.get(env.docname))
    # The og:description add_card reads: page_metadata's description, else the page's own field.
    described = page_metadata.DescriptionCollector.state(env).get(env.docname)
    description = described[0] if described else fields.get("og:description", "")
    send_card(app, card_file(app, env.docname), card_inputs(app.config, title, description), fonts)


def add_card(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    fields = context.get("meta") or {}
    if doctree is None or app.builder.format != "html" or "og:image" in fields:
        return
    config = app.config
    site_name = site_name_of(config)
    title = plain_text(context.get("title")).strip()
    fitted = fitted_card_fields(app, pagename, title, site_name) if fields.get("card_image") else None
    if fitted:
        context["meta"] = {**fields, **fitted}
        return
    fonts = configured_fonts(app)
    if fonts is None:
        return  # reported once, at builder-inited
    send_card(app, card_file(app, pagename), card_inputs(config, title, fields.get("og:description", "")), fonts)
    context["meta"] = {
        **fields,
        "og:image": card_path(pagename),  # relative to the site root: sphinxext-opengraph makes it absolute
        "og:image:type": "image/png",
        "og:image:width": str(WIDTH),
        "og:image:height": str(HEIGHT),
        "og:image:alt": card_alt(title, site_name),
    }


def escape_for_opengraph(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    """html-page-context, last before sphinxext-opengraph: its title and every og: field as attribute text.

    sphinxext-opengraph writes each value into ``content="…"`` replacing only ``"``: the
    description it derives itself it HTML-escapes first, the fields given to it (the
    page's description, the card's alt text) and the title it takes from the page's
    <title> it does not, so a text with "&amp;" or "&lt;" in it would reach a browser as
    "&" or "<". Given here escaped, every value reads back exactly as written.
    """
    if doctree is None:
        return
    fields = {"og:title": plain_text(context.get("title")).strip(), **(context.get("meta") or {})}
    context["meta"] = {
        name: html.escape(value, quote=False) if name.startswith("og:") and isinstance(value, str) else value
        for name, value in fields.items()
    }


def check_fonts(app) -> None:
    """builder-inited: a font that cannot be found is reported once, before any page is written."""
    fonts = font_specs(app.config)
    for spec in (fonts["regular"], fonts["bold"]):
        try:
            font_path(spec, app.confdir)
        except ConfigError as error:
            logger.warning(
                "%s; pages get no preview card",
                error,
                location=config_location(app, "social_card_fonts"),
                type="social_card",
            )


def remove_cards(app, env, added, changed, removed) -> list[str]:
    """env-get-outdated: the cards of removed pages go with them."""
    for docname in removed:
        card_file(app, docname).unlink(missing_ok=True)
    return []


def setup_opengraph(app) -> None:
    """sphinxext-opengraph, without the line it prints when matplotlib is missing."""
    if "sphinxext.opengraph" not in sys.modules:
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            import sphinxext.opengraph  # noqa: F401
        rest = printed.getvalue().replace("matplotlib is not installed, social cards will not be generated\n", "")
        sys.stdout.write(rest)
    app.setup_extension("sphinxext.opengraph")


def setup(app):
    setup_opengraph(app)
    app.add_config_value("social_card_colors", {}, "html", types=frozenset({dict}))
    app.add_config_value("social_card_fonts", {}, "html", types=frozenset({dict}))
    app.add_config_value("social_card_language_fonts", {}, "html", types=frozenset({dict}))
    app.setup_extension("sphinx_academic.images")  # makes the fitted cards
    app.connect("builder-inited", check_fonts)
    app.connect("doctree-read", request_fitted_card, priority=450)  # after images' collector (400)
    app.connect("doctree-read", ask_card_early, priority=600)  # after the title and description collectors (500)
    app.connect("env-get-outdated", remove_cards)
    # After page_metadata (400) sets og:description, before sphinxext-opengraph (500).
    app.connect("html-page-context", add_card, priority=450)
    app.connect("html-page-context", escape_for_opengraph, priority=499)
    # After the speed steps (700s), which the worker's last cards overlap; before precompression (990).
    app.connect("build-finished", finish_cards, priority=950)
    return metadata(__name__)
