"""Citation metadata for paper pages: what Google Scholar, Zotero, link previews and search engines read.

Built from the entry and placed in ``<head>`` through the ``metatags`` (and, for
the OpenGraph tags that sphinxext-opengraph writes, ``meta``) of the page context.

- **Google Scholar** (its inclusion guidelines) reads ``<meta name="citation_*">``.
- **Zotero**'s Embedded Metadata translator (zotero/translators, ``Embedded
  Metadata.js``, which the Zotero Connector runs on a page like this) reads the
  same tags, and OpenGraph, Dublin Core and EPrints tags through its RDF
  translator. Its source decides what is written here:

  * the item type is that of the *last* venue tag on the page:
    ``citation_inbook_title`` (a book section) then ``citation_conference_title``
    (a conference paper) gives a conference paper whose proceedingsTitle is the
    proceedings (the first tag) and whose conferenceName is the conference;
  * ``og:type`` "website" makes the page a web page before the Highwire tags are
    read, and copies ``og:site_name`` (the site owner's name) into its publication
    title; so a paper page is an OpenGraph "article" (or "book");
  * without ``citation_abstract`` the abstract is the meta description, trimmed;
  * the place comes from the EPrints tags (``eprints.event_location`` for a
    conference, ``eprints.place_of_pub`` otherwise); the types no Highwire tag
    names (a book, a preprint, other works) from ``dcterms.type``, a Zotero
    item type; a preprint's arXiv id is its ``citation_technical_report_number``
    (Zotero's archiveID) and arXiv its ``citation_publisher`` (the repository).

- **Link unfurlers and reader modes** get the page's own date, the paper's
  (``article:published_time``, and ``datePublished`` in the JSON-LD).
- **Search engines** read a schema.org ``ScholarlyArticle`` (JSON-LD), whose
  ``@id`` is ``<page URL>#article`` and whose owner author is the site's Person.
"""

from __future__ import annotations

import html

from sphinx.application import Sphinx

from .._extension import page_url as canonical_url
from .._extension import site_url
from ..jsonld import person_base, person_id, script_tag
from . import environment, latex
from .model import Author, Entry


def iso_date(entry: Entry) -> str:
    """ "2025", "2025-02" or "2025-02-25": the publication date as far as the entry gives it."""
    parts = [str(entry.year)]
    if entry.month:
        parts.append(f"{entry.month:02d}")
        if entry.day:
            parts.append(f"{entry.day:02d}")
    return "-".join(parts)


def author_name(author: Author) -> str:
    """ "Last, First", which no reader splits wrongly ("van Beethoven, Ludwig"); the name as
    written when it is not "First Last" (a lineage, a single name)."""
    first = author.name.removesuffix(" " + author.last_name)
    if first == author.name or not first:
        return author.name
    return f"{author.last_name}, {first}"


def scholar_tags(entry: Entry, page_url: str | None) -> list[tuple[str, str]]:
    """(name, content) pairs in Google Scholar's order: title, authors in order, date, venue, ..."""
    tags = [("citation_title", entry.title)]
    tags += [("citation_author", author_name(author)) for author in entry.authors]
    tags.append(("citation_publication_date", iso_date(entry).replace("-", "/")))
    details = entry.details
    venue_tag = entry.type_info.scholar_venue_tag
    preprint = entry.category == "preprint"
    if venue_tag and entry.venue:
        if venue_tag == "citation_conference_title":
            # The proceedings first, the conference last: the last venue tag is Zotero's item type.
            tags.append(("citation_inbook_title", details.get("booktitle") or entry.venue))
            tags.append((venue_tag, details.get("eventtitle") or entry.venue))
        else:
            tags.append((venue_tag, entry.venue))
    for field, tag in (("volume", "citation_volume"), ("number", "citation_issue")):
        if not details.get(field) or preprint:  # a CoRR volume is the arXiv id
            continue
        if field == "number" and entry.category == "report":  # the report's number, below
            continue
        tags.append((tag, details[field]))
    if entry.pages:
        tags += [("citation_firstpage", entry.pages[0]), ("citation_lastpage", entry.pages[1])]
    for field, tag in (("isbn", "citation_isbn"), ("issn", "citation_issn"), ("doi", "citation_doi")):
        if details.get(field):
            tags.append((tag, details[field]))
    publisher = details.get("publisher") or ("arXiv" if preprint else None)
    if publisher:
        tags.append(("citation_publisher", publisher))
    if preprint:
        # Google Scholar's guidelines: a preprint is a technical report, its number the arXiv id.
        tags.append(("citation_technical_report_number", f"arXiv:{entry.arxiv.number}"))
        tags.append(("citation_arxiv_id", entry.arxiv.number))
    elif entry.category == "report" and details.get("number"):
        tags.append(("citation_technical_report_number", details["number"]))
    if entry.abstract:
        tags.append(("citation_abstract", "\n\n".join(entry.abstract)))
    pdf = entry.link("pdf")
    if pdf:
        tags.append(("citation_pdf_url", pdf.url))
    if page_url:
        tags.append(("citation_abstract_html_url", page_url))
    return tags


def reference_manager_tags(entry: Entry) -> list[tuple[str, str]]:
    """What Zotero needs beyond the Highwire tags: the item type they cannot name, and the place."""
    tags = []
    if entry.type_info.zotero_type:
        tags.append(("dcterms.type", entry.type_info.zotero_type))
    place = entry.details.get("address")
    if place:
        name = "eprints.event_location" if entry.category == "conference" else "eprints.place_of_pub"
        tags.append((name, place))
    return tags


def opengraph(entry: Entry) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """The page's og: fields (for sphinxext-opengraph) and the other OpenGraph properties."""
    kind = entry.type_info.opengraph_type
    date_property = "book:release_date" if kind == "book" else "article:published_time"
    return {"og:type": kind}, [(date_property, iso_date(entry))]


def json_ld(entry: Entry, page_url: str | None, owner_names, owner_id: str | None) -> dict:
    """A schema.org ScholarlyArticle; the owner's author object carries ``owner_id``."""
    owners = {latex.name_key(n) for n in owner_names}
    authors = []
    for author in entry.authors:
        person = {"@type": "Person", "name": author.name}
        if owner_id and latex.name_key(author.name) in owners:
            person["@id"] = owner_id
        authors.append(person)
    data = {"@context": "https://schema.org", "@type": "ScholarlyArticle"}
    if page_url:
        data["@id"] = f"{page_url}#article"
    data |= {
        "name": entry.title,
        "headline": entry.title,
        "author": authors,
        "datePublished": iso_date(entry),
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


def meta_tags(tags: list[tuple[str, str]], attribute: str = "name") -> str:
    return "\n".join(
        f'<meta {attribute}="{html.escape(name, quote=True)}" content="{html.escape(content, quote=True)}">'
        for name, content in tags
    )


def add_to_head(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """html-page-context: paper pages get their meta tags, OpenGraph type and date, and JSON-LD."""
    pages_dir = app.config.publications_pages_dir
    if not pagename.startswith(pages_dir + "/"):
        return
    entry = environment.bibliography(app.env).by_page(pagename[len(pages_dir) + 1 :])
    if entry is None or doctree is None:
        return
    base = site_url(app.config)
    page_url = canonical_url(app, pagename)
    owner_id = person_id(person_base(app.config, base)) if base else None
    fields, properties = opengraph(entry)
    context["meta"] = {**(context.get("meta") or {}), **fields}  # a copy: env metadata stays as read
    head = meta_tags(scholar_tags(entry, page_url) + reference_manager_tags(entry))
    head += "\n" + meta_tags(properties, attribute="property")
    head += "\n" + script_tag(json_ld(entry, page_url, app.config.publications_owner_names, owner_id))
    context["metatags"] = context.get("metatags", "") + "\n" + head + "\n"


def register(app: Sphinx) -> None:
    # After page_metadata (400), which sets the page's og: fields, before sphinxext-opengraph
    # (500), which writes them.
    app.connect("html-page-context", add_to_head, priority=450)
