"""Give every <img> its width and height, so the page does not shift when images arrive.

The browser reserves an image's box from its ``width`` and ``height``
attributes (with ``height: auto`` in CSS, from their ratio); without them the
text below jumps once the image loads, which Lighthouse counts as layout
shift. The images of the pages' documents already have them:
``sphinx_academic.images`` writes them with the rest of each ``<img>``. This
step sizes the ones that no document node produced (raw HTML, templates),
with the same reader of image files (``sphinx_academic.images.image_size``:
imagesize for PNG, JPEG, GIF, WebP and TIFF; the root element's size or
viewBox for SVG). An image with one attribute gets the other from the file's
aspect ratio. An image that cannot be sized (missing or remote file) is
reported as a warning, which fails the build with ``-W``: it would shift the
layout.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sphinx.application import Sphinx

from .._extension import metadata
from ..images.sources import image_size
from .build_output import connect_page_editor, local_file, logger
from .html_edits import Edits, Tag, scan, start_tag

ORDER = 700  # in the page editing pass


def completed_size(tag: Tag, size: tuple[int, int]) -> dict[str, str]:
    """The width and height attributes an image should have (keeps any the author set)."""
    width, height = tag.get("width"), tag.get("height")
    if width and not height and width.isdigit():
        return {"width": width, "height": str(round(int(width) * size[1] / size[0]))}
    if height and not width and height.isdigit():
        return {"width": str(round(int(height) * size[0] / size[1])), "height": height}
    return {"width": str(size[0]), "height": str(size[1])}


def size_page_images(outdir: Path, page: Path, html: str) -> str:
    """The page with every <img> sized."""
    edits = Edits(html)
    add_image_sizes(outdir, page, scan(html), edits)
    return edits.apply() if edits else html


def add_image_sizes(outdir: Path, page: Path, tags: Sequence[Tag], edits: Edits, files: dict | None = None) -> None:
    """Width and height on the page's images; ``files`` keeps the files and sizes found, for one pass
    (pages share their images: a logo, icons)."""
    files = {} if files is None else files
    for tag in tags:
        if tag.name != "img" or (tag.get("width") and tag.get("height")):
            continue
        file = local_file(outdir, page, tag.get("src") or "", files)
        if ("size", file) not in files:
            files["size", file] = image_size(file) if file else None
        size = files["size", file]
        if size is None:
            logger.warning(
                "cannot size image %r (no readable local file): it will shift the layout",
                tag.get("src"),
                location=str(page.relative_to(outdir)),
                type="speed",
                subtype="image_size",
            )
            continue
        attrs = {**tag.attrs, **completed_size(tag, size)}
        edits.replace(tag.start, tag.start_end, start_tag("img", attrs))


class ImageSizer:
    """The page editor: sizes every page's images."""

    def __init__(self, app: Sphinx):
        self.outdir = Path(app.outdir)
        self.files: dict = {}  # the files and sizes found in this pass

    def edit(self, page: Path, text: str, tags: Sequence[Tag], edits: Edits) -> None:
        if "<img" in text:
            add_image_sizes(self.outdir, page, tags, edits, self.files)

    def inputs(self) -> str:
        return ""  # no settings: the images are files local_file finds

    def finish(self, results: Sequence[None]) -> None:
        pass  # each image it cannot size is a warning of its own


def setup(app: Sphinx) -> dict:
    connect_page_editor(app, "speed_size_images", "Set width and height on every <img>.", ORDER, ImageSizer)
    return metadata(__name__)
