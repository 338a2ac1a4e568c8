"""The site's pybtex style: reference lists and footnotes that look like the publication list.

sphinxcontrib-bibtex formats ``{bibliography}``, ``{footbibliography}`` and
``{footcite}`` entries with a pybtex *formatting style*, chosen by name
(``bibtex_default_style``). pybtex's standard styles sentence-case titles and
write names "R. Qin"; this one (registered as the plugin ``academic`` in the
``pybtex.style.formatting`` group) writes, as the publication list does:

    Ruoyu Qin, Zheming Li, …, Xinran Xu. Mooncake: Trading More Storage … LLM Chatbot.
    *23rd USENIX Conference on File and Storage Technologies (FAST 25)*, pp. 155–170, 2025.

with every name in full and the owner's in bold, the title exactly as written
(LaTeX decoded, case kept) and linked to the paper's own page on the site when
there is one (else to its URL or DOI), and the venue (an arXiv preprint's is
"arXiv:2407.00079 [cs.DC]").

Labels (the ``academic`` plugin of ``pybtex.style.labels``) are author–year:
"Qin 2025", "Qin and Li 2025", "Qin et al. 2025". Two works with the same label
become 2025a and 2025b, ordered by date, then title. The suffixes are decided
over every entry of every BibTeX file of the site, so a work has the same label
in every reference list, whichever other works the list holds.

pybtex and sphinxcontrib-bibtex create styles by name, without arguments: the
site's data (the labels, which works have a page, the owner's names) reaches
them through ``use_site``, which the engine calls at the start of every build.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from pybtex.richtext import HRef, Tag, Text
from pybtex.style import FormattedEntry
from pybtex.style.formatting import BaseStyle
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.sorting import BaseSortingStyle

from . import latex, model, vocabulary

#: The scheme of a link to a paper page before it is resolved (``citations.PaperLinks``).
PAPER_LINK_SCHEME = "sphinx-academic-paper:"


class Label(NamedTuple):
    authors: str  #: "Qin", "Qin and Li", "Qin et al."
    year: str  #: "2025", "2025a", "n.d."

    @property
    def text(self) -> str:
        return f"{self.authors} {self.year}"


@dataclass
class SiteData:
    """What the styles know of the site during a build."""

    labels: dict[str, Label] = field(default_factory=dict)  #: by entry key
    papers: frozenset[str] = frozenset()  #: keys of the works that have a paper page
    owner_keys: frozenset[str] = frozenset()  #: the owner's names, as ``latex.name_key`` gives them


_site = SiteData()


def use_site(data: SiteData) -> None:
    """Set what the styles know of the site: called by the engine once per build."""
    global _site
    _site = data


def site() -> SiteData:
    return _site


# -- labels ------------------------------------------------------------------------------------


def _persons(entry):
    return entry.persons.get("author") or entry.persons.get("editor") or []


def last_name(person) -> str:
    return latex.decode(" ".join(person.prelast_names + person.last_names)) or latex.decode(str(person))


def full_name(person) -> str:
    parts = person.first_names + person.middle_names + person.prelast_names + person.last_names
    name = latex.decode(" ".join(parts))
    if person.lineage_names:
        name += ", " + latex.decode(" ".join(person.lineage_names))
    return name


def entry_date(entry) -> tuple[int | None, int, int]:
    """(year, month, day) of a pybtex entry: ``year``/``month`` or biblatex ``date``; 0 when unknown."""
    fields = entry.fields
    match = re.match(r"\s*(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", fields.get("date", ""))
    year = month = day = None
    if match:
        year, month, day = (int(g) if g else None for g in match.groups())
    year_field = re.fullmatch(r"\s*(\d{4})\s*", fields.get("year", ""))
    if year_field:
        year = int(year_field.group(1))
    month_text = latex.decode(fields.get("month", "")).strip().lower().rstrip(".")
    for number, name in enumerate(vocabulary.MONTHS, start=1):
        if month_text in (name, name[:3], str(number)):
            month = number
    return year, month or 0, day or 0


def base_label(entry) -> Label:
    names = [last_name(p) for p in _persons(entry)]
    if not names:
        words = latex.decode(entry.fields.get("title", entry.key)).split()
        authors = " ".join(words[:3]) or entry.key
    elif len(names) == 1:
        authors = names[0]
    elif len(names) == 2:
        authors = f"{names[0]} and {names[1]}"
    else:
        authors = f"{names[0]} et al."
    year = entry_date(entry)[0]
    return Label(authors, str(year) if year else "n.d.")


def author_year_labels(entries: Iterable) -> dict[str, Label]:
    """Unique author–year labels: equal ones get a, b, … by date, then title, then key."""
    groups: defaultdict[Label, list] = defaultdict(list)
    for entry in entries:
        groups[base_label(entry)].append(entry)
    labels = {}
    for base, group in groups.items():
        if len(group) == 1:
            labels[group[0].key] = base
            continue
        dates = {e.key: entry_date(e) for e in group}
        # Titles decide between works of the same date only: decoded for those alone (slow LaTeX).
        shared = {date for date, count in Counter(dates.values()).items() if count > 1}
        group.sort(
            key=lambda e: (
                dates[e.key],
                latex.decode(e.fields.get("title", "")).casefold() if dates[e.key] in shared else "",
                e.key,
            )
        )
        for index, entry in enumerate(group):
            labels[entry.key] = Label(base.authors, base.year + _suffix(index))
    return labels


def _suffix(index: int) -> str:
    """a … z, then aa, ab, …: enough for any number of works in one year."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def label_of(entry) -> Label:
    return _site.labels.get(entry.key) or base_label(entry)


class AuthorYearLabelStyle(BaseLabelStyle):
    """pybtex label style ``academic``: the site's author–year labels."""

    def format_labels(self, sorted_entries):
        entries = list(sorted_entries)
        if all(entry.key in _site.labels for entry in entries):
            return [_site.labels[entry.key].text for entry in entries]
        local = author_year_labels(entries)  # outside a site build: unique within these entries
        return [local[entry.key].text for entry in entries]


class AuthorYearSortingStyle(BaseSortingStyle):
    """By first author's last name, then date, then title: the order of their labels."""

    def sorting_key(self, entry):
        names = [last_name(p).casefold() for p in _persons(entry)]
        return (names, entry_date(entry), latex.decode(entry.fields.get("title", "")).casefold())

    def sort(self, entries):
        return sorted(entries, key=self.sorting_key)


# -- entries -----------------------------------------------------------------------------------


def venue_of(entry) -> str | None:
    fields = {name.lower(): value for name, value in entry.fields.items()}
    arxiv = model.arxiv_id(fields)
    type_info = vocabulary.ENTRY_TYPES.get(entry.type.lower(), vocabulary.ENTRY_TYPES["misc"])
    value = next((fields[name] for name in type_info.venue_fields if fields.get(name)), None)
    venue = latex.decode(value) if value else None
    if arxiv is not None and "eprint_note" not in fields and (venue is None or model.ARXIV_VENUE.match(venue)):
        return arxiv.label
    return venue


class AcademicStyle(BaseStyle):
    """pybtex formatting style ``academic`` (see the module's docstring)."""

    default_label_style = "academic"
    default_sorting_style = "academic"
    default_name_style = "plain"

    def format_entry(self, label, entry, bib_data=None):
        return FormattedEntry(entry.key, self.format_text(entry), label)

    def format_text(self, entry) -> Text:
        parts = []
        names = [self.person(p) for p in _persons(entry)]
        if names:
            parts.append(Text(*_joined(names, ", ")))
        parts.append(self.title(entry))
        details = []
        venue = venue_of(entry)
        if venue:
            details.append(Tag("em", venue))
        pages = latex.decode(entry.fields.get("pages", "")).replace("--", "–")
        if pages:
            details.append(Text(f"pp. {pages}"))
        year = entry_date(entry)[0]
        details.append(Text(str(year) if year else "n.d."))
        parts.append(Text(*_joined(details, ", ")))
        # "Title?" keeps its question mark: add_period adds a period only where none ends the part.
        return Text(*_joined([part.add_period() for part in parts], " "))

    def person(self, person) -> Text:
        name = full_name(person)
        if latex.name_key(name) in _site.owner_keys:
            return Text(Tag("strong", name))
        return Text(name)

    def title(self, entry) -> Text:
        title = latex.decode(entry.fields.get("title", "")) or entry.key
        if entry.key in _site.papers:
            return Text(HRef(PAPER_LINK_SCHEME + entry.key, title))
        url = latex.decode_url(entry.fields.get("url", ""))
        if url.startswith(("https://", "http://")):
            return Text(HRef(url, title))
        doi = latex.decode_url(entry.fields.get("doi", ""))
        if doi:
            return Text(HRef(f"https://doi.org/{doi}", title))
        return Text(title)


def _joined(parts: list, separator: str) -> list:
    joined: list = []
    for index, part in enumerate(parts):
        if index:
            joined.append(separator)
        joined.append(part)
    return joined
