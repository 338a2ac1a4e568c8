"""The field vocabulary of a publications BibTeX file: what each field means to the engine.

Everything the engine knows about BibTeX lives here, as data, so that the rules
are read in one place and changed in one place. The owner pastes entries as
arXiv, dblp, the ACM Digital Library, IEEE Xplore, Google Scholar, Semantic
Scholar or Zotero export them, so every field those services, BibTeX and
biblatex write is known, in one of four kinds:

* citation fields (``CITATION_FIELDS``): they describe the work. They form the
  citation and are kept, as written, in the BibTeX that visitors see, copy and
  download;
* bookkeeping fields (``BOOKKEEPING_FIELDS`` and ``BOOKKEEPING_PREFIXES``): a
  reference manager's or a library's own data (a path on the owner's disk, an
  export time, a database URL, personal keywords). They never reach a page or a
  download;
* site fields (``SITE_FIELDS`` and the site-only ``LINK_FIELDS``): presentation
  data for the site, written by the owner. They are stripped from every exported
  BibTeX record;
* anything else is reported (a located warning), with a suggestion when the
  name is close to a known one, so that a typo (``slide = {...}``) never
  silently drops a link.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from ..translations import N_


@dataclass(frozen=True)
class EntryType:
    """How one BibTeX entry type is shown and what it must contain."""

    category: str  #: filter value and ``data-type`` attribute
    label: str  #: human name of the category, in filters (English: the catalog translates it when shown)
    venue_fields: tuple[str, ...]  #: fields naming where it appeared, the first present one is used
    scholar_venue_tag: str | None  #: Google Scholar meta tag for that field
    container_type: str | None  #: schema.org type of what it is part of (JSON-LD)
    venue_required: bool = True  #: a missing venue is reported
    #: The Zotero item type, for the types whose Highwire tags do not tell Zotero (a book, a
    #: preprint, other works): its Embedded Metadata translator reads it from ``dcterms.type``.
    zotero_type: str | None = None
    opengraph_type: str = "article"  #: og:type of the paper page (never "website": see citation_metadata)


_CONFERENCE = EntryType(
    "conference", N_("Conference paper"), ("booktitle", "eventtitle"), "citation_conference_title", "Book"
)
_JOURNAL = EntryType(
    "journal", N_("Journal article"), ("journal", "journaltitle"), "citation_journal_title", "Periodical"
)
_CHAPTER = EntryType("chapter", N_("Book chapter"), ("booktitle", "maintitle"), "citation_inbook_title", "Book")
_BOOK = EntryType(
    "book", N_("Book"), ("publisher",), None, None, venue_required=False, zotero_type="book", opengraph_type="book"
)
_THESIS = EntryType("thesis", N_("Thesis"), ("school", "institution"), "citation_dissertation_institution", None)
_REPORT = EntryType(
    "report", N_("Technical report"), ("institution", "school"), "citation_technical_report_institution", None
)
_OTHER = EntryType(
    "other",
    N_("Other"),
    ("howpublished", "publisher", "organization"),
    None,
    None,
    venue_required=False,
    zotero_type="document",
)
#: Not an entry type of its own: an entry whose venue is an eprint server (arXiv) becomes one.
#: No venue tag: a technical-report institution would make Zotero save a report, not a preprint.
PREPRINT = EntryType("preprint", N_("Preprint"), (), None, None, venue_required=False, zotero_type="preprint")

#: BibTeX's and biblatex's entry types (with their aliases), by what they are shown as.
ENTRY_TYPES: dict[str, EntryType] = {
    "inproceedings": _CONFERENCE,
    "conference": _CONFERENCE,
    "article": _JOURNAL,
    "periodical": _JOURNAL,
    "incollection": _CHAPTER,
    "inbook": _CHAPTER,
    "bookinbook": _CHAPTER,
    "inreference": _CHAPTER,
    "book": _BOOK,
    "mvbook": _BOOK,
    "collection": _BOOK,
    "mvcollection": _BOOK,
    "proceedings": _BOOK,
    "mvproceedings": _BOOK,
    "reference": _BOOK,
    "phdthesis": _THESIS,
    "mastersthesis": _THESIS,
    "thesis": _THESIS,
    "techreport": _REPORT,
    "report": _REPORT,
    "misc": _OTHER,
    "unpublished": _OTHER,
    "online": _OTHER,
    "electronic": _OTHER,
    "www": _OTHER,
    "booklet": _OTHER,
    "manual": _OTHER,
    "dataset": _OTHER,
    "software": _OTHER,
    "patent": _OTHER,
    "standard": _OTHER,
    "artwork": _OTHER,
    "audio": _OTHER,
    "video": _OTHER,
    "movie": _OTHER,
    "music": _OTHER,
    "performance": _OTHER,
    "image": _OTHER,
    "letter": _OTHER,
    "legislation": _OTHER,
    "jurisdiction": _OTHER,
    "review": _OTHER,
    "commentary": _OTHER,
    "suppbook": _OTHER,
    "suppcollection": _OTHER,
    "suppperiodical": _OTHER,
}

#: Entry types the engine does not list: records that describe no work of their own.
UNLISTED_TYPES = frozenset({"set", "xdata"})

#: Fields that describe the work (BibTeX's, biblatex's data model, and what the exporters write):
#: kept, as written, in the exported citation.
CITATION_FIELDS = frozenset(
    """
    address author booktitle chapter crossref edition editor howpublished institution journal key
    month note number organization pages publisher school series title type volume year
    doi isbn issn isrn ismn iswc isan url eprint eprinttype eprintclass archiveprefix primaryclass
    date origdate eventtitle eventtitleaddon location journaltitle journalsubtitle
    issue issuetitle issuesubtitle subtitle titleaddon maintitle mainsubtitle maintitleaddon
    booksubtitle booktitleaddon bookauthor editora editorb editorc editortype editoratype editorbtype
    editorctype translator annotator commentator introduction foreword afterword holder
    part pagetotal pagination bookpagination numpages articleno eid issue_date version addendum
    pubstate language origlanguage origlocation origpublisher origtitle reprinttitle
    shortauthor shorteditor shorttitle shortjournal shortseries shorthand shorthandintro
    nameaddon authortype institutiontype howpublished organization library
    mrnumber zbl pmid pmcid ee
    """.split()
)

#: Citation fields that hold identifiers, numbers or dates rather than text: exported exactly as
#: written (``unicode_symbols`` would read ``--`` in a URL or a page range as a dash).
VERBATIM_FIELDS = frozenset(
    """
    url doi eprint eprinttype eprintclass archiveprefix primaryclass isbn issn isrn ismn iswc isan
    pages year month date origdate key crossref volume number issue numpages articleno eid issue_date
    pagetotal pagination bookpagination mrnumber zbl pmid pmcid ee
    """.split()
)

#: Reference-manager and library bookkeeping: never shown, never exported.
BOOKKEEPING_FIELDS = frozenset(
    """
    file timestamp biburl bibsource urldate keywords langid langidopts owner added-at interhash
    intrahash date-added date-modified groups ranking readstatus read priority qualityassured
    comment comments annote annotation copyright abstractnote note_zotero entrysubtype options
    execute presort sortkey sortname sorttitle sortyear sortshorthand indextitle indexsorttitle
    keywords-plus unique-id research-areas web-of-science-categories affiliation affiliations
    orcid-numbers researcherid-numbers times-cited usage-count number-of-cited-references
    journal-iso da doc-delivery-number eissn isi journal-abbreviation publisher-place
    """.split()
)
#: Families of bookkeeping fields: Mendeley, BibDesk, CiteULike, Zotero and private ``x-`` fields.
BOOKKEEPING_PREFIXES = ("mendeley-", "mendeley_", "bdsk-", "citeulike-", "citeulike_", "zotero-", "x-", "jabref-")


@dataclass(frozen=True)
class LinkKind:
    """A typed link: the ``data-kind`` value, its visible label and how the URL is made."""

    kind: str
    label: str
    url_template: str | None = None  #: for identifiers: "{}" is replaced by the value


#: Fields that become typed links, in display order. ``url`` and ``doi`` are citation fields
#: (kept in the BibTeX); the preprint link comes from whichever form the entry gives its arXiv
#: id in (``eprint``, a CoRR volume, an arxiv.org URL: see ``model.arxiv_id``).
LINK_FIELDS: dict[str, LinkKind] = {
    "pdf": LinkKind("pdf", N_("PDF")),
    "slides": LinkKind("slides", N_("Slides")),
    "video": LinkKind("video", N_("Video")),
    "code": LinkKind("code", N_("Code")),
    "eprint": LinkKind("preprint", N_("Preprint"), "https://arxiv.org/abs/{}"),
    "doi": LinkKind("doi", N_("DOI"), "https://doi.org/{}"),
    "url": LinkKind("publisher", N_("Publisher page")),
}

#: The same, by ``data-kind``.
LINK_FIELDS_BY_KIND: dict[str, LinkKind] = {kind.kind: kind for kind in LINK_FIELDS.values()}

#: Site-only fields that are not links: presentation data, never exported.
SITE_FIELDS = frozenset(
    {
        "venue_short",  # badge text, e.g. "FAST '25"
        "award",  # award badge text
        "abstract",  # shown in a disclosure and on the paper page; blank lines split paragraphs
        "selected",  # "true" puts the entry in the selected-publications list
        "equal_contribution",  # "A and B": authors who contributed equally (names as in author)
        "corresponding",  # "A and B": corresponding authors (names as in author)
        # biblatex defines these two, but the site shows them: the citation stays the publisher's record
        "eventdate",  # 2025-02-25 or 2025-02-25/2025-02-27
        "venue",  # where the event took place, e.g. "Santa Clara, CA, USA"
        "eprint_note",  # the eprint is another version of the work, e.g. "earlier version"
        "eprint_title",  # that version's own title, when it differs from the paper's
        "preview",  # al-folio's preview image: a path relative to the BibTeX file, e.g. figures/x.png
    }
    | (set(LINK_FIELDS) - CITATION_FIELDS)
)

#: Fields whose value must be an absolute http(s) URL.
URL_LINK_FIELDS = frozenset(f for f, kind in LINK_FIELDS.items() if kind.url_template is None)

#: When ``eprint_note`` says the eprint is another version, these describe that version, not
#: this work: they are site data then, and stay out of the exported citation.
OTHER_VERSION_FIELDS = frozenset({"eprint", "eprinttype", "archiveprefix", "eprintclass", "primaryclass"})

#: ``selected`` values.
TRUE_VALUES = frozenset({"true", "yes", "1"})
FALSE_VALUES = frozenset({"false", "no", "0"})

MONTHS = ("january february march april may june july august september october november december").split()

#: Marks next to author names; legends explain them in words.
EQUAL_CONTRIBUTION_MARK = "*"
CORRESPONDING_MARK = "†"


def field_kind(name: str) -> str | None:
    """ "citation", "bookkeeping" or "site" for a known field (any case), None for an unknown one."""
    name = name.lower()
    if name in SITE_FIELDS:
        return "site"
    if name in CITATION_FIELDS:
        return "citation"
    if name in BOOKKEEPING_FIELDS or name.startswith(BOOKKEEPING_PREFIXES):
        return "bookkeeping"
    return None


def suggestion(name: str) -> str | None:
    """The known field an unknown name most likely meant (``slide`` -> ``slides``), or None."""
    normalized = name.lower().replace("-", "_")
    if normalized in SITE_FIELDS:
        return normalized
    site = difflib.get_close_matches(normalized, sorted(SITE_FIELDS), n=1, cutoff=0.75)
    if site:
        return site[0]
    known = difflib.get_close_matches(normalized, sorted(CITATION_FIELDS), n=1, cutoff=0.8)
    return known[0] if known else None
