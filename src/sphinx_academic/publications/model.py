"""One publication as the site sees it: a decoded record built from a BibTeX entry, leniently.

``build_entry`` is the single place where a raw BibTeX entry is checked against
the vocabulary (``vocabulary.py``) and turned into an immutable ``Entry``, with
every problem it finds. It accepts entries as the exporters write them
(biblatex ``date`` and ``journaltitle``, empty fields, any key BibTeX accepts,
arXiv ids in each of their usual forms) and leaves out only an entry it cannot
show at all (no title, no author or editor, no year). It knows nothing about
HTML, Sphinx or the site's owner.
"""

from __future__ import annotations

import datetime
import hashlib
import posixpath
import re
import unicodedata
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from . import latex, vocabulary
from .errors import Problem


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
        """Changes exactly when the entry's content changes (not when it moves in the file): its
        text, or a value it takes from a ``@string`` macro."""
        fields = [f"{f.name.lower()}={f.source}\0{f.value}" for f in self.fields]
        text = "\0".join([self.entry_type.lower(), self.key, *fields])
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]

    def line_of(self, name: str | None) -> int:
        return next((f.line for f in self.fields if name and f.name.lower() == name), self.line)

    def problem(self, message: str, subtype: str, name: str | None = None) -> Problem:
        return Problem(self.path, self.line_of(name), message, subtype, key=self.key, field=name)


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
class ArxivId:
    """An arXiv identifier, with the primary class when the entry gives it."""

    number: str  #: "2407.00079", "2407.00079v2" or "cs/0112017"
    primary_class: str | None = None

    @property
    def label(self) -> str:
        """ "arXiv:2407.00079 [cs.DC]", as arXiv itself cites its papers."""
        return f"arXiv:{self.number}" + (f" [{self.primary_class}]" if self.primary_class else "")

    @property
    def url(self) -> str:
        return f"https://arxiv.org/abs/{self.number}"


@dataclass(frozen=True)
class Entry:
    key: str
    entry_type: str  #: lower-case BibTeX type
    category: str  #: the type's category, or "preprint" for a work published on arXiv
    title: str
    authors: tuple[Author, ...]
    year: int
    month: int | None
    venue: str | None  #: where it appeared: the decoded venue field, or the arXiv id of a preprint
    venue_short: str | None
    award: str | None
    abstract: tuple[str, ...]  #: paragraphs
    selected: bool
    links: tuple[Link, ...]
    bibtex: str  #: the citation: citation fields only, as written
    digest: str
    path: str
    line: int
    page: str = ""  #: the paper page's name: the key, URL-safe
    details: dict[str, str] = field(default_factory=dict)  #: other decoded citation fields
    day: int | None = None
    event_start: datetime.date | None = None
    event_end: datetime.date | None = None
    event_venue: str | None = None
    eprint_note: str | None = None
    eprint_title: str | None = None
    arxiv: ArxivId | None = None
    clean: bool = True  #: built without any problem (only then is it reused unchanged by a later build)
    preview: Preview | None = None

    @property
    def type_info(self) -> vocabulary.EntryType:
        if self.category == "preprint":
            return vocabulary.PREPRINT
        return vocabulary.ENTRY_TYPES.get(self.entry_type, vocabulary.ENTRY_TYPES["misc"])

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
        return (-self.year, -(self.month or 0), -(self.day or 0), self.title.casefold(), self.key)

    def link(self, kind: str) -> Link | None:
        return next((link for link in self.links if link.kind == kind), None)


def page_name(key: str) -> str:
    """The paper page's file name for ``key``: lower-case ASCII letters, digits and hyphens.

    ``qin2025mooncake`` stays as it is; dblp's ``DBLP:conf/fast/QinLHCRZWZX25``
    becomes ``dblp-conf-fast-qinlhcrzwzx25`` and ACM's ``10.1145/3600006.3613165``
    becomes ``10-1145-3600006-3613165``. Stable: it depends on the key only.
    """
    ascii_key = unicodedata.normalize("NFKD", key).encode("ascii", "ignore").decode("ascii")
    slug = "-".join(re.findall(r"[a-z0-9]+", ascii_key.lower()))
    if slug:
        return slug
    return "entry-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:10]  # a key of symbols only


_ARXIV_NUMBER = r"(?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?"
_ARXIV_ID = re.compile(_ARXIV_NUMBER)
_ARXIV_IN_TEXT = re.compile(rf"(?i:arxiv)[:\s]*({_ARXIV_NUMBER})(?:\s*\[([\w.-]+)\])?")
_ARXIV_URL = re.compile(rf"^https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/({_ARXIV_NUMBER})(?:\.pdf)?/?$")
_ARXIV_DOI = re.compile(rf"^10\.48550/arxiv\.({_ARXIV_NUMBER})$", re.IGNORECASE)
#: Venue names that mean "published on arXiv": CoRR (dblp), ArXiv (Semantic Scholar), "arXiv preprint…".
ARXIV_VENUE = re.compile(r"^\s*(?:corr|arxiv(?:\s+e-prints)?|arxiv preprint\b.*)\s*$", re.IGNORECASE)
_DOI = re.compile(r"10\.\d{4,9}/\S+")
_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:T[\d:.]+Z?)?")
_EVENT_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def arxiv_id(values: dict[str, str]) -> ArxivId | None:
    """The arXiv id an entry gives, in whichever form its exporter writes it.

    ``eprint`` with ``archivePrefix``/``eprinttype`` arXiv (arXiv, dblp, Zotero);
    ``journal = {CoRR}`` with ``volume = {abs/…}`` (dblp) or ``journal = {ArXiv}``
    with ``volume = {abs/…}`` (Semantic Scholar); ``journal = {arXiv preprint
    arXiv:…}`` (Google Scholar); an arxiv.org URL or arXiv DOI.
    """
    primary_class = values.get("primaryclass") or values.get("eprintclass") or None
    archive = (values.get("archiveprefix") or values.get("eprinttype") or "").strip().lower()
    eprint = values.get("eprint", "").strip()
    if eprint and archive in ("", "arxiv"):
        number = eprint.removeprefix("arXiv:").removeprefix("arxiv:").strip()
        if _ARXIV_ID.fullmatch(number):
            return ArxivId(number, primary_class)
    venue = values.get("journal") or values.get("journaltitle") or values.get("howpublished") or ""
    volume = values.get("volume", "").strip()
    if ARXIV_VENUE.match(venue) and volume.lower().startswith("abs/") and _ARXIV_ID.fullmatch(volume[4:]):
        return ArxivId(volume[4:], primary_class)
    for text in (venue, values.get("note", "")):
        match = _ARXIV_IN_TEXT.search(text)
        if match:
            return ArxivId(match.group(1), primary_class or match.group(2))
    for name, pattern in (("url", _ARXIV_URL), ("doi", _ARXIV_DOI)):
        match = pattern.match(values.get(name, "").strip())
        if match:
            return ArxivId(match.group(1), primary_class)
    return None


def _field_values(raw: RawEntry, problems: list[Problem]) -> tuple[dict[str, str], list[RawField]]:
    """The entry's known, non-empty fields by lower-case name, and the fields to export as written."""
    values: dict[str, str] = {}
    kept: list[RawField] = []
    seen: set[str] = set()
    for f in raw.fields:
        name = f.name.lower()
        if name in seen:
            message = "duplicate field: the first one is used, this one is ignored"
            problems.append(Problem(raw.path, f.line, message, "field", key=raw.key, field=name))
            continue
        seen.add(name)
        kind = vocabulary.field_kind(name)
        if kind is None:
            guess = vocabulary.suggestion(name)
            hint = f"did you mean {guess!r}?" if guess else "not a BibTeX, biblatex or site field"
            problems.append(
                Problem(
                    raw.path,
                    f.line,
                    f"unknown field: {hint} (site fields are listed in the README, 'Adding a publication')",
                    "field",
                    key=raw.key,
                    field=f.name,
                )
            )
            continue
        if kind == "bookkeeping" or not f.value.strip():
            continue  # a reference manager's own data, or an empty field (IEEE writes `volume={}`)
        values[name] = f.value.strip()
        if kind == "citation":
            kept.append(f)
    return values, kept


def build_entry(raw: RawEntry) -> tuple[Entry | None, list[Problem]]:
    """Decode and check one raw entry: the entry (None when it cannot be shown) and its problems."""
    problems: list[Problem] = []
    entry_type = raw.entry_type.lower()
    if entry_type in vocabulary.UNLISTED_TYPES:
        return None, problems
    type_info = vocabulary.ENTRY_TYPES.get(entry_type)
    if type_info is None:
        problems.append(
            raw.problem(
                f"unknown entry type @{raw.entry_type}: shown as 'Other' (use a BibTeX or biblatex type)", "type"
            )
        )
        type_info = vocabulary.ENTRY_TYPES["misc"]

    values, kept = _field_values(raw, problems)

    missing = [
        name
        for name, present in (
            ("title", "title" in values),
            ("author", "author" in values or "editor" in values),
            ("year", "year" in values or "date" in values),
        )
        if not present
    ]
    if missing:
        problems.append(
            raw.problem(f"missing {' and '.join(repr(m) for m in missing)}: the entry is not listed", "field")
        )
        return None, problems

    year, month, day = _date(raw, values, problems)
    if year is None:
        return None, problems

    arxiv = arxiv_id(values)
    eprint_note = _optional_text(values, "eprint_note")
    venue_value = next((values[name] for name in type_info.venue_fields if values.get(name)), None)
    category = type_info.category
    venue = latex.decode(venue_value) if venue_value else None
    if arxiv is not None and eprint_note is None and (venue is None or ARXIV_VENUE.match(venue)):
        category, venue = "preprint", arxiv.label  # the work is the arXiv paper itself
    elif venue is None and type_info.venue_required:
        wanted = " or ".join(repr(name) for name in type_info.venue_fields)
        problems.append(raw.problem(f"no venue: @{entry_type} entries name theirs in {wanted}", "field"))

    name_field = "author" if "author" in values else "editor"
    name_problems: list[str] = []
    names = latex.split_names(values[name_field], name_problems)
    for message in name_problems:
        problems.append(
            raw.problem(f"{message}: write each name as 'First Last' or 'Last, First'", "value", name_field)
        )
    author_keys = [latex.name_key(full) for full, _ in names]
    marked = {
        name: _marked_authors(raw, name, values, author_keys, problems)
        for name in ("equal_contribution", "corresponding")
    }
    event_start, event_end = _event_dates(raw, values.get("eventdate"), problems)
    details = {
        name: latex.decode(value)
        for name, value in values.items()
        if vocabulary.field_kind(name) == "citation" and name not in {"author", "title"}
    }
    if "journaltitle" in details:
        details.setdefault("journal", details["journaltitle"])
    if "location" in details:
        details.setdefault("address", details["location"])
    if eprint_note is not None:  # the eprint describes another version: not part of this citation
        kept = [f for f in kept if f.name.lower() not in vocabulary.OTHER_VERSION_FIELDS]
    entry = Entry(
        key=raw.key,
        entry_type=entry_type,
        category=category,
        title=latex.decode(values["title"]),
        authors=tuple(
            Author(full, last, i in marked["equal_contribution"], i in marked["corresponding"])
            for i, (full, last) in enumerate(names)
        ),
        year=year,
        month=month,
        day=day,
        venue=venue,
        venue_short=_optional_text(values, "venue_short"),
        award=_optional_text(values, "award"),
        abstract=tuple(latex.decode_paragraphs(values.get("abstract", ""))),
        selected=_flag(raw, values.get("selected"), problems),
        links=_links(raw, values, arxiv, problems),
        bibtex=citation_bibtex(raw, kept),
        digest=raw.digest,
        path=raw.path,
        line=raw.line,
        page=page_name(raw.key),
        details=details,
        event_start=event_start,
        event_end=event_end,
        event_venue=_optional_text(values, "venue"),
        eprint_note=eprint_note,
        eprint_title=_optional_text(values, "eprint_title"),
        arxiv=arxiv,
        preview=_preview(raw, values.get("preview"), problems),
        clean=not problems,
    )
    return entry, problems


def citation_bibtex(raw: RawEntry, kept: list[RawField]) -> str:
    """The entry as a citation: its citation fields only, each value as written.

    Values keep their source form (case-protecting braces, macros such as ``feb``,
    line breaks), so the record matches what the publisher published, with one
    change that every BibTeX reader needs: LaTeX symbol and accent commands are
    written as the Unicode characters they stand for (``latex.unicode_symbols``).
    """
    width = max((len(f.name) for f in kept), default=0)
    lines = [f"  {f.name.ljust(width)} = {_exported_value(f)}" for f in kept]
    return f"@{raw.entry_type}{{{raw.key},\n" + ",\n".join(lines) + "\n}\n"


def _exported_value(f: RawField) -> str:
    if f.name.lower() in vocabulary.VERBATIM_FIELDS:
        return f.source
    return latex.unicode_symbols_in_value(f.source)


def _optional_text(values: dict[str, str], name: str) -> str | None:
    return latex.decode(values[name]) if values.get(name) else None


def _date(raw: RawEntry, values: dict[str, str], problems: list[Problem]) -> tuple[int | None, int | None, int | None]:
    """(year, month, day) from ``year``/``month`` or biblatex's ``date`` (2025, 2025-02, 2025-02-25)."""
    date_year = date_month = date_day = None
    if values.get("date"):
        match = _DATE.fullmatch(values["date"].split("/")[0].strip())
        if match:
            date_year, date_month, date_day = (int(g) if g else None for g in match.groups())
        else:
            problems.append(
                raw.problem(f"expected YYYY, YYYY-MM or YYYY-MM-DD, got {values['date']!r}", "value", "date")
            )
    year = date_year
    if values.get("year"):
        text = latex.decode(values["year"])
        match = re.fullmatch(r"\s*(\d{4})\s*", text)
        if match:
            year = int(match.group(1))
        elif year is None:
            problems.append(raw.problem(f"expected a four-digit year, got {text!r}: not listed", "value", "year"))
    if year is None:
        if not problems or problems[-1].field not in ("year", "date"):
            problems.append(raw.problem("no usable year or date: the entry is not listed", "value", "date"))
        return None, None, None
    month = _month(raw, values.get("month"), problems) if values.get("month") else date_month
    if month is not None and (date_month is None or month != date_month):
        date_day = None  # the day belongs to the date's month only
    return year, month, date_day


def _month(raw: RawEntry, value: str, problems: list[Problem]) -> int | None:
    text = latex.decode(value).strip().lower().rstrip(".")
    if text.isdigit() and 1 <= int(text) <= 12:
        return int(text)
    for number, month in enumerate(vocabulary.MONTHS, start=1):
        if text in (month, month[:3], month[:4]):
            return number
    problems.append(raw.problem(f"not a month: {value!r} (write jan, feb, … or 1 to 12)", "value", "month"))
    return None


def _marked_authors(
    raw: RawEntry, name: str, values: dict[str, str], author_keys: list[str], problems: list[Problem]
) -> set[int]:
    """Indices of the authors listed in an author-marking field; each must be an author."""
    if not values.get(name):
        return set()
    indices = set()
    for person, _ in latex.split_names(values[name]):
        try:
            indices.add(author_keys.index(latex.name_key(person)))
        except ValueError:
            problems.append(
                raw.problem(f"{person!r} is not one of the authors (write the name as in 'author')", "value", name)
            )
    return indices


def _flag(raw: RawEntry, value: str | None, problems: list[Problem]) -> bool:
    if value is None or value.strip().lower() in vocabulary.FALSE_VALUES:
        return False
    if value.strip().lower() in vocabulary.TRUE_VALUES:
        return True
    problems.append(raw.problem(f"expected true or false, got {value!r}", "value", "selected"))
    return False


def _event_dates(
    raw: RawEntry, value: str | None, problems: list[Problem]
) -> tuple[datetime.date | None, datetime.date | None]:
    if not value:
        return None, None
    parts = value.strip().split("/")
    try:
        if len(parts) > 2 or not all(_EVENT_DATE.fullmatch(p) for p in parts):
            raise ValueError
        dates = [datetime.date.fromisoformat(p) for p in parts]
    except ValueError:
        problems.append(
            raw.problem(f"expected YYYY-MM-DD or YYYY-MM-DD/YYYY-MM-DD, got {value!r}", "value", "eventdate")
        )
        return None, None
    if dates[-1] < dates[0]:
        problems.append(raw.problem(f"the event ends before it starts: {value!r}", "value", "eventdate"))
        return None, None
    return dates[0], dates[-1]


def _preview(raw: RawEntry, value: str | None, problems: list[Problem]) -> Preview | None:
    """The preview image's path, relative to the BibTeX file's folder, as a path from the source directory."""
    if not value:
        return None
    path = value.strip()
    base = posixpath.dirname(raw.path.replace("\\", "/"))
    joined = posixpath.normpath(posixpath.join(base, path))
    if re.match(r"^[a-z][a-z0-9+.-]*:", path, re.I) or path.startswith(("/", "\\")) or joined.split("/")[0] == "..":
        message = f"expected the path of an image in the repository, relative to {raw.path} (e.g. figures/overview.png)"
        problems.append(raw.problem(f"{message}, got {value!r}: no preview shown", "value", "preview"))
        return None
    return Preview(joined, raw.line_of("preview"))


def _links(raw: RawEntry, values: dict[str, str], arxiv: ArxivId | None, problems: list[Problem]) -> tuple[Link, ...]:
    if arxiv is None:
        for name in ("eprint_note", "eprint_title"):
            if name in values:
                problems.append(raw.problem("given without an arXiv eprint to describe", "field", name))
    links = []
    for name, kind in vocabulary.LINK_FIELDS.items():
        if name == "eprint":
            if arxiv is None:
                continue
            label = kind.label
            if values.get("eprint_note"):
                label = f"{label} ({latex.decode(values['eprint_note'])})"
            links.append(Link(kind.kind, label, arxiv.url, f"arXiv:{arxiv.number}"))
            continue
        value = values.get(name)
        if not value:
            continue
        if name in vocabulary.URL_LINK_FIELDS:
            url = latex.decode_url(value)
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.netloc or re.search(r"\s", url):
                problems.append(raw.problem(f"expected an absolute http(s) URL, got {value!r}", "value", name))
                continue
            if name == "url" and arxiv is not None and url.rstrip("/") == arxiv.url:
                continue  # the arXiv page is the preprint link already
            links.append(Link(kind.kind, kind.label, url))
        else:  # doi
            doi = latex.decode_url(value).removeprefix("https://doi.org/").removeprefix("http://dx.doi.org/")
            if not _DOI.fullmatch(doi):
                problems.append(raw.problem(f"expected a DOI such as 10.1234/abc, got {value!r}", "value", name))
                continue
            links.append(Link(kind.kind, kind.label, kind.url_template.format(doi), doi))
    return tuple(links)
