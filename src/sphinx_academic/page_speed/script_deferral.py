"""Keep scripts off the critical path: no render-blocking script, none a page does not use.

On every built page:

* a script the page cannot use is left out: ``speed_script_conditions`` maps a
  script's file name to a CSS selector, and the script stays only on pages
  with a matching element (defaults: :data:`THEME_SCRIPT_CONDITIONS`);
* ``<link rel="preload" as="script">`` of the site's own scripts go: the theme
  preloads its deferred bundles, which then compete with the page's first paint;
* every classic ``<script src>`` gets ``defer``. Deferred scripts run in
  document order once the page is parsed, so inline scripts that come after
  the first script that used to block (they may use what it defines, e.g.
  ``DOCUMENTATION_OPTIONS.pagename = …``) are deferred too, as ``data:`` URLs
  (an inline script cannot be deferred). Inline scripts before it, such as the
  theme's dark-mode script that must run before the first paint, stay as they
  are, and so do those that only follow scripts that were deferred already
  (they ran before those anyway);
* with ``speed_scripts_after_paint`` (on by default), the deferred scripts are
  not even requested before the first paint: a small inline loader at the end
  of <body> adds them, in order, once the first frame is drawn, so their bytes
  and their parsing do not compete with the page's first paint (they still run
  before the load event). A page keeps plain ``defer`` if one of its scripts
  would not start that late (it waits for DOMContentLoaded without checking
  document.readyState, like sphinx-design's tabs) or if it has module scripts;

The theme resolves its "auto" mode to light or dark in its deferred bundle,
which the stock theme preloads so that it runs before the (slow) first paint;
with the preload gone, resolve it in an early inline script (this site's
``theme_preference`` extension), which this step leaves inline.

Module, async and non-JavaScript scripts (JSON-LD…) are left alone.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from cssselect import SelectorError
from lxml import html as lxml_html
from lxml.cssselect import CSSSelector
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError

from .._extension import metadata
from .build_output import (
    connect_page_editor,
    is_local,
    local_file,
    logger,
    script_sources,
)
from .html_edits import Edits, Tag, scan, start_tag

ORDER = 710  # in the page editing pass

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


# Loads the deferred scripts, in order, once the browser reports the first
# contentful paint (requestAnimationFrame fires before the frame is shown, so
# it is too early); at once in a hidden tab, which does not paint; after a
# second at the latest. Scripts inserted before the load event still delay it.
AFTER_PAINT_LOADER = (
    "<script>(function(scripts){var started=false;function load(){if(started)return;started=true;"
    'scripts.forEach(function(attributes){var script=document.createElement("script");'
    "for(var name in attributes)script.setAttribute(name,attributes[name]);"
    "script.async=false;document.head.appendChild(script)})}"
    "setTimeout(load,1000);"
    'if(document.visibilityState==="hidden")return load();'
    'try{new PerformanceObserver(function(list,observer){if(list.getEntriesByName("first-contentful-paint").length)'
    '{observer.disconnect();setTimeout(load,0)}}).observe({type:"paint",buffered:true})}'
    "catch(error){requestAnimationFrame(function(){setTimeout(load,0)})}})(%s)</script>"
)


def after_paint_safe(code: str | None) -> bool:
    """Whether a script still works when it runs after DOMContentLoaded.

    One that waits for DOMContentLoaded without checking document.readyState
    would never start (sphinx-design's tabs do that); code we cannot read
    (another host) is not trusted either.
    """
    return code is not None and ("DOMContentLoaded" not in code or "readyState" in code)


def defer_page_scripts(
    html: str, conditions: dict[str, CSSSelector], after_paint: bool = False, read_script=lambda src: None
) -> tuple[str, dict[str, int]]:
    """The page with its scripts deferred (or loaded after the first paint) or dropped.

    ``read_script(src)`` returns a script's code (None if unknown), to tell
    whether it can run after the first paint. Returns the page and counts of
    what changed.
    """
    edits = Edits(html)
    counts = add_script_edits(html, scan(html), edits, conditions, after_paint, read_script)
    return (edits.apply() if edits else html), counts


def add_script_edits(
    html: str, tags: Sequence[Tag], edits: Edits, conditions: dict[str, CSSSelector], after_paint: bool, read_script
) -> dict[str, int]:
    """defer_page_scripts's edits, added to ``edits``; returns the counts."""
    counts = {"dropped": 0, "preloads": 0, "deferred": 0, "inline": 0, "after paint": 0}
    dropped = unused_scripts(html, tags, conditions)
    for tag in dropped:
        edits.remove(tag)
        counts["dropped"] += 1
    for tag in tags:
        if (
            tag.name == "link"
            and "preload" in (tag.get("rel") or "").lower().split()
            and (tag.get("as") or "").lower() == "script"
            and is_local(tag.get("href") or "")
        ):
            edits.remove(tag)
            counts["preloads"] += 1
    deferred: list[tuple[Tag, dict[str, str | None], str | None]] = []  # tag, its new attributes, its code
    after_blocking = False  # past a script that blocked parsing: inline scripts may use what it defined
    for tag in tags:
        if tag.name != "script" or tag in dropped or "noscript" in tag.parents or not is_classic_javascript(tag):
            continue
        if tag.has("src") and not tag.has("async"):
            deferred.append((tag, {**tag.attrs, "defer": None}, read_script(tag.get("src"))))
            after_blocking = after_blocking or not tag.has("defer")
        elif after_blocking and not tag.has("src") and tag.content_end is not None:
            code = html[tag.content_start : tag.content_end].strip()
            if code:
                attrs = {k: v for k, v in tag.attrs.items() if k != "type"}
                deferred.append((tag, {**attrs, "defer": None, "src": data_url(code)}, code))
    modules = any(t.name == "script" and (t.get("type") or "").lower() == "module" for t in tags)
    if after_paint and deferred and not modules and all(after_paint_safe(code) for *_, code in deferred):
        for tag, _, _ in deferred:
            edits.remove(tag)
        scripts = [{k: v or "" for k, v in attrs.items() if k != "defer"} for _, attrs, _ in deferred]
        loader = AFTER_PAINT_LOADER % json.dumps(scripts, ensure_ascii=False).replace("</", "<\\/")
        body_end = next((t.content_end for t in tags if t.name == "body" and t.content_end), len(html))
        edits.insert(body_end, loader)
        counts["after paint"] += len(deferred)
    else:
        for tag, attrs, _ in deferred:
            if not tag.has("defer") or not tag.has("src"):
                edits.replace(
                    tag.start,
                    tag.end if not tag.has("src") else tag.start_end,
                    start_tag("script", attrs) + ("</script>" if not tag.has("src") else ""),
                )
                counts["inline" if not tag.has("src") else "deferred"] += 1
    return counts


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


def script_reader(outdir: Path, page: Path, cache: dict[Path, str]):
    """read_script for defer_page_scripts: the code of a data: URL or of a local file."""

    def read(src: str) -> str | None:
        if src.startswith("data:"):
            return unquote(src.split(",", 1)[1])
        path = local_file(outdir, page, src)
        if path is None:
            return None
        if path not in cache:
            cache[path] = path.read_text("utf-8", errors="replace")
        return cache[path]

    return read


class ScriptDeferrer:
    """The page editor: defers or drops every page's scripts."""

    def __init__(self, app: Sphinx):
        self.outdir = Path(app.outdir)
        self.conditions = script_conditions(app.config)
        self.after_paint = app.config.speed_scripts_after_paint
        self.scripts: dict[Path, str] = {}  # the code of the scripts read so far
        self.totals: dict[str, int] = {}

    def edit(self, page: Path, text: str, tags: Sequence[Tag], edits: Edits) -> None:
        counts = add_script_edits(
            text, tags, edits, self.conditions, self.after_paint, script_reader(self.outdir, page, self.scripts)
        )
        for key, value in counts.items():
            self.totals[key] = self.totals.get(key, 0) + value

    def finish(self) -> None:
        logger.info("speed: scripts: %s", ", ".join(f"{v} {k}" for k, v in self.totals.items()))


def setup(app: Sphinx) -> dict:
    connect_page_editor(
        app, "speed_defer_scripts", "Defer scripts and leave out those a page does not use.", ORDER, ScriptDeferrer
    )
    app.add_config_value(
        "speed_scripts_after_paint",
        True,
        "html",
        types=frozenset({bool}),
        description="Load deferred scripts once the first frame is painted.",
    )
    app.add_config_value(
        "speed_script_conditions",
        {},
        "html",
        types=frozenset({dict}),
        description="Script file name -> CSS selector a page must match to keep it ('' keeps it everywhere).",
    )
    return metadata(__name__)
