"""Resolve pydata-sphinx-theme's "auto" colour mode before the first paint.

The theme's inline <head> script sets ``data-theme`` to the stored theme or to
"auto", and its style sheets style only "light" and "dark"; its deferred script
resolves "auto" later, so a visitor whose system is dark first sees a light page.
This adds a small inline script, early in <head>, that resolves "auto" from
``prefers-color-scheme`` at once. Inline (not a file) so that it runs before the
first paint even when a post-build step defers every ``<script src>``.
"""

from __future__ import annotations

from sphinx.application import Sphinx

from ._extension import metadata

# Written in the theme's terms: dataset.mode is the visitor's choice (light, dark,
# auto), dataset.theme the scheme the style sheets apply.
RESOLVE_AUTO_MODE = (
    "(()=>{const root=document.documentElement;"
    'if((root.dataset.mode||"auto")==="auto"){'
    'root.dataset.theme=matchMedia("(prefers-color-scheme: dark)").matches?"dark":"light";}})();'
)
# Lower runs earlier; Sphinx's own scripts start at 200.
PRIORITY = 10


def setup(app: Sphinx) -> dict:
    app.add_js_file(None, body=RESOLVE_AUTO_MODE, priority=PRIORITY)
    return metadata(__name__)
