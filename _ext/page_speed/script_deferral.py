"""Keep scripts off the critical path: no render-blocking script, none a page does not use.

On every built page:

* a script the page cannot use is left out: ``speed_script_conditions`` maps a
  script's file name to a CSS selector, and the script stays only on pages
  with a matching element (defaults: :data:`THEME_SCRIPT_CONDITIONS`);
* ``<link rel="preload" as="script">`` of the site's own scripts go: the theme
  preloads its deferred bundles, which then compete with the page's first paint;
* every classic ``<script src>`` gets ``defer``. Deferred scripts run in
  document order once the page is parsed, so inline scripts that come after
  the first deferred one (they use what it defines, e.g.
  ``DOCUMENTATION_OPTIONS.pagename = …``) are deferred too, as ``data:`` URLs
  (an inline script cannot be deferred). Inline scripts before it, such as the
  theme's dark-mode script that must run before the first paint, stay as they are.

Module, async and non-JavaScript scripts (JSON-LD…) are left alone.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote, urlsplit

from cssselect import SelectorError
from lxml import html as lxml_html
from lxml.cssselect import CSSSelector
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError

from .build_output import connect_step, html_files, is_local, logger, script_sources
from .html_edits import Edits, Tag, scan, start_tag

PRIORITY = 710

# Scripts of Sphinx, pydata-sphinx-theme and sphinx-design that only some pages use.
THEME_SCRIPT_CONDITIONS = {
    # The theme draws its standard icons with CSS and a font; this bundle only
    # renders custom icons (<i class="fa-custom …">).
    "fontawesome.js": ".fa-custom",
    # sphinx-design: only tab sets need it.
    "design-tabs.js": ".sd-tab-set",
    # Sphinx's search: the theme loads it on every page for search-as-you-type;
    # with that off (the default) only the search page (#search-results) searches.
    "searchtools.js": "#search-results",
    "language_data.js": "#search-results",
    "searchindex.js": "#search-results",
}
SEARCH_SCRIPTS = ("searchtools.js", "language_data.js", "searchindex.js")
JAVASCRIPT_TYPES = frozenset({"", "text/javascript", "application/javascript", "text/ecmascript"})


def is_classic_javascript(tag: Tag) -> bool:
    return (tag.get("type") or "").strip().lower() in JAVASCRIPT_TYPES


def script_name(tag: Tag) -> str:
    return Path(urlsplit(tag.get("src") or "").path).name


def data_url(code: str) -> str:
    """The code as a data: URL (percent-encoded, readable where possible)."""
    return "data:text/javascript," + quote(code, safe=" ;,/?:@&=+$-_.!~*'(){}[]|^")


def unused_scripts(html: str, tags: list[Tag], conditions: dict[str, CSSSelector]) -> list[Tag]:
    """The script tags whose condition selector matches nothing on the page."""
    candidates = [tag for tag in script_sources(tags) if script_name(tag) in conditions]
    if not candidates:
        return []
    root = lxml_html.document_fromstring(html)
    return [tag for tag in candidates if not conditions[script_name(tag)](root)]


def defer_page_scripts(html: str, conditions: dict[str, CSSSelector]) -> tuple[str, dict[str, int]]:
    """The page with its scripts deferred or dropped; and counts of what changed."""
    tags = scan(html)
    edits = Edits(html)
    counts = {"dropped": 0, "preloads": 0, "deferred": 0, "inline": 0}
    dropped = unused_scripts(html, tags, conditions)
    for tag in dropped:
        edits.remove(tag)
        counts["dropped"] += 1
    for tag in tags:
        if (tag.name == "link" and "preload" in (tag.get("rel") or "").lower().split()
                and (tag.get("as") or "").lower() == "script" and is_local(tag.get("href") or "")):
            edits.remove(tag)
            counts["preloads"] += 1
    deferring = False
    for tag in tags:
        if tag.name != "script" or tag in dropped or "noscript" in tag.parents or not is_classic_javascript(tag):
            continue
        if tag.has("src"):
            if tag.has("async"):
                continue
            deferring = True
            if not tag.has("defer"):
                edits.replace(tag.start, tag.start_end, start_tag("script", {**tag.attrs, "defer": None}))
                counts["deferred"] += 1
        elif deferring and tag.content_start is not None:
            code = html[tag.content_start:tag.content_end]
            if code.strip():
                attrs = {k: v for k, v in tag.attrs.items() if k != "type"}
                edits.replace(tag.start, tag.content_end,
                              start_tag("script", {**attrs, "defer": None, "src": data_url(code.strip())}))
                counts["inline"] += 1
    return (edits.apply() if edits else html), counts


def script_conditions(config: Config) -> dict[str, CSSSelector]:
    """The defaults, without the search scripts when search-as-you-type is on, then conf.py's."""
    conditions = dict(THEME_SCRIPT_CONDITIONS)
    theme_options = getattr(config, "html_theme_options", None) or {}
    if str(theme_options.get("search_as_you_type", "")).lower() in ("true", "1"):
        for name in SEARCH_SCRIPTS:
            conditions.pop(name, None)
    conditions.update(config.speed_script_conditions)
    compiled = {}
    for name, selector in conditions.items():
        if selector:
            try:
                compiled[name] = CSSSelector(selector)
            except SelectorError as error:
                raise ConfigError(
                    f"speed_script_conditions[{name!r}]: {selector!r} is not a CSS selector: {error}"
                ) from error
    return compiled


def defer_built_scripts(app: Sphinx) -> None:
    conditions = script_conditions(app.config)
    totals: dict[str, int] = {}
    for page in html_files(Path(app.outdir)):
        html = page.read_text("utf-8")
        new, counts = defer_page_scripts(html, conditions)
        if new != html:
            page.write_text(new, "utf-8")
        for key, value in counts.items():
            totals[key] = totals.get(key, 0) + value
    logger.info("speed: scripts: %s", ", ".join(f"{v} {k}" for k, v in totals.items()))


def setup(app: Sphinx) -> dict:
    connect_step(app, "speed_defer_scripts", "Defer scripts and leave out those a page does not use.",
                 PRIORITY, defer_built_scripts)
    app.add_config_value("speed_script_conditions", {}, "html", types=frozenset({dict}),
                         description="Script file name -> CSS selector a page must match to keep it "
                                     "('' keeps it everywhere).")
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
