"""The field vocabulary of a publications BibTeX file: what each field means to the engine.

Everything the engine knows about BibTeX lives here, as data, so that the rules
are read in one place and changed in one place. Three kinds of fields exist:

* citation fields (``CITATION_FIELDS``): standard BibTeX/biblatex fields. They
  form the citation and are kept, exactly as written, in the BibTeX that
  visitors see, copy and download;
* site-only fields (``SITE_FIELDS`` and ``LINK_FIELDS``): presentation data for
  the site. They are stripped from every exported BibTeX record;
* anything else is an error, so that a typo (``slide = {...}``) fails the build
  instead of silently dropping a link.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EntryType:
    """How one BibTeX entry type is shown and what it must contain."""

    category: str  #: filter value and ``data-type`` attribute
    label: str  #: human name of the category, in filters
    venue_field: str | None  #: field naming where it appeared (required when set)
    scholar_venue_tag: str | None  #: Google Scholar meta tag for that field
    container_type: str | None  #: schema.org type of what it is part of (JSON-LD)


ENTRY_TYPES: dict[str, EntryType] = {
    "inproceedings": EntryType("conference", "Conference paper", "booktitle", "citation_conference_title", "Book"),
    "conference": EntryType("conference", "Conference paper", "booktitle", "citation_conference_title", "Book"),
    "article": EntryType("journal", "Journal article", "journal", "citation_journal_title", "Periodical"),
    "incollection": EntryType("chapter", "Book chapter", "booktitle", "citation_inbook_title", "Book"),
    "book": EntryType("book", "Book", "publisher", None, None),
    "phdthesis": EntryType("thesis", "Thesis", "school", "citation_dissertation_institution", None),
    "mastersthesis": EntryType("thesis", "Thesis", "school", "citation_dissertation_institution", None),
    "techreport": EntryType("report", "Technical report", "institution", "citation_technical_report_institution", None),
    "misc": EntryType("other", "Other", None, None, None),
    "unpublished": EntryType("other", "Other", None, None, None),
}

#: Fields every entry needs, whatever its type (the type adds its venue field).
REQUIRED_FIELDS = ("author", "title", "year")

#: Standard BibTeX and biblatex fields: kept in the exported citation.
CITATION_FIELDS = frozenset(
    """
    address author booktitle chapter doi edition editor howpublished institution isbn issn
    journal journaltitle month note number organization pages publisher school series title
    type url urldate volume year date location eventtitle language keywords
    """.split()
)


@dataclass(frozen=True)
class LinkKind:
    """A typed link: the ``data-kind`` value, its visible label and how the URL is made."""

    kind: str
    label: str
    url_template: str | None = None  #: for identifiers: "{}" is replaced by the value


#: Fields that become typed links, in display order. ``url`` and ``doi`` are
#: citation fields (kept in the BibTeX); the others are site-only.
LINK_FIELDS: dict[str, LinkKind] = {
    "pdf": LinkKind("pdf", "PDF"),
    "slides": LinkKind("slides", "Slides"),
    "video": LinkKind("video", "Video"),
    "code": LinkKind("code", "Code"),
    "eprint": LinkKind("preprint", "Preprint", "https://arxiv.org/abs/{}"),
    "doi": LinkKind("doi", "DOI", "https://doi.org/{}"),
    "url": LinkKind("publisher", "Publisher page"),
}

#: Site-only fields that are not links: presentation data, never exported.
SITE_FIELDS = frozenset(
    {
        "venue_short",  # badge text, e.g. "FAST '25"
        "award",  # award badge text
        "abstract",  # shown in a disclosure and on the paper page; blank lines split paragraphs
        "selected",  # "true" puts the entry in the selected-publications list
        "equal_contribution",  # "A and B": authors who contributed equally (names as in author)
        "corresponding",  # "A and B": corresponding authors (names as in author)
        "eventdate",  # biblatex form: 2025-02-25 or 2025-02-25/2025-02-27
        "venue",  # biblatex meaning: where the event took place, e.g. "Santa Clara, CA, USA"
        "eprinttype",  # biblatex meaning: the archive of eprint; only "arxiv" is understood
        "eprint_note",  # how the preprint relates to the paper, e.g. "earlier version"
        "eprint_title",  # the preprint's own title, when it differs from the paper's
        "preview",  # al-folio's preview image: a path relative to the BibTeX file, e.g. figures/x.png
    }
    | (set(LINK_FIELDS) - CITATION_FIELDS)
)

# The link fields are all in one or the other (doi and url are citation fields).
KNOWN_FIELDS = CITATION_FIELDS | SITE_FIELDS

#: Link fields whose value must be an absolute http(s) URL.
URL_LINK_FIELDS = frozenset(f for f, kind in LINK_FIELDS.items() if kind.url_template is None)

#: Values of ``eprinttype`` the engine can turn into a link.
EPRINT_TYPES = frozenset({"arxiv"})

#: ``selected`` values.
TRUE_VALUES = frozenset({"true", "yes", "1"})
FALSE_VALUES = frozenset({"false", "no", "0"})

MONTHS = ("january february march april may june july august september october november december").split()

#: Marks next to author names; legends explain them in words.
EQUAL_CONTRIBUTION_MARK = "*"
CORRESPONDING_MARK = "†"
