"""The engine's own CSS and JavaScript, added only to the pages that show publications."""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx

from .nodes import html_element

STATIC = Path(__file__).parent / "static"
CSS = "publications.css"
JS = "publications.js"
#: The classes of what the script makes (the filters, the "Copy BibTeX" buttons): no built page
#: has them, so a CSS pruner must be told (sphinx_academic.page_speed: speed_css_runtime_classes).
SCRIPT_CLASSES = ("pub-filters", "pub-filter", "pub-filter-select", "pub-filter-status", "pub-copy-bibtex")


def _needs(doctree: nodes.document) -> tuple[bool, bool]:
    """(styles, script): styles for any entry, the script for filters or copy buttons (it makes them)."""
    styles = False
    for node in doctree.findall(html_element):
        classes = node["classes"]
        if "pub-filters-slot" in classes or "pub-actions" in classes:
            return True, True
        styles = styles or "pub" in classes
    return styles, False


def add_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """html-page-context: files added here go to this page only."""
    if doctree is None:
        return
    styles, script = _needs(doctree)
    if styles:
        app.add_css_file(CSS)
    if script:
        app.add_js_file(JS, loading_method="defer")


def add_static_path(app: Sphinx, config) -> None:
    # At config-inited, so the settings saved with the build equal those of the next one.
    if str(STATIC) not in config.html_static_path:
        config.html_static_path.append(str(STATIC))
    if "speed_css_runtime_classes" in config:  # page_speed prunes CSS: keep the script's
        known = list(config.speed_css_runtime_classes)
        config.speed_css_runtime_classes = known + [c for c in SCRIPT_CLASSES if c not in known]


def register(app: Sphinx) -> None:
    app.connect("config-inited", add_static_path)
    app.connect("html-page-context", add_assets)
