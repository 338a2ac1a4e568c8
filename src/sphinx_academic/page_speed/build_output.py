"""What every post-build step shares: its on/off switch, the built pages, local URLs.

Each step is a ``build-finished`` handler that works on the HTML builder's
output directory, so it sees every page and asset whichever extension made
them, and needs no list of pages. The steps that edit pages do it in one
shared pass (:func:`connect_page_editor`).
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Protocol
from urllib.parse import unquote, urlsplit
from weakref import WeakKeyDictionary

from sphinx.application import Sphinx
from sphinx.util import logging

from ..languages import nested_outputs
from .html_edits import Edits, Tag, scan

logger = logging.getLogger(__name__)

MASTER_SWITCH = "speed_optimise"
HTML_FORMATS = frozenset({"html"})


def add_switch(app: Sphinx, name: str, description: str) -> None:
    """Register a step's on/off config value (and the master switch, once)."""
    if MASTER_SWITCH not in app.config:
        # rebuild="html": switching the steps must rewrite every page.
        app.add_config_value(
            MASTER_SWITCH,
            True,
            "html",
            types=frozenset({bool}),
            description="Run the speed post-build steps (0 builds the stock theme output).",
        )
    app.add_config_value(name, True, "html", types=frozenset({bool}), description=description)


def step_enabled(app: Sphinx, switch: str, exception: Exception | None) -> bool:
    """Whether a post-build step should run for this build."""
    return (
        exception is None
        and app.builder.format in HTML_FORMATS
        and bool(app.config[MASTER_SWITCH])
        and bool(app.config[switch])
    )


def connect_step(app: Sphinx, switch: str, description: str, priority: int, step: Callable[[Sphinx], None]) -> None:
    """Register a step: its switch, and a build-finished handler running it when on."""
    add_switch(app, switch, description)

    def on_build_finished(app: Sphinx, exception: Exception | None) -> None:
        if step_enabled(app, switch, exception):
            step(app)

    app.connect("build-finished", on_build_finished, priority=priority)


class PageEditor(Protocol):
    """A step's changes to the built pages, made in the shared editing pass."""

    def edit(self, page: Path, text: str, tags: Sequence[Tag], edits: Edits) -> None:
        """Add this step's edits of one page (``tags`` is ``scan(text)``)."""

    def finish(self) -> None:
        """After the last page: report what changed."""


# After the steps that rewrite stylesheets (pruning, fonts), which read the
# pages as built; before precompression, which reads them as edited.
EDITING_PRIORITY = 730
_EDITORS: WeakKeyDictionary[Sphinx, list[tuple[int, str, Callable[[Sphinx], PageEditor]]]] = WeakKeyDictionary()


def connect_page_editor(
    app: Sphinx, switch: str, description: str, order: int, editor: Callable[[Sphinx], PageEditor]
) -> None:
    """Register a step that edits pages: its switch, and its editor in the shared pass.

    The pass reads, scans and writes each page once for all the steps that
    edit pages (scanning a page is most of what editing it costs); each
    step's edits are made on the page as built, so they must not overlap.
    ``order`` sorts the editors, ``editor(app)`` starts one for a build.
    """
    add_switch(app, switch, description)
    if app not in _EDITORS:
        _EDITORS[app] = []
        app.connect("build-finished", edit_pages, priority=EDITING_PRIORITY)
    _EDITORS[app].append((order, switch, editor))


def edit_pages(app: Sphinx, exception: Exception | None) -> None:
    editors = [
        start(app)
        for _, switch, start in sorted(_EDITORS.get(app, []), key=lambda e: e[:2])
        if step_enabled(app, switch, exception)
    ]
    if not editors:
        return
    for page in html_files(Path(app.outdir)):
        text = page.read_text("utf-8")
        tags, edits = scan(text), Edits(text)
        for editor in editors:
            editor.edit(page, text, tags, edits)
        if edits:
            try:
                edited = edits.apply()
            except ValueError as error:  # two steps changed the same tag
                raise ValueError(f"{page}: {error}") from error
            page.write_text(edited, "utf-8")
    for editor in editors:
        editor.finish()


# Output folders of assets, not pages (the theme copies Jinja macros to _static).
ASSET_FOLDERS = frozenset({"_static", "_sources", "_images", "_downloads"})


def output_files(outdir: Path, pattern: str = "*") -> list[Path]:
    """The build's own files matching ``pattern``, sorted: not those of another language's build
    nested in its output (``sphinx_academic.languages``), which has its own steps."""
    others = nested_outputs(outdir)
    return sorted(
        path for path in outdir.rglob(pattern) if not others or not any(path.is_relative_to(o) for o in others)
    )


def html_files(outdir: Path) -> Iterator[Path]:
    """Every HTML page of the build, in a stable order."""
    for path in output_files(outdir, "*.html"):
        if not ASSET_FOLDERS.intersection(path.relative_to(outdir).parts[:-1]):
            yield path


def is_local(url: str) -> bool:
    """A URL of this site (not another host, not data:, not a bare fragment)."""
    parts = urlsplit(url)
    return not parts.scheme and not parts.netloc and bool(parts.path)


def local_file(outdir: Path, page: Path, url: str) -> Path | None:
    """The built file a page's URL points to, or None.

    Relative URLs resolve from the page's folder. A root-relative URL (the 404
    page uses them, with a prefix such as ``/en/latest/`` on Read the Docs)
    resolves to the longest tail of its path that exists in the output.
    """
    if not is_local(url):
        return None
    path = unquote(urlsplit(url).path)
    outdir = outdir.resolve()
    if path.startswith("/"):
        parts = path.strip("/").split("/")
        candidates = [outdir.joinpath(*parts[i:]) for i in range(len(parts))]
    else:
        candidates = [page.parent.resolve() / path]
    for candidate in candidates:
        candidate = Path(posixpath.normpath(candidate))
        if candidate.is_file() and candidate.is_relative_to(outdir):
            return candidate
    return None


def rebase_url(url: str, from_href: str) -> str:
    """A URL written in a stylesheet at ``from_href``, rewritten relative to the page instead."""
    if not is_local(url) or url.startswith("/"):
        return url
    parts = urlsplit(from_href)
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(parts.path), url))
    return joined


def stylesheet_links(tags: list) -> list:
    """The page's links to its own stylesheets (outside <noscript>), in document order."""
    return [
        tag
        for tag in tags
        if tag.name == "link"
        and "stylesheet" in (tag.get("rel") or "").lower().split()
        and "alternate" not in (tag.get("rel") or "").lower().split()
        and "noscript" not in tag.parents
        and is_local(tag.get("href") or "")
    ]


INLINED_FROM = "data-inlined-from"  # on an inlined <style>: the hrefs of the links it replaced


def stylesheet_hrefs(tags: list) -> list[str]:
    """The site's own stylesheets a page uses: linked, or inlined by an earlier build."""
    hrefs = [tag.get("href") for tag in stylesheet_links(tags)]
    for tag in tags:
        if tag.name == "style" and tag.get(INLINED_FROM):
            hrefs += tag.get(INLINED_FROM).split()
    return hrefs


def script_sources(tags: list) -> list:
    """The page's <script src> elements pointing to its own files, in document order."""
    return [tag for tag in tags if tag.name == "script" and is_local(tag.get("src") or "")]
