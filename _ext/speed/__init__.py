"""Make the built site fast on a phone, with post-build steps on the HTML output.

Each step is its own extension, switchable from conf.py, and all of them are
switched off at once with ``speed_optimise = False`` (``-D speed_optimise=0``),
which gives the stock theme output:

* ``speed.image_sizing``: width/height on every <img>, so nothing shifts.
* ``speed.script_deferral``: no render-blocking script; scripts a page does not
  use left out; the theme's script preloads dropped.
* ``speed.css_pruning``: only the CSS rules the pages can use.
* ``speed.css_inlining``: the (pruned) CSS inlined, no render-blocking link.
* ``speed.font_subsetting``: icon fonts cut to the glyphs the CSS uses,
  ``font-display: swap``, small fonts inlined.
* ``speed.precompression``: .gz and .br files next to each text asset.
"""

from sphinx.application import Sphinx

STEPS = (
    "speed.image_sizing",
    "speed.script_deferral",
    "speed.css_pruning",
    "speed.css_inlining",
    "speed.font_subsetting",
    "speed.precompression",
)


def setup(app: Sphinx) -> dict:
    for step in STEPS:
        app.setup_extension(step)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
