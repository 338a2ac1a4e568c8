"""The ``{cv-pdf}`` role: a link to a CV page's PDF from any page.

``{cv-pdf}`Download PDF``` links to the PDF of the one page listed in
``cv_pdf_documents``; ``{cv-pdf}`CV (PDF) <cv/index>``` names the page when
several are listed. The link is relative to the page that holds it, made when
the page is written (``doctree-resolved``), when its URL is known. The PDF writer leaves these links
out: a PDF does not link to itself.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.util import logging
from sphinx.util.docutils import ReferenceRole
from sphinx.util.osutil import relative_uri

from .._extension import site_url

logger = logging.getLogger(__name__)


class cv_pdf_reference(nodes.reference):  # noqa: N801 (docutils naming)
    """A link to the PDF of the page ``cv_document``; its ``refuri`` is set per builder."""


def documents(config) -> dict[str, dict]:
    """``cv_pdf_documents`` as {docname: {"path": ..., "language": ...}} (a plain path is accepted)."""
    result = {}
    for docname, value in (config.cv_pdf_documents or {}).items():
        settings = {"path": value} if isinstance(value, str) else dict(value)
        settings.setdefault("language", config.language or "en")
        result[docname] = settings
    return result


class CvPdfRole(ReferenceRole):
    def run(self):
        listed = documents(self.config)
        target = self.target if self.has_explicit_title else None
        if target is None and len(listed) == 1:
            target = next(iter(listed))
        if target not in listed:
            choices = ", ".join(sorted(listed)) or "none"
            logger.warning(
                "cv-pdf: %s; cv_pdf_documents lists: %s. Write {cv-pdf}`text <page>` with one of them",
                f"no PDF is built for {target!r}" if target else "which CV page's PDF?",
                choices,
                location=(self.env.docname, self.lineno),
                type="cv_pdf",
                subtype="role",
            )
            return [nodes.inline(self.rawtext, self.title)], []
        node = cv_pdf_reference(self.rawtext, self.title, cv_document=target, internal=True, classes=["cv-pdf-link"])
        return [node], []


def resolve_links(app, doctree: nodes.document, docname: str) -> None:
    """doctree-resolved: point each ``{cv-pdf}`` link at its PDF, relative to the page being written."""
    listed = documents(app.config)
    for node in list(doctree.findall(cv_pdf_reference)):
        settings = listed.get(node["cv_document"])
        if settings is not None and app.builder.format == "html":
            node["refuri"] = relative_uri(app.builder.get_target_uri(docname), settings["path"])
        elif settings is not None and site_url(app.config):
            node["refuri"] = site_url(app.config, settings["path"])
        else:  # no PDF to point to (the setting changed, or no site URL for this output)
            node.replace_self(nodes.inline("", node.astext()))


def register(app) -> None:
    app.add_node(cv_pdf_reference)
    app.add_role("cv-pdf", CvPdfRole())
    app.connect("doctree-resolved", resolve_links, priority=400)
