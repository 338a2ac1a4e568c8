"""What crawlers read first: a complete, stable sitemap.xml and a robots.txt.

sphinx-sitemap writes sitemap.xml from the pages written in the current build,
in the order they were written. That drops every unchanged page from an
incremental build's sitemap, and with parallel writing the order changes from
build to build. Just before it writes, this extension hands it every page of
the site (minus ``sitemap_excludes``), sorted; sphinx-sitemap still writes
the file.

robots.txt allows everything and names the sitemap's absolute URL, built
from html_baseurl, so it is right on Read the Docs (served at the domain
root from the default version) and on a custom domain alike.
"""

from __future__ import annotations

import queue
from pathlib import Path
from urllib.parse import urljoin

from sphinx.errors import ConfigError
from sphinx_sitemap import is_excluded


def require_baseurl(app, config) -> None:
    if not config.html_baseurl:
        raise ConfigError("html_baseurl is required: sitemap.xml and robots.txt hold absolute URLs")
    if not config.html_baseurl.endswith("/"):
        # sphinx-sitemap joins html_baseurl and page paths by plain concatenation.
        config.html_baseurl += "/"


def sitemap_links(app) -> list[tuple[str, str | None]]:
    """(link, lastmod) for every page: the documents, plus pages written this build.

    sphinx-sitemap keeps its queue on ``env.app``, which is the application.
    """
    collected = []
    while True:
        try:
            collected.append(app.sitemap_links.get_nowait())
        except queue.Empty:
            break
    links = dict(collected)
    excludes = app.config.sitemap_excludes
    for docname in app.env.found_docs:
        link = app.builder.get_target_uri(docname)
        if not is_excluded(link, excludes):
            links.setdefault(link, None)
    return sorted(links.items())


def complete_sitemap(app, exception) -> None:
    if exception or app.builder.format != "html" or not hasattr(app, "sitemap_links"):
        return
    for item in sitemap_links(app):
        app.sitemap_links.put(item)


def robots_txt(sitemap_url: str) -> str:
    return f"User-agent: *\nAllow: /\n\nSitemap: {sitemap_url}\n"


def write_robots(app, exception) -> None:
    if exception or app.builder.format != "html":
        return
    sitemap_url = urljoin(app.config.html_baseurl, app.config.sitemap_filename)
    Path(app.outdir, "robots.txt").write_text(robots_txt(sitemap_url), "utf-8")


def setup(app):
    app.setup_extension("sphinx_sitemap")
    app.connect("config-inited", require_baseurl)
    # sphinx-sitemap writes at build-finished with the default priority (500).
    app.connect("build-finished", complete_sitemap, priority=400)
    app.connect("build-finished", write_robots)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
