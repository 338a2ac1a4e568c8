"""An incremental build leaves the same output as a clean one: nothing stale.

Sphinx writes only the pages whose source changed. Two things it leaves
behind, which this extension mends:

* the page of a removed document (and its ``_sources`` copy) stays in the output (and in search engines'
  reach, through its old links): its file goes (the speed steps remove their
  compressed copies of it);
* every page shows the site's navigation, built from the toctrees and the
  titles of the pages in them; when a page is added, removed, renamed or
  moved in a toctree, pages that did not change keep the old navigation (and
  links to a page that is gone). When the navigation changes, every page is
  written again. Pages that are in no toctree (orphans, such as generated
  paper pages) are not part of the navigation, so adding or editing one
  rewrites nothing else;
* Sphinx's search index, loaded from the last build and pruned, keeps every
  word that no page contains any more, with an empty list of pages: those
  words are dropped, so the index equals a clean build's.

Other extensions remove their own per-page files (social cards, downloads).
"""

from __future__ import annotations

import glob
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.search import js_index

from ._extension import metadata


def navigation(env: BuildEnvironment) -> tuple:
    """What every page's navigation is made of: the toctree structure and the titles in it."""
    in_toctrees = {env.config.root_doc}.union(*env.toctree_includes.values())
    structure = tuple(sorted((doc, tuple(env.toctree_includes.get(doc, ()))) for doc in in_toctrees))
    titles = tuple(sorted((doc, env.titles[doc].astext()) for doc in in_toctrees if doc in env.titles))
    return structure, titles


def note_removed(app: Sphinx, env: BuildEnvironment, added, changed, removed) -> list[str]:
    """env-get-outdated: remember the removed documents, whose output goes at the end of the build."""
    env.stale_output_removed = sorted(removed)
    return []


def rewrite_if_navigation_changed(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """env-updated: every document, when the navigation differs from the last build's."""
    now = navigation(env)
    before = getattr(env, "stale_output_navigation", None)
    env.stale_output_navigation = now
    if before is None or before == now:
        return []
    return sorted(env.found_docs)


def remove_stale_pages(app: Sphinx, exception: Exception | None) -> None:
    """build-finished: the output files of the documents removed since the last build."""
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    for docname in getattr(app.env, "stale_output_removed", ()):
        if docname in app.env.found_docs:
            continue  # removed, then added again
        page = outdir / app.builder.get_target_uri(docname)
        if page.suffix != ".html":  # dirhtml: "cv/" is cv/index.html
            page = page / "index.html"
        page.unlink(missing_ok=True)
        source_copy = outdir / "_sources" / docname  # html_copy_source: "<doc><suffix>.txt"
        for copy in source_copy.parent.glob(glob.escape(source_copy.name) + ".*"):
            copy.unlink()
        if page.parent != outdir and page.parent.is_dir() and not any(page.parent.iterdir()):
            page.parent.rmdir()
    app.env.stale_output_removed = []
    prune_search_index(outdir / app.builder.searchindex_filename)


def prune_search_index(path: Path) -> None:
    """Drop the words of the search index that no page contains (Sphinx's own format, rewritten)."""
    try:
        index = js_index.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return  # no index, or one that is not Sphinx's JavaScript format: leave it
    changed = False
    for name in ("terms", "titleterms"):
        words = index.get(name, {})
        empty = [word for word, pages in words.items() if pages == []]
        for word in empty:
            del words[word]
        changed = changed or bool(empty)
    if changed:
        path.write_text(js_index.dumps(index), "utf-8")


def setup(app: Sphinx) -> dict:
    app.connect("env-get-outdated", note_removed)
    app.connect("env-updated", rewrite_if_navigation_changed)
    # Before the speed steps (700+), which read every page of the output.
    app.connect("build-finished", remove_stale_pages, priority=600)
    return metadata(__name__)
