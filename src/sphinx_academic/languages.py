"""One site in several languages: where each language's pages live, and how pages point to each other.

The site is built once per language from the same sources (gettext catalogs
translate them), so every document exists in every language under the same
name. ``languages`` maps each Sphinx language to the path of its site under
the default language's (the first one's)::

    languages = {"en": "", "zh_CN": "zh/"}

Two layouts:

* **One output** (``make html``): the default language at ``html_baseurl``, the
  others nested in it (``zh/``), each a build of its own (``-D language=zh_CN``
  into ``<outdir>/zh``). A nested build moves the URL settings conf.py derives
  from ``html_baseurl`` (``html_baseurl`` itself, ``ogp_site_url``,
  ``notfound_urls_prefix``) under its prefix, and marks its output folder
  (:data:`NESTED_OUTPUT_MARKER`) so that the default build's post-build steps
  leave it alone.
* **Read the Docs**: each language is a project of its own, the others
  translations of the default one's, served at ``/<language>/<version>/``
  (``/zh-cn/latest/``). Read the Docs sets ``READTHEDOCS_LANGUAGE`` and the
  canonical URL (which conf.py takes for ``html_baseurl``); the other
  languages' URLs are that URL with its language segment replaced.

Every page then gets, in its ``<head>``, ``<link rel="alternate" hreflang>``
to itself in every language plus ``x-default`` (the default language), by
absolute canonical URLs, and the template context ``language_links``: one
link per language, with a relative ``href`` to the same page there (the
header's language switcher, ``_templates/language-switcher.html``, draws
them). Pages in ``languages_exclude`` (the 404 page, served at every unknown
URL) get no alternates, and their switcher leads to the other language's home.

Config:
    languages: {Sphinx language: path under the default language's site}.
    languages_labels: {Sphinx language: (link text, accessible name)}, each in
        that language (defaults for English and Chinese).
    languages_exclude: documents without alternates.
"""

from __future__ import annotations

import html
import os
import posixpath
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from sphinx.util import logging

from ._extension import config_location, metadata

logger = logging.getLogger(__name__)

#: Written into a nested language build's output folder: the enclosing build's steps skip it.
NESTED_OUTPUT_MARKER = ".nested-language-site"

DEFAULT_LABELS = {
    "en": ("English", "English version of this page"),
    "zh_cn": ("中文", "本页的中文版"),
}


def key(language: str | None) -> str:
    """A language as compared: "zh_CN", "zh-CN" and "zh-cn" are one."""
    return (language or "").replace("-", "_").lower()


def language_tag(language: str) -> str:
    """BCP 47, as HTML, XML and sitemaps write it: "zh_CN" -> "zh-CN"."""
    return language.replace("_", "-")


def readthedocs_code(language: str) -> str:
    """Read the Docs' code for a language, as in its URLs: "zh_CN" -> "zh-cn"."""
    return language.replace("_", "-").lower()


def configured(config) -> dict[str, str]:
    """``languages`` by comparison key, in order: {"en": "", "zh_cn": "zh/"}."""
    return {key(language): prefix for language, prefix in (config.languages or {}).items()}


def current(config) -> str | None:
    """The comparison key of the language being built, if ``languages`` lists it."""
    language = key(config.language)
    return language if language in configured(config) else None


def default(config) -> str | None:
    """The default language (the first): x-default, and the one at the root."""
    return next(iter(configured(config)), None)


def on_readthedocs() -> bool:
    return bool(os.environ.get("READTHEDOCS_LANGUAGE") and os.environ.get("READTHEDOCS_CANONICAL_URL"))


def with_slash(url: str) -> str:
    return url if url.endswith("/") else url + "/"


def readthedocs_bases(languages, canonical: str, building: str) -> dict[str, str] | None:
    """Each language's site on Read the Docs, from the canonical URL of the one being built."""
    parts = urlsplit(with_slash(canonical))
    segments = parts.path.split("/")
    # "zh-cn" in its URLs (older projects: "zh_CN"). Read the Docs' URLs end in
    # /<language>/<version>/, so the language is the segment before the version, even when
    # a version is named like a language; else the last such segment (a domain may have a path).
    named = [i for i, segment in enumerate(segments) if segment]
    found = [i for i, segment in enumerate(segments) if key(segment) == key(building)]
    if len(named) >= 2 and named[-2] in found:
        at = named[-2]
    elif found:
        at = found[-1]
    else:
        return None
    bases = {}
    for language in languages:
        path = "/".join([*segments[:at], readthedocs_code(language), *segments[at + 1 :]])
        bases[language] = urlunsplit((parts.scheme, parts.netloc, path, "", ""))
    return bases


def configure(app, config) -> None:
    """config-inited: each language's absolute base URL, and the build's own URL settings."""
    languages = configured(config)
    config.languages_bases = {}
    if not languages:
        return
    building = current(config)
    if building is None:
        logger.warning(
            "language %r is not one of `languages` (%s): its pages get no links to other languages",
            config.language,
            ", ".join(config.languages),
            location=config_location(app, "languages"),
            type="languages",
        )
        return
    root = config.html_baseurl
    if not root:
        return  # no absolute URLs anywhere (page_metadata and crawler_files say so)
    if on_readthedocs():
        bases = readthedocs_bases(
            languages, os.environ["READTHEDOCS_CANONICAL_URL"], os.environ["READTHEDOCS_LANGUAGE"]
        )
        if bases is None:
            logger.warning(
                "READTHEDOCS_CANONICAL_URL %r has no /%s/ segment: pages get no links to other languages",
                os.environ["READTHEDOCS_CANONICAL_URL"],
                os.environ["READTHEDOCS_LANGUAGE"],
                type="languages",
            )
            return
        config.languages_bases = bases
        return
    bases = {language: with_slash(root.rstrip("/") + "/" + prefix.strip("/")) for language, prefix in languages.items()}
    config.languages_bases = bases
    own = bases[building]
    if own == with_slash(root):
        return
    for name in ("html_baseurl", "ogp_site_url"):
        if name in config and config[name] and with_slash(config[name]) == with_slash(root):
            config[name] = own
    if "notfound_urls_prefix" in config and config.notfound_urls_prefix == urlsplit(root).path:
        config.notfound_urls_prefix = urlsplit(own).path


def is_nested(config) -> bool:
    """Whether this build's output is a folder inside the default language's (one output)."""
    building, first = current(config), default(config)
    return bool(building and building != first and not on_readthedocs() and config.languages_bases)


def mark_nested_output(app) -> None:
    """builder-inited: a nested build marks its folder at once, before the enclosing build's steps run."""
    if is_nested(app.config):
        Path(app.outdir).mkdir(parents=True, exist_ok=True)
        Path(app.outdir, NESTED_OUTPUT_MARKER).write_text(language_tag(app.config.language) + "\n", "utf-8")


def nested_outputs(outdir: Path) -> set[Path]:
    """The folders of ``outdir`` that hold another language's build (one level down)."""
    if not outdir.is_dir():
        return set()
    return {path.parent for path in outdir.glob(f"*/{NESTED_OUTPUT_MARKER}")}


def page_path(app, docname: str, canonical: bool) -> str:
    """The page's path under its language's site; the root document's canonical one is ""."""
    if canonical and docname == app.config.root_doc:
        return ""
    return app.builder.get_target_uri(docname)


def page_urls(app, docname: str, *, canonical: bool = True) -> dict[str, str]:
    """{language key: absolute URL of ``docname`` in that language}, in ``languages`` order."""
    path = page_path(app, docname, canonical)
    return {language: base + path for language, base in app.config.languages_bases.items()}


def relative_url(from_url: str, to_url: str) -> str:
    """``to_url`` relative to the page at ``from_url`` when both are on one host, else as is."""
    source, target = urlsplit(from_url), urlsplit(to_url)
    if (source.scheme, source.netloc) != (target.scheme, target.netloc):
        return to_url
    start = posixpath.dirname(source.path) or "/"
    relative = posixpath.relpath(target.path, start)
    if target.path.endswith("/") and not relative.endswith("/"):
        relative += "/"
    return relative


def labels(config, language: str) -> tuple[str, str]:
    given = {key(name): tuple(value) for name, value in config.languages_labels.items()}
    text = given.get(language) or DEFAULT_LABELS.get(language) or (language_tag(language), language_tag(language))
    return text[0], text[1]


def tags(config) -> dict[str, str]:
    """{language key: BCP 47 tag as configured ("zh-CN")}."""
    return {key(language): language_tag(language) for language in config.languages}


def alternates(app, docname: str) -> list[tuple[str, str]]:
    """``docname``'s (hreflang, canonical URL) in every language, then ``x-default`` (the default
    language's): the page's alternate links and its sitemap entry's."""
    config = app.config
    urls = page_urls(app, docname)
    language_tags = tags(config)
    return [*((language_tags[language], url) for language, url in urls.items()), ("x-default", urls[default(config)])]


def add_language_links(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    """html-page-context: the alternates in <head>, and the switcher's links."""
    config = app.config
    building = current(config)
    if not config.languages_bases or building is None:
        return
    language_tags = tags(config)
    excluded = pagename in config.languages_exclude
    if excluded:
        # Root-relative: the page is served at any URL.
        hrefs = {language: urlsplit(base).path for language, base in config.languages_bases.items()}
    else:
        targets = page_urls(app, pagename, canonical=False)
        hrefs = {language: relative_url(targets[building], url) for language, url in targets.items()}
        context["metatags"] = context.get("metatags", "") + "".join(
            f'<link rel="alternate" hreflang="{tag}" href="{html.escape(url)}" />\n'
            for tag, url in alternates(app, pagename)
        )
    context["language_links"] = [
        {
            "tag": language_tags[language],
            "href": href,
            "text": labels(config, language)[0],
            "label": labels(config, language)[1],
            "current": language == building,
        }
        for language, href in hrefs.items()
    ]


def setup(app):
    app.add_config_value("languages", {}, "html", types=frozenset({dict}))
    app.add_config_value("languages_labels", {}, "html", types=frozenset({dict}))
    app.add_config_value("languages_exclude", [], "html", types=frozenset({list, tuple}))
    # Computed at config-inited from the settings above and the environment: not set in conf.py.
    app.add_config_value("languages_bases", {}, "html", types=frozenset({dict}))
    # Early: the other extensions read html_baseurl after this has moved it under the language's prefix.
    app.connect("config-inited", configure, priority=100)
    app.connect("builder-inited", mark_nested_output)
    # After page_metadata (400), which decides the canonical URL.
    app.connect("html-page-context", add_language_links, priority=450)
    return metadata(__name__)
