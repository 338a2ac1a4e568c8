"""One publication as the site sees it: a validated, decoded record built from a BibTeX entry.

``build_entry`` is the single place where a raw BibTeX entry is checked against
the vocabulary (``vocabulary.py``) and turned into an immutable ``Entry``. It
knows nothing about HTML, Sphinx or the site's owner.
"""

from __future__ import annotations

import datetime
import hashlib
import posixpath
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from . import latex, vocabulary
from .errors import PublicationsError


@dataclass(frozen=True)
class RawField:
    """A field as written: name, value with macros expanded, source text, line."""

    name: str
    value: str
    source: str
    line: int


@dataclass(frozen=True)
class RawEntry:
    """An entry as written in the BibTeX file."""

    entry_type: str
    key: str
    fields: tuple[RawField, ...]
    path: str
    line: int

    @property
    def digest(self) -> str:
        """Changes exactly when the entry's content changes (not when it moves in the file)."""
        text = "\0".join([self.entry_type.lower(), self.key] + [f"{f.name.lower()}={f.source}" for f in self.fields])
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]

    def where(self, name: str | None = None) -> str:
        """ "refs.bib:12: entry 'key', field 'pdf'": the start of every error message."""
        line = next((f.line for f in self.fields if name and f.name.lower() == name), self.line)
        return f"{self.path}:{line}: entry {self.key!r}" + (f", field {name!r}" if name else "")


@dataclass(frozen=True)
class Author:
    name: str  #: decoded, "First Last"
    last_name: str  #: decoded, with its particle ("van Beethoven")
    equal_contribution: bool = False
    corresponding: bool = False


@dataclass(frozen=True)
class Link:
    kind: str  #: data-kind: pdf, slides, video, code, preprint, doi, publisher
    label: str  #: visible text
    url: str  #: absolute http(s) URL
    identifier: str | None = None  #: "arXiv:2407.00079", "10.1/x" for identifier links


@dataclass(frozen=True)
class Preview:
    """The entry's preview image (``preview`` field)."""

    path: str  #: relative to the source directory, "/"-separated
    line: int  #: of the field in the BibTeX file, where a problem with the image is reported

    @property
    def uri(self) -> str:
        """As an image node's URI: "/" makes Sphinx resolve it from the source directory."""
        return "/" + self.path


@dataclass(frozen=True)
class Entry:
    key: str
    entry_type: str  #: lower-case BibTeX type
    category: str  #: vocabulary.EntryType.category
    title: str
    authors: tuple[Author, ...]
    year: int
    month: int | None
    venue: str | None  #: decoded value of the type's venue field (booktitle, journal, ...)
    venue_short: str | None
    award: str | None
    abstract: tuple[str, ...]  #: paragraphs
    selected: bool
    links: tuple[Link, ...]
    bibtex: str  #: the citation: citation fields only, as written
    digest: str
    path: str
    line: int
    details: dict[str, str] = field(default_factory=dict)  #: other decoded citation fields
    event_start: datetime.date | None = None
    event_end: datetime.date | None = None
    event_venue: str | None = None
    eprint_note: str | None = None
    eprint_title: str | None = None
    preview: Preview | None = None

    @property
    def type_info(self) -> vocabulary.EntryType:
        return vocabulary.ENTRY_TYPES[self.entry_type]

    @property
    def pages(self) -> tuple[str, str] | None:
        """First and last page, when ``pages`` is a range or a single page."""
        match = re.fullmatch(r"\s*(\w+)\s*(?:(?:-+|–|—)\s*(\w+))?\s*", self.details.get("pages", ""))
        if not match:
            return None
        return match.group(1), match.group(2) or match.group(1)

    @property
    def sort_key(self) -> tuple:
        """Newest year first; within a year newest month first (unknown last), then title."""
        return (-self.year, -(self.month or 0), self.title.casefold(), self.key)

    def link(self, kind: str) -> Link | None:
        return next((link for link in self.links if link.kind == kind), None)

    @property
    def cite_label(self) -> str:
        """Author-year label for in-text citations: "Qin 2025", "Qin and Li 2025", "Qin et al. 2025"."""
        names = [a.last_name for a in self.authors]
        if len(names) == 1:
            who = names[0]
        elif len(names) == 2:
            who = f"{names[0]} and {names[1]}"
        else:
            who = f"{names[0]} et al."
        return f"{who} {self.year}"


KEY_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
_ARXIV_ID = re.compile(r"(\d{4}\.\d{4,5}|[a-z-]+(\.[A-Z]{2})?/\d{7})(v\d+)?")
_DOI = re.compile(r"10\.\d{4,9}/\S+")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def build_entry(raw: RawEntry) -> Entry:
    """Validate one raw entry against the vocabulary and decode it; raise PublicationsError."""
    entry_type = raw.entry_type.lower()
    type_info = vocabulary.ENTRY_TYPES.get(entry_type)
    if type_info is None:
        known = ", ".join(sorted(vocabulary.ENTRY_TYPES))
        raise PublicationsError(f"{raw.where()}: unknown entry type @{raw.entry_type} (known: {known})")
    if not KEY_PATTERN.fullmatch(raw.key):
        raise PublicationsError(
            f"{raw.where()}: the key becomes a file name and URL; use letters, digits, '_', '-', '.' only"
        )

    values: dict[str, str] = {}
    for f in raw.fields:
        name = f.name.lower()
        if name in values:
            raise PublicationsError(f"{raw.where(name)}: duplicate field")
        if name not in vocabulary.KNOWN_FIELDS:
            links = ", ".join(vocabulary.LINK_FIELDS)
            raise PublicationsError(
                f"{raw.where(name)}: unknown field "
                f"(link fields are {links}; see the vocabulary in sphinx_academic/publications/vocabulary.py)"
            )
        values[name] = f.value.strip()

    required = vocabulary.REQUIRED_FIELDS + ((type_info.venue_field,) if type_info.venue_field else ())
    for name in required:
        if not values.get(name):
            raise PublicationsError(f"{raw.where()}: missing required field {name!r} for @{entry_type}")

    authors = latex.split_names(values["author"])
    author_keys = [latex.name_key(full) for full, _ in authors]
    marked = {name: _marked_authors(raw, name, values, author_keys) for name in ("equal_contribution", "corresponding")}

    year = values["year"]
    if not re.fullmatch(r"\d{4}", year):
        raise PublicationsError(f"{raw.where('year')}: expected a four-digit year, got {year!r}")

    event_start, event_end = _event_dates(raw, values.get("eventdate"))
    details = {
        name: latex.decode(value)
        for name, value in values.items()
        if name in vocabulary.CITATION_FIELDS and name not in {"author", "title", "abstract"}
    }
    return Entry(
        key=raw.key,
        entry_type=entry_type,
        category=type_info.category,
        title=latex.decode(values["title"]),
        authors=tuple(
            Author(full, last, i in marked["equal_contribution"], i in marked["corresponding"])
            for i, (full, last) in enumerate(authors)
        ),
        year=int(year),
        month=_month(raw, values.get("month")),
        venue=details.get(type_info.venue_field) if type_info.venue_field else None,
        venue_short=_optional_text(values, "venue_short"),
        award=_optional_text(values, "award"),
        abstract=tuple(latex.decode_paragraphs(values.get("abstract", ""))),
        selected=_flag(raw, values.get("selected")),
        links=_links(raw, values),
        bibtex=citation_bibtex(raw),
        digest=raw.digest,
        path=raw.path,
        line=raw.line,
        details=details,
        event_start=event_start,
        event_end=event_end,
        event_venue=_optional_text(values, "venue"),
        eprint_note=_optional_text(values, "eprint_note"),
        eprint_title=_optional_text(values, "eprint_title"),
        preview=_preview(raw, values.get("preview")),
    )


def citation_bibtex(raw: RawEntry) -> str:
    """The entry as a citation: citation fields only, each value exactly as written.

    Values keep their source form (braces, macros such as ``feb``, line breaks),
    so the record matches what the publisher published.
    """
    kept = [f for f in raw.fields if f.name.lower() in vocabulary.CITATION_FIELDS]
    width = max((len(f.name) for f in kept), default=0)
    lines = [f"  {f.name.ljust(width)} = {f.source}" for f in kept]
    return f"@{raw.entry_type}{{{raw.key},\n" + ",\n".join(lines) + "\n}\n"


def _optional_text(values: dict[str, str], name: str) -> str | None:
    return latex.decode(values[name]) if values.get(name) else None


def _marked_authors(raw: RawEntry, name: str, values: dict[str, str], author_keys: list[str]) -> set[int]:
    """Indices of the authors listed in an author-marking field; each must be an author."""
    if not values.get(name):
        return set()
    indices = set()
    for person, _ in latex.split_names(values[name]):
        try:
            indices.add(author_keys.index(latex.name_key(person)))
        except ValueError:
            raise PublicationsError(f"{raw.where(name)}: {person!r} is not one of the authors") from None
    return indices


def _month(raw: RawEntry, value: str | None) -> int | None:
    if not value:
        return None
    text = value.strip().lower()
    if text.isdigit() and 1 <= int(text) <= 12:
        return int(text)
    for number, month in enumerate(vocabulary.MONTHS, start=1):
        if text in (month, month[:3]):
            return number
    raise PublicationsError(f"{raw.where('month')}: not a month: {value!r}")


def _flag(raw: RawEntry, value: str | None) -> bool:
    if value is None or value.strip().lower() in vocabulary.FALSE_VALUES:
        return False
    if value.strip().lower() in vocabulary.TRUE_VALUES:
        return True
    raise PublicationsError(f"{raw.where('selected')}: expected true or false, got {value!r}")


def _event_dates(raw: RawEntry, value: str | None) -> tuple[datetime.date | None, datetime.date | None]:
    if not value:
        return None, None
    parts = value.strip().split("/")
    try:
        if len(parts) > 2 or not all(_DATE.fullmatch(p) for p in parts):
            raise ValueError
        dates = [datetime.date.fromisoformat(p) for p in parts]
    except ValueError:
        raise PublicationsError(
            f"{raw.where('eventdate')}: expected YYYY-MM-DD or YYYY-MM-DD/YYYY-MM-DD, got {value!r}"
        ) from None
    if dates[-1] < dates[0]:
        raise PublicationsError(f"{raw.where('eventdate')}: the event ends before it starts: {value!r}")
    return dates[0], dates[-1]


def _preview(raw: RawEntry, value: str | None) -> Preview | None:
    """The preview image's path, relative to the BibTeX file's folder, as a path from the source directory."""
    if not value:
        return None
    path = value.strip()
    base = posixpath.dirname(raw.path.replace("\\", "/"))
    joined = posixpath.normpath(posixpath.join(base, path))
    if re.match(r"^[a-z][a-z0-9+.-]*:", path, re.I) or path.startswith(("/", "\\")) or joined.startswith("../"):
        raise PublicationsError(
            f"{raw.where('preview')}: expected the path of an image in the repository, relative to "
            f"{raw.path} (e.g. figures/overview.png), got {value!r}"
        )
    line = next(f.line for f in raw.fields if f.name.lower() == "preview")
    return Preview(joined, line)


def _links(raw: RawEntry, values: dict[str, str]) -> tuple[Link, ...]:
    if "eprint" not in values:
        for name in ("eprinttype", "eprint_note", "eprint_title"):
            if name in values:
                raise PublicationsError(f"{raw.where(name)}: given without an eprint field")
    links = []
    for name, kind in vocabulary.LINK_FIELDS.items():
        value = values.get(name)
        if not value:
            continue
        label = kind.label
        identifier = None
        if name in vocabulary.URL_LINK_FIELDS:
            url = value
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.netloc or re.search(r"\s", url):
                raise PublicationsError(f"{raw.where(name)}: expected an absolute http(s) URL, got {value!r}")
        elif name == "doi":
            if not _DOI.fullmatch(value):
                raise PublicationsError(f"{raw.where(name)}: expected a DOI such as 10.1234/abc, got {value!r}")
            identifier = value
            url = kind.url_template.format(value)
        else:  # eprint
            archive = values.get("eprinttype", "").lower()
            if archive not in vocabulary.EPRINT_TYPES:
                raise PublicationsError(
                    f"{raw.where('eprinttype')}: eprint needs eprinttype = {{arxiv}}, got {archive or 'nothing'!r}"
                )
            if not _ARXIV_ID.fullmatch(value):
                raise PublicationsError(f"{raw.where(name)}: not an arXiv identifier: {value!r}")
            identifier = f"arXiv:{value}"
            url = kind.url_template.format(value)
            if values.get("eprint_note"):
                label = f"{label} ({latex.decode(values['eprint_note'])})"
        links.append(Link(kind.kind, label, url, identifier))
    return tuple(links)
