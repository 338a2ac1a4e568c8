"""What crawlers read first: a complete, stable sitemap.xml and a robots.txt.

sitemap.xml lists every page of the site, by its canonical URL under
``html_baseurl`` (the home page's is the site root), sorted, whatever the builder (``html`` or ``dirhtml``) and
whether the build was clean or incremental. It is written here rather than by
sphinx-sitemap, which lists only the pages written in the current build (an
incremental build's sitemap lost every unchanged page, and reading its queue
to fix that means using its private state) and whose URL scheme cannot
express a site with its languages under different prefixes of one output.

A site in several languages (``sphinx_academic.languages``) has one sitemap,
written by the default language's build: every page in every language, each
``<url>`` with ``<xhtml:link rel="alternate" hreflang>`` to all its versions
(itself included, as Google asks) and ``x-default``. A language build nested
in the default one's output writes no crawler files.

robots.txt allows everything and names the sitemap's absolute URL, built
from html_baseurl, so it is right on Read the Docs (served at the domain
root from the default version) and on a custom domain alike.

Config:
    crawler_files_exclude: document names left out of the sitemap (pages that
        are not worth finding, such as the 404 page). Sphinx's own generated
        pages (search, genindex) are never listed.
    crawler_files_sitemap: the sitemap's file name (default ``sitemap.xml``).
"""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree as ET

from sphinx.util import logging

from . import languages
from ._extension import metadata, page_url, site_url

logger = logging.getLogger(__name__)

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"


def sitemap_entries(app) -> list[tuple[str, list[tuple[str, str]]]]:
    """Every document but the excluded ones: (absolute URL, its alternates), sorted by URL.

    In several languages, each language's URL of a document is an entry, each with the
    document's (hreflang, URL) in every language and x-default; in one, no alternates."""
    excluded = set(app.config.crawler_files_exclude)
    docnames = [docname for docname in app.env.found_docs if docname not in excluded]
    if not app.config.languages_bases:
        return sorted((page_url(app, docname), []) for docname in docnames)
    return sorted(
        (url, links)
        for links in (languages.alternates(app, docname) for docname in docnames)
        for tag, url in links
        if tag != "x-default"
    )


def sitemap_xml(entries: list[tuple[str, list[tuple[str, str]]]]) -> bytes:
    """The sitemap: one <url> per (URL, alternates) entry, with an xhtml:link per alternate."""
    ET.register_namespace("", SITEMAP_NS)
    ET.register_namespace("xhtml", XHTML_NS)
    urlset = ET.Element(f"{{{SITEMAP_NS}}}urlset")
    for url, links in entries:
        entry = ET.SubElement(urlset, f"{{{SITEMAP_NS}}}url")
        ET.SubElement(entry, f"{{{SITEMAP_NS}}}loc").text = url
        for tag, href in links:
            ET.SubElement(entry, f"{{{XHTML_NS}}}link", rel="alternate", hreflang=tag, href=href)
    ET.indent(urlset)
    return ET.tostring(urlset, encoding="utf-8", xml_declaration=True) + b"\n"


def robots_txt(sitemap_url: str) -> str:
    return f"User-agent: *\nAllow: /\n\nSitemap: {sitemap_url}\n"


def write_crawler_files(app, exception) -> None:
    if exception or app.builder.format != "html" or languages.is_nested(app.config):
        return
    config = app.config
    if not config.html_baseurl:
        logger.warning(
            "html_baseurl is not set: sitemap.xml and robots.txt need absolute URLs, so neither is written",
            type="crawler_files",
        )
        return
    Path(app.outdir, config.crawler_files_sitemap).write_bytes(sitemap_xml(sitemap_entries(app)))
    sitemap_url = site_url(config, config.crawler_files_sitemap)
    Path(app.outdir, "robots.txt").write_text(robots_txt(sitemap_url), "utf-8")


def setup(app):
    app.setup_extension("sphinx_academic.languages")  # its config: the site's languages, if any
    app.add_config_value("crawler_files_exclude", [], "html", types=frozenset({list, tuple}))
    app.add_config_value("crawler_files_sitemap", "sitemap.xml", "html", types=frozenset({str}))
    app.connect("build-finished", write_crawler_files)
    return metadata(__name__)
