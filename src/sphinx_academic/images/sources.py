"""What the pipeline knows of an image file: its content digest, format and size, or why it cannot be served.

``inspect`` reads a file once (its bytes for the digest, its header for the
format and size: no pixels are decoded) and either describes it as a
:class:`Source` or raises :class:`UnusableImageError` saying what is wrong and what
to do. SVG files are checked here too, because an SVG is served as it is:
one with script, event handlers, ``javascript:`` links, embedded HTML or
third-party resources is refused (opened from its zoom link, it would run on
the site's origin or call another host).

``image_size`` is the one reader of an image file's intrinsic size; the
post-build step ``page_speed.image_sizing`` uses it for the ``<img>`` tags
that no document node produced.
"""

from __future__ import annotations

import hashlib
import io
import re
import warnings
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree

import imagesize
from lxml import etree
from PIL import Image, UnidentifiedImageError

#: Pillow refuses to decode more than this (its decompression-bomb limit); we refuse it first.
DECODE_LIMIT = Image.MAX_IMAGE_PIXELS or 89_478_485
#: EXIF orientations that swap width and height.
TRANSPOSED_ORIENTATIONS = frozenset({5, 6, 7, 8})


class UnusableImageError(Exception):
    """An image file the pipeline cannot serve; the message says why and what to do."""


@dataclass(frozen=True)
class Source:
    """An image file in the source directory, as the pipeline uses it."""

    path: str  #: relative to the source directory, with "/" separators
    digest: str  #: sha256 of the file's bytes: derivatives are made again exactly when it changes
    format: str  #: Pillow's format name ("PNG", "JPEG", "WEBP"...), or "SVG"
    width: int  #: pixels (CSS pixels for an SVG), as displayed (EXIF orientation applied)
    height: int

    @property
    def is_svg(self) -> bool:
        return self.format == "SVG"

    @property
    def pixels(self) -> int:
        return self.width * self.height

    @property
    def stem(self) -> str:
        """The file name without its suffix, safe in a URL: the start of every derivative's name."""
        stem = re.sub(r"[^A-Za-z0-9_-]+", "-", PurePosixPath(self.path).stem).strip("-")
        return stem or "image"


def inspect(path: Path, relative: str) -> Source:
    """Describe the image at ``path`` (``relative`` to the source directory), or raise UnusableImageError."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise UnusableImageError(f"cannot read the image file {relative}: {error.strerror}") from None
    digest = hashlib.sha256(data).hexdigest()
    if path.suffix.lower() in (".svg", ".svgz") or data.lstrip()[:5] in (b"<?xml", b"<svg ", b"<svg>"):
        problem = svg_problem(data)
        if problem:
            raise UnusableImageError(f"refused SVG {relative}: it {problem}; remove it, or export the figure as PNG")
        size = svg_size(data)
        if size is None:
            raise UnusableImageError(
                f"cannot size SVG {relative}: give its root element a viewBox (or width and height)"
            )
        return Source(relative, digest, "SVG", round(size[0]), round(size[1]))
    try:
        with warnings.catch_warnings():
            # We refuse bombs ourselves, with a located message (Pillow only warns below 2×).
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
                image_format = image.format
                orientation = exif_orientation(image)
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError, SyntaxError) as error:
        detail = error if not isinstance(error, UnidentifiedImageError) else "not an image format Pillow can read"
        raise UnusableImageError(
            f"cannot read the image {relative} ({detail}): save it as PNG, JPEG, WebP or AVIF (or SVG)"
        ) from None
    if width * height > DECODE_LIMIT:
        raise UnusableImageError(
            f"refused image {relative}: {width}×{height} ({width * height / 1e6:.0f} megapixels) is too large "
            f"to decode safely (limit {DECODE_LIMIT / 1e6:.0f}); resize it"
        )
    if orientation in TRANSPOSED_ORIENTATIONS:
        width, height = height, width
    return Source(relative, digest, image_format or "unknown", width, height)


def exif_orientation(image: Image.Image) -> int | None:
    """The EXIF orientation, read without decoding the pixels (a PNG's getexif() decodes them all)."""
    if image.format == "PNG":
        raw = image.info.get("exif")
        if not raw:
            return None
        exif = Image.Exif()
        exif.load(raw)
        return exif.get(0x0112)
    return image.getexif().get(0x0112)


# -- SVG -------------------------------------------------------------------------------

#: Elements that run script or embed another document.
SVG_ACTIVE_ELEMENTS = frozenset({"script", "foreignobject", "iframe", "embed", "object", "handler", "listener"})
_SCRIPT_URL = re.compile(r"^(javascript|vbscript|data:text/html|data:application)", re.I)
_EXTERNAL_URL = re.compile(r"^(https?:)?//", re.I)
_CSS_EXTERNAL = re.compile(r"@import|url\(\s*['\"]?\s*(https?:)?//", re.I)


def svg_problem(data: bytes) -> str | None:
    """What makes an SVG unsafe to serve ("contains <script>", ...), or None."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        return f"is not well-formed XML ({error})"
    if root.getroottree().docinfo.internalDTD is not None:
        return "declares a DTD (entities can expand without bound)"
    if etree.QName(root).localname != "svg":
        return "is not an SVG document"
    for element in root.iter():
        if not isinstance(element.tag, str):  # comments, processing instructions
            continue
        name = etree.QName(element).localname.lower()
        if name in SVG_ACTIVE_ELEMENTS:
            return f"contains <{etree.QName(element).localname}>"
        if name == "style" and _CSS_EXTERNAL.search(element.text or ""):
            return "loads a stylesheet or resource from another host in <style>"
        for attribute, value in element.attrib.items():
            attribute_name = etree.QName(attribute).localname.lower()
            compact = re.sub(r"\s+", "", value)
            if attribute_name.startswith("on"):
                return f"has an event handler ({attribute_name}) on <{etree.QName(element).localname}>"
            if _SCRIPT_URL.match(compact):
                return f"has a script URL in {attribute_name}"
            if attribute_name in ("href", "src") and _EXTERNAL_URL.match(compact):
                return f"loads {value!r} from another host"
            if attribute_name == "style" and _CSS_EXTERNAL.search(value):
                return "loads a resource from another host in a style attribute"
    return None


def svg_size(data: bytes) -> tuple[float, float] | None:
    """An SVG's size: its root's width and height (in px or unitless), else its viewBox.

    Read here because imagesize finds SVG sizes with a regular expression (a
    child's width can pass for the image's) and does not read viewBox.
    """
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError:
        return None
    width, height = pixel_length(root.get("width")), pixel_length(root.get("height"))
    if width is not None and height is not None:
        return width, height
    box = (root.get("viewBox") or "").replace(",", " ").split()
    return (float(box[2]), float(box[3])) if len(box) == 4 else None


def pixel_length(value: str | None) -> float | None:
    """A length in CSS pixels ("160px", "160"; a docutils option or an SVG attribute), or None for other units."""
    match = re.fullmatch(r"\s*([\d.]+)\s*(px)?\s*", value or "")
    return float(match.group(1)) if match else None


def image_size(path: Path) -> tuple[int, int] | None:
    """A file's intrinsic (width, height) in CSS pixels, or None if unknown."""
    if path.suffix.lower() == ".svg":
        try:
            width, height = svg_size(path.read_bytes()) or (None, None)
        except OSError:
            return None
    else:
        try:
            width, height = imagesize.get(str(path))
        except (OSError, ValueError):
            return None
    if width is None or height is None or width <= 0 or height <= 0:
        return None
    return round(width), round(height)
