"""Give every <img> its width and height, so the page does not shift when images arrive.

The browser reserves an image's box from its ``width`` and ``height``
attributes (with ``height: auto`` in CSS, from their ratio); without them the
text below jumps once the image loads, which Lighthouse counts as layout
shift. Sizes come from the image files (``imagesize``, which Sphinx already
uses; it reads PNG, JPEG, GIF, WebP, TIFF and SVG). An image with one
attribute gets the other from the file's aspect ratio. An image that cannot be
sized (missing or remote file) is reported as a warning, which fails the build
with ``-W``: it would shift the layout.
"""

from __future__ import annotations

from pathlib import Path

import imagesize
from sphinx.application import Sphinx

from .build_output import connect_step, html_files, local_file, logger
from .html_edits import Edits, Tag, scan, start_tag

PRIORITY = 700


def image_size(path: Path) -> tuple[int, int] | None:
    """The file's intrinsic (width, height) in CSS pixels, or None if unknown."""
    try:
        width, height = imagesize.get(str(path))
    except (OSError, ValueError):
        return None
    if width is None or height is None or width <= 0 or height <= 0:
        return None
    return round(width), round(height)


def completed_size(tag: Tag, size: tuple[int, int]) -> dict[str, str]:
    """The width and height attributes an image should have (keeps any the author set)."""
    width, height = tag.get("width"), tag.get("height")
    if width and not height and width.isdigit():
        return {"width": width, "height": str(round(int(width) * size[1] / size[0]))}
    if height and not width and height.isdigit():
        return {"width": str(round(int(height) * size[0] / size[1])), "height": height}
    return {"width": str(size[0]), "height": str(size[1])}


def size_page_images(outdir: Path, page: Path, html: str) -> str:
    edits = Edits(html)
    for tag in scan(html):
        if tag.name != "img" or (tag.get("width") and tag.get("height")):
            continue
        file = local_file(outdir, page, tag.get("src") or "")
        size = image_size(file) if file else None
        if size is None:
            logger.warning("cannot size image %r (no readable local file): it will shift the layout",
                           tag.get("src"), location=str(page.relative_to(outdir)), type="speed",
                           subtype="image_size")
            continue
        attrs = {**tag.attrs, **completed_size(tag, size)}
        edits.replace(tag.start, tag.start_end, start_tag("img", attrs))
    return edits.apply() if edits else html


def size_built_images(app: Sphinx) -> None:
    outdir = Path(app.outdir)
    for page in html_files(outdir):
        html = page.read_text("utf-8")
        if "<img" not in html:
            continue
        new = size_page_images(outdir, page, html)
        if new != html:
            page.write_text(new, "utf-8")


def setup(app: Sphinx) -> dict:
    connect_step(app, "speed_size_images", "Set width and height on every <img>.", PRIORITY, size_built_images)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
