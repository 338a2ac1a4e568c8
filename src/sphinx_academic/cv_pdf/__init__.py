"""cv_pdf: the CV page, typeset as a PDF by the same HTML build, from the same doctree.

No second copy of the CV: each page listed in ``cv_pdf_documents`` is written
to HTML as usual and, from the very doctree the HTML writer gets (references
resolved, the publication list filled in from refs.bib), to Typst markup
(``typst_markup``), which Typst typesets (``typesetting``) into a PDF beside
the page. A Chinese CV page, translated by gettext or written by hand, gets its
Chinese PDF the same way: the PDF's language is the build's (or the page's
setting), which sets Typst's line breaking, quotes and the PDF's /Lang.

Config:
    cv_pdf_documents: {page: output path}, e.g.
        ``{"cv/index": "cv/ruoyu-qin-cv.pdf"}``; a value may also be
        ``{"path": ..., "language": "zh_CN"}`` (default language: ``language``).
    cv_pdf_build: False (``-D cv_pdf_build=0``) builds the pages without their
        PDFs (the benchmark's baseline); the links to them stay.
    cv_pdf_fonts: the font files Typst may use ("<package>/<path>" or a path
        relative to conf.py); default: Source Sans 3 and Noto Sans SC from the
        rendercv-fonts package (PyPI, SIL Open Font License 1.1).

Markup: ``{cv-pdf}`Download PDF``` links to the PDF from any page (``links``).
Classes on the page's elements (``{.cv-name}``, ``{.cv-contact}``) choose their
look in the PDF (``cv.typ``), as CSS does on the page.

What Typst cannot typeset, a node the writer does not know, a missing font:
each is a warning with the page (and line), and the build goes on.

Typst typesets in a thread while Sphinx writes the other pages (it releases the GIL:
the CV of a thousand entries took a second of the build's one core), and the PDF is
written when the build ends, before the steps that look at every file of the output.
"""

from __future__ import annotations

import os
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from weakref import WeakKeyDictionary

from sphinx.application import Sphinx
from sphinx.util import logging

from .._extension import metadata, package_file, site_url
from ..publications import fragments
from . import links
from .links import documents
from .typesetting import font_folder, typeset
from .typst_markup import TypstTranslator, string_literal

logger = logging.getLogger(__name__)

DEFAULT_FONTS = [
    "rendercv_fonts/Source Sans 3/SourceSans3-Regular.ttf",
    "rendercv_fonts/Source Sans 3/SourceSans3-Italic.ttf",
    "rendercv_fonts/Source Sans 3/SourceSans3-Bold.ttf",
    "rendercv_fonts/Source Sans 3/SourceSans3-BoldItalic.ttf",
    "rendercv_fonts/Noto Sans/NotoSansSC-Regular.ttf",
    "rendercv_fonts/Noto Sans/NotoSansSC-Bold.ttf",
]
BUILDERS = {"html", "dirhtml"}  # one page, one file: a PDF beside it


def building_pdfs(app: Sphinx) -> bool:
    return app.builder.name in BUILDERS and bool(app.config.cv_pdf_build)


def typst_language(language: str) -> tuple[str, str | None]:
    """Sphinx's ``zh_CN`` as Typst's ``lang: "zh", region: "cn"``."""
    lang, _, region = language.replace("-", "_").partition("_")
    return lang.lower(), (region.lower() or None)


def document_title(app: Sphinx, page_title: str | None) -> str:
    """The PDF's title, as the HTML page's <title> reads ("CV — Ruoyu Qin")."""
    site = app.config.html_title or app.config.project
    if not page_title:
        return site
    return page_title if site in page_title else f"{page_title} — {site}"


def font_files(app: Sphinx, docname: str) -> list[Path]:
    found = []
    for spec in app.config.cv_pdf_fonts:
        path = package_file(spec, app.confdir)
        if path is None:
            logger.warning(
                "cv_pdf_fonts: font %r is neither a file (relative to conf.py) nor inside an installed package",
                spec,
                location=docname,
                type="cv_pdf",
                subtype="font",
            )
        else:
            found.append(path)
    return found


def markup_for(app: Sphinx, doctree, docname: str, language: str) -> str:
    """The whole Typst document for one page: the template's set-up, then the page."""
    builder = app.builder
    page_url = site_url(app.config, builder.get_target_uri(docname))
    translator = TypstTranslator(doctree, builder, docname, page_url)
    doctree.walkabout(translator)
    if translator.unlinked:
        logger.warning(
            "html_baseurl is not set, so %d link(s) to the site's pages are plain text in the PDF",
            len(translator.unlinked),
            location=docname,
            type="cv_pdf",
            subtype="link",
        )
    lang, region = typst_language(language)
    description = app.env.metadata.get(docname, {}).get("description")
    arguments = {
        "title": string_literal(document_title(app, translator.title)),
        "author": string_literal(app.config.author),
        "description": string_literal(description) if description else "none",
        "lang": string_literal(lang),
        "region": string_literal(region) if region else "none",
    }
    return (
        '#import "cv.typ": cv, entry, styled\n'
        f"#show: cv.with({', '.join(f'{k}: {v}' for k, v in arguments.items())})\n\n" + translator.astext()
    )


class Typesetting:
    """The PDFs being typeset in a build, each in the thread of ``executor``."""

    def __init__(self) -> None:
        self.owner = os.getpid()  # a forked copy of the build (-j) typesets its PDFs itself
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="cv_pdf")
        self.pending: list[tuple[str, Path, str, float, Future]] = []  # save_pdf's arguments, a Typeset to come


_TYPESETTING: WeakKeyDictionary[Sphinx, Typesetting] = WeakKeyDictionary()


def write_pdf(app: Sphinx, doctree, docname: str) -> None:
    """doctree-resolved: typeset a listed page's PDF from the doctree its HTML is written from
    (in a thread, written by :func:`finish_pdfs`)."""
    settings = documents(app.config).get(docname)
    if settings is None or not building_pdfs(app):
        return
    start = time.perf_counter()
    markup = markup_for(app, doctree, docname, settings["language"])
    fonts = font_folder(font_files(app, docname), Path(app.doctreedir, "cv_pdf_fonts"))
    typesetting = _TYPESETTING.get(app)
    if typesetting is None or typesetting.owner != os.getpid():
        save_pdf(docname, app.outdir, settings["path"], start, typeset(markup, fonts))
        return
    job = typesetting.executor.submit(typeset, markup, fonts)
    typesetting.pending.append((docname, app.outdir, settings["path"], start, job))


def save_pdf(docname: str, outdir: Path, path: str, start: float, result) -> None:
    """Write a typeset PDF (or remove the last one if it failed), and report its problems."""
    target = Path(outdir, path)
    for problem in result.problems:
        logger.warning("Typst, typesetting the PDF: %s", problem, location=docname, type="cv_pdf", subtype="typst")
    if result.pdf is None:
        target.unlink(missing_ok=True)  # never serve a PDF older than its page
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(result.pdf)
    logger.info("cv_pdf: wrote %s (%d bytes) in %.2f s", path, len(result.pdf), time.perf_counter() - start)


def start_typesetting(app: Sphinx) -> None:
    """builder-inited: the thread the build's PDFs are typeset in."""
    if building_pdfs(app):
        _TYPESETTING[app] = Typesetting()


def finish_pdfs(app: Sphinx, exception: Exception | None) -> None:
    """build-finished: wait for each PDF and write it (a failed build's too: its page was written)."""
    typesetting = _TYPESETTING.pop(app, None)
    if typesetting is None:
        return
    for *arguments, job in typesetting.pending:
        save_pdf(*arguments, job.result())
    typesetting.executor.shutdown()


def outdated_pdfs(app: Sphinx, env, added, changed, removed) -> list[str]:
    """env-get-outdated: remove the PDF of a page that is gone or no longer listed (or listed
    under another path), as a clean build would not have it; re-read a listed page whose PDF
    is missing from the output.

    ``env.cv_pdf_outputs`` ({page: path}) remembers the PDFs of the last build: it is
    pickled with the environment, which Sphinx saves before it writes anything.
    """
    if not building_pdfs(app):
        return []
    listed = {d: s["path"] for d, s in documents(app.config).items() if d in env.found_docs}
    for docname, path in getattr(env, "cv_pdf_outputs", {}).items():
        if listed.get(docname) != path:
            Path(app.outdir, path).unlink(missing_ok=True)
    env.cv_pdf_outputs = listed
    return [docname for docname, path in listed.items() if not Path(app.outdir, path).is_file()]


def keep_list_elements(app: Sphinx, config) -> None:
    """config-inited: the publication lists of the documents typeset keep the elements the
    typesetter reads (``publications.fragments``)."""
    fragments.keep_elements(app, documents(config))


def setup(app: Sphinx) -> dict:
    app.add_config_value("cv_pdf_documents", {}, "env", types=frozenset({dict}))
    app.add_config_value("cv_pdf_build", True, "env", types=frozenset({bool, int}))
    app.add_config_value("cv_pdf_fonts", DEFAULT_FONTS, "env", types=frozenset({list, tuple}))
    links.register(app)
    app.connect("config-inited", keep_list_elements)
    app.connect("env-get-outdated", outdated_pdfs)
    app.connect("builder-inited", start_typesetting)
    app.connect("doctree-resolved", write_pdf)
    # Before the steps that read every file of the output (page_speed: 500 and later).
    app.connect("build-finished", finish_pdfs, priority=400)
    return metadata(__name__)
