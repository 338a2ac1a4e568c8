"""Make the built site fast on a phone, with post-build steps on the HTML output.

Each step is its own extension, switchable from conf.py, and all of them are
switched off at once with ``speed_optimise = False`` (``-D speed_optimise=0``),
which gives the stock theme output:

* ``page_speed.image_sizing``: width/height on every <img>, so nothing shifts.
* ``page_speed.script_deferral``: no render-blocking script; scripts a page does not
  use left out; the theme's script preloads dropped.
* ``page_speed.css_pruning``: only the CSS rules the pages can use.
* ``page_speed.css_inlining``: the (pruned) CSS inlined, no render-blocking link.
* ``page_speed.font_subsetting``: icon fonts cut to the glyphs the CSS uses,
  ``font-display: swap``, small fonts inlined.
* ``page_speed.precompression``: .gz and .br files next to each text asset.

They run in this order: pruning and font subsetting rewrite the stylesheets;
then one pass over the pages (``build_output.edit_pages``) lets image sizing,
script deferral and inlining edit each page, read, scanned and written once;
precompression comes last. The font step's fontTools work happens in a worker
process started with the build (``page_speed.font_worker``), so that its
import overlaps Sphinx's own work.
"""

from sphinx.application import Sphinx

from .._extension import metadata

STEPS = (
    "sphinx_academic.page_speed.image_sizing",
    "sphinx_academic.page_speed.script_deferral",
    "sphinx_academic.page_speed.css_pruning",
    "sphinx_academic.page_speed.css_inlining",
    "sphinx_academic.page_speed.font_subsetting",
    "sphinx_academic.page_speed.precompression",
)


def setup(app: Sphinx) -> dict:
    for step in STEPS:
        app.setup_extension(step)
    return metadata(__name__)
