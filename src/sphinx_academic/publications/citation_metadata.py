"""Citation metadata for paper pages: Google Scholar ``citation_*`` meta tags and JSON-LD.

Google Scholar's inclusion guidelines read ``<meta name="citation_*">`` tags
in the page's head; search engines read a schema.org ``ScholarlyArticle``.
Both are built from the entry and placed in ``<head>`` through the
``metatags`` variable of the page context.
"""

from __future__ import annotations

import html

from sphinx.application import Sphinx

from .._extension import site_url
from ..jsonld import person_id, script_tag
from . import environment, latex
from .model import Entry


def scholar_tags(entry: Entry, page_url: str | None) -> list[tuple[str, str]]:
    """(name, content) pairs in Google Scholar's order: title, authors in order, date, venue, ..."""
    tags = [("citation_title", entry.title)]
    tags += [("citation_author", author.name) for author in entry.authors]
    date = f"{entry.year}/{entry.month:02d}" if entry.month else str(entry.year)
    tags.append(("citation_publication_date", date))
    venue_tag = entry.type_info.scholar_venue_tag
    preprint = entry.category == "preprint"
    if venue_tag and entry.venue:
        tags.append((venue_tag, "arXiv" if preprint else entry.venue))
    details = entry.details
    for field, tag in (("volume", "citation_volume"), ("number", "citation_issue")):
        if details.get(field) and not preprint:  # a CoRR volume is the arXiv id
            tags.append((tag, details[field]))
    if entry.pages:
        tags += [("citation_firstpage", entry.pages[0]), ("citation_lastpage", entry.pages[1])]
    for field, tag in (
        ("isbn", "citation_isbn"),
        ("issn", "citation_issn"),
        ("doi", "citation_doi"),
        ("publisher", "citation_publisher"),
    ):
        if details.get(field):
            tags.append((tag, details[field]))
    if preprint:
        # Google Scholar's guidelines: a preprint is a technical report, its number the arXiv id.
        tags.append(("citation_technical_report_number", f"arXiv:{entry.arxiv.number}"))
        tags.append(("citation_arxiv_id", entry.arxiv.number))
    pdf = entry.link("pdf")
    if pdf:
        tags.append(("citation_pdf_url", pdf.url))
    if page_url:
        tags.append(("citation_abstract_html_url", page_url))
    return tags


def json_ld(entry: Entry, page_url: str | None, owner_names, owner_id: str | None) -> dict:
    """A schema.org ScholarlyArticle; the owner's author object carries ``owner_id``."""
    owners = {latex.name_key(n) for n in owner_names}
    authors = []
    for author in entry.authors:
        person = {"@type": "Person", "name": author.name}
        if owner_id and latex.name_key(author.name) in owners:
            person["@id"] = owner_id
        authors.append(person)
    data = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle",
        "name": entry.title,
        "headline": entry.title,
        "author": authors,
        "datePublished": f"{entry.year}-{entry.month:02d}" if entry.month else str(entry.year),
    }
    container = entry.type_info.container_type
    if container and entry.venue:
        part_of = {"@type": container, "name": entry.venue}
        if entry.details.get("isbn"):
            part_of["isbn"] = entry.details["isbn"]
        if entry.details.get("publisher"):
            part_of["publisher"] = {"@type": "Organization", "name": entry.details["publisher"]}
        data["isPartOf"] = part_of
    if entry.pages:
        data["pageStart"], data["pageEnd"] = entry.pages
    if entry.abstract:
        data["abstract"] = "\n\n".join(entry.abstract)
    if page_url:
        data["url"] = page_url
    # The same work elsewhere: the publisher's page and the DOI. A preprint is
    # left out: it may be an earlier version with another title.
    same_as = [link.url for link in entry.links if link.kind in ("publisher", "doi")]
    if same_as:
        data["sameAs"] = same_as
    if entry.award:
        data["award"] = entry.award
    return data


def meta_tags(tags: list[tuple[str, str]]) -> str:
    return "\n".join(
        f'<meta name="{html.escape(name, quote=True)}" content="{html.escape(content, quote=True)}">'
        for name, content in tags
    )


def add_to_head(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """html-page-context: paper pages get their meta tags and JSON-LD in <head>."""
    pages_dir = app.config.publications_pages_dir
    if not pagename.startswith(pages_dir + "/"):
        return
    entry = environment.bibliography(app.env).by_page(pagename[len(pages_dir) + 1 :])
    if entry is None or doctree is None:
        return
    base = site_url(app.config)
    page_url = site_url(app.config, app.builder.get_target_uri(pagename))
    owner_id = person_id(base) if base else None
    head = meta_tags(scholar_tags(entry, page_url))
    head += "\n" + script_tag(json_ld(entry, page_url, app.config.publications_owner_names, owner_id))
    context["metatags"] = context.get("metatags", "") + "\n" + head + "\n"


def register(app: Sphinx) -> None:
    app.connect("html-page-context", add_to_head)
