"""Which derivatives an image needs, and the attributes of its ``<img>``: decided from the node alone.

Two kinds of image, as the layout shows them:

* **fixed**: the document gives a width in pixels (``:width: 160px``) or a
  ``:scale:``. It is shown at that width on every screen, so it gets a 1×
  and a 2× file (``srcset="a.webp 1x, b.webp 2x"``), never larger than the
  source; ``width``/``height`` are the displayed size.
* **fluid**: anything else, shown at most as wide as the text column. It gets
  the widths in ``images_widths`` smaller than the source, plus the source's
  own width (capped at ``images_max_megapixels``), with width descriptors and
  ``images_sizes`` as ``sizes``, so a phone takes a small file and a wide
  high-density screen a large one. ``width``/``height`` are those of the
  ``src`` file (the widest one at most ``images_src_width``); CSS scales it.

A figure whose image has alt text links to its largest file, for zooming.
An SVG is one file at every size: it is served as checked, with its own size.
The collector (read time) and the post-transform (write time) both call
:func:`plan`, so both always agree on the files.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from docutils import nodes

from .derivatives import Derivative, Resize, Verbatim
from .sources import Source, pixel_length

#: A later width this close to the previous one adds a file and saves little.
MIN_STEP = 1.2


@dataclass(frozen=True)
class Settings:
    """The configuration values a plan depends on."""

    widths: tuple[int, ...]
    sizes: str
    src_width: int
    format: str
    quality: int
    max_pixels: int

    @classmethod
    def from_config(cls, config) -> Settings:
        return cls(
            tuple(sorted(set(config.images_widths))),
            config.images_sizes,
            config.images_src_width,
            config.images_format,
            config.images_quality,
            int(config.images_max_megapixels * 1_000_000),
        )


@dataclass(frozen=True)
class Plan:
    candidates: tuple[Derivative, ...]  #: smallest first
    descriptors: tuple[str, ...]  #: "720w" or "2x", one per candidate
    src: Derivative
    width: int  #: the <img> width and height attributes
    height: int
    sizes: str | None  #: for width descriptors
    zoom: Derivative | None  #: the full-size file a figure links to

    @property
    def derivatives(self) -> set[Derivative]:
        return set(self.candidates) | ({self.zoom} if self.zoom else set())


def full_size(source: Source, settings: Settings) -> tuple[int, int]:
    """The source's size, scaled down to at most ``max_pixels`` (a 48-megapixel photo needs no more)."""
    if source.pixels <= settings.max_pixels:
        return source.width, source.height
    scale = math.sqrt(settings.max_pixels / source.pixels)
    return max(1, int(source.width * scale)), max(1, int(source.height * scale))


def scaled(source: Source, width: int) -> tuple[int, int]:
    return width, max(1, round(source.height * width / source.width))


def widths_below_full_size(source: Source, settings: Settings) -> list[int]:
    """The configured widths of a fluid image's files that are worth a file below its full size."""
    largest_width, _ = full_size(source, settings)
    return [w for w in settings.widths if w * MIN_STEP <= largest_width]


def working_width(source: Source, settings: Settings) -> int | None:
    """The width of the image a source's smaller files are made from: its widest fluid file
    below full size (resizing the source once, not once per file, is most of the saving)."""
    return max(widths_below_full_size(source, settings), default=None)


def derive(source: Source, recipe, settings: Settings) -> Derivative:
    """The file ``recipe`` makes from ``source``: from the source's working image when that is
    wide enough (else the worker resizes the source for it)."""
    via = working_width(source, settings)
    return Derivative(source, recipe, via if via and recipe.base_width() <= via else None)


def resize(source: Source, width: int, settings: Settings) -> Derivative:
    w, h = scaled(source, width)
    return derive(source, Resize(w, h, settings.format, settings.quality), settings)


def is_figure_image(node: nodes.Element) -> bool:
    return isinstance(node.parent, nodes.figure)


def plan(node: nodes.Element, source: Source, settings: Settings) -> Plan:
    zoomable = is_figure_image(node) and bool(node.get("alt"))
    fixed_width = pixel_length(node.get("width"))
    if fixed_width is None and node.get("scale"):
        fixed_width = source.width * node["scale"] / 100
    if source.is_svg:
        only = Derivative(source, Verbatim())
        width = round(fixed_width) if fixed_width else source.width
        height = round(pixel_length(node.get("height")) or source.height * width / source.width)
        return Plan((only,), ("1x",), only, width, height, None, only if zoomable else None)

    largest_width, _ = full_size(source, settings)
    if fixed_width:
        display = round(fixed_width)
        widths = sorted({min(display, largest_width), min(2 * display, largest_width)})
        candidates = tuple(resize(source, w, settings) for w in widths)
        descriptors = tuple(f"{round(w / display, 2):g}x" for w in widths)
        height = pixel_length(node.get("height"))
        display_height = round(height) if height else scaled(source, display)[1]
        zoom = resize(source, largest_width, settings) if zoomable else None
        return Plan(candidates, descriptors, candidates[0], display, display_height, None, zoom)

    widths = [*widths_below_full_size(source, settings), largest_width]
    candidates = tuple(resize(source, w, settings) for w in widths)
    src = max((c for c in candidates if c.recipe.width <= settings.src_width), default=candidates[0], key=width_of)
    return Plan(
        candidates,
        tuple(f"{c.recipe.width}w" for c in candidates),
        src,
        src.recipe.width,
        src.recipe.height,
        settings.sizes,
        candidates[-1] if zoomable else None,
    )


def width_of(derivative: Derivative) -> int:
    return derivative.recipe.width
