"""images: every image a page shows, served as responsive WebP (or AVIF) made at build time.

Pages keep writing ordinary images (MyST ``{figure}``, ``{image}``,
``![alt](path)``); extensions create ordinary ``nodes.image``. For each one:

* **read time** (``collector``): the file is checked (missing, unreadable, an
  SVG with script, a remote URL: a located warning, and the image is left
  out); its derivatives are planned (``plan``) and encoding starts in a worker
  thread (``derivatives``);
* **write time** (``html``): the ``<img>`` gets ``src``, ``srcset``, ``sizes``,
  ``width``/``height``, ``loading``/``fetchpriority``; a figure links to its
  full-size file for zooming (no script);
* **end of the build**: the worker is joined, the files are copied from the
  cache into ``_images/``, and the files no page needs any more are removed.
  The original is never served. Derivatives are cached in the doctree folder
  (``<doctrees>/images/``) under content-addressed names: a rebuild encodes
  only what a changed source needs.

``figures`` adds alt text, captions and credit lines written once per image
in TOML (``images_metadata_files``).

Configuration
-------------
``images_responsive``      False: Sphinx's stock handling (the originals are copied)
``images_widths``          widths of a fluid image's files (px): ``[720, 1080]``
``images_sizes``           ``sizes`` of fluid images: the column width, as the layout's CSS sets it
``images_src_width``       the ``src`` of a fluid image: the widest file at most this wide (1080)
``images_format``          ``"webp"`` or ``"avif"``
``images_quality``         encoder quality (75)
``images_max_megapixels``  larger sources get a warning, and are resized to this anyway (20)
``images_metadata_files``  TOML files with alt text, captions and credits (``figures``)
"""

from __future__ import annotations

import time
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import ENUM
from sphinx.util import logging

from .._extension import metadata
from . import collector, figures, html
from .collector import extra_derivative, request_derivative
from .derivatives import Derivative, publish
from .sources import Source, image_size

__all__ = ["Derivative", "Source", "extra_derivative", "image_size", "request_derivative"]

logger = logging.getLogger(__name__)
STATIC = Path(__file__).parent / "static"
IMAGE_FOLDER = "_images"
#: The files this extension put into _images/ last time (beside the doctrees, not published).
MANIFEST = "images-published.txt"
#: After every step that reads or writes pages (the page-speed pass is 730), before
#: precompression (990): the worker runs as long as possible beside the rest of the build.
FINISH_PRIORITY = 980


def finish(app: Sphinx, exception: Exception | None) -> None:
    """build-finished: join the worker, publish the files, remove stale ones, report."""
    work = collector.pipeline(app.env)
    if work is None:
        return
    if exception is not None:
        work.encoder.abandon()
        return
    started = time.perf_counter()
    encoded, failed, reused = work.encoder.finish()
    waited = time.perf_counter() - started
    by_source: dict[str, list] = {}
    for request, error in failed:
        by_source.setdefault(request.derivative.source.path, []).append((request, error))
    for path, failures in by_source.items():
        request, error = failures[0]
        logger.warning(
            "cannot make %s from %s (%s): it is left out of the site; replace the file",
            ", ".join(r.derivative.name for r, _ in failures),
            path,
            error,
            location=request.location,
            type="images",
            subtype="encode",
        )
    names = set(work.encoder.requests)
    folder = Path(app.outdir, IMAGE_FOLDER)
    publish(work.encoder.cache, sorted(names), folder)
    manifest = Path(app.doctreedir, MANIFEST)
    previous = set(manifest.read_text("utf-8").split()) if manifest.is_file() else set()
    for name in previous - names:
        (folder / name).unlink(missing_ok=True)
    manifest.write_text("\n".join(sorted(names)) + "\n", "utf-8")
    if work.encoder.cache.is_dir():
        for cached in work.encoder.cache.iterdir():
            if cached.name not in names:
                cached.unlink(missing_ok=True)
    if names:
        logger.info(
            "images: %d files, %d encoded (%.2f s of CPU in the worker, %.2f s waited for at the end), "
            "%d from the cache",
            len(names),
            len(encoded),
            sum(e.seconds for e in encoded),
            waited,
            reused,
        )


def add_static_path(app: Sphinx, config) -> None:
    """config-inited (as the publications engine does): before Sphinx compares the configuration
    with the last build's, so an incremental build does not see it as changed."""
    if str(STATIC) not in config.html_static_path:
        config.html_static_path.append(str(STATIC))


def setup(app: Sphinx) -> dict:
    app.setup_extension("sphinx_academic.translations")  # the credit line's "Figure: "
    app.add_config_value("images_responsive", True, "env", types=frozenset({bool}))
    app.add_config_value("images_widths", [720, 1080], "env", types=frozenset({list, tuple}))
    app.add_config_value("images_sizes", "100vw", "env", types=frozenset({str}))
    app.add_config_value("images_src_width", 1080, "env", types=frozenset({int}))
    app.add_config_value("images_format", "webp", "env", types=ENUM("webp", "avif"))
    app.add_config_value("images_quality", 75, "env", types=frozenset({int}))
    app.add_config_value("images_max_megapixels", 20, "env", types=frozenset({int, float}))
    app.add_config_value("images_metadata_files", [], "env", types=frozenset({list, tuple}))

    app.add_env_collector(collector.ImageCollector)
    app.add_transform(figures.FigureTexts)
    app.add_post_transform(html.ResponsiveImages)
    app.add_node(html.responsive_image, html=(html.visit_responsive_image, None))
    app.connect("builder-inited", figures.load)
    app.connect("builder-inited", collector.start)
    app.connect("config-inited", add_static_path)
    app.connect("env-updated", collector.request_all)
    app.connect("html-page-context", html.add_stylesheet)
    app.connect("build-finished", finish, priority=FINISH_PRIORITY)
    return metadata(__name__)
