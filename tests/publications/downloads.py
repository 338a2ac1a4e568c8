"""The BibTeX a visitor takes away, checked against the source: each paper's `.bib` download,
the all-papers file and the citation shown on the list and the paper page are one record,
field for field the source entry's citation fields (vocabulary.py), and nothing else.

Used on fixture sites (tests/publications/) and on the real site (tests/site/publications/)."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup
from pybtex.database import parse_file, parse_string

from sphinx_academic.publications import latex, vocabulary
from sphinx_academic.publications.model import page_name

ALL_PAPERS = "publications.bib"


def record(entry) -> dict:
    """A pybtex entry as comparable data: its type, fields (lower-case names) and people, in order."""
    return {
        "type": entry.type.lower(),
        "fields": {name.lower(): value for name, value in entry.fields.items()},
        "persons": {role.lower(): [str(person) for person in people] for role, people in entry.persons.items()},
    }


def citation_of(source_entry) -> dict:
    """What the citation of a source entry must be: its citation fields only, as written, except
    that LaTeX symbol and accent commands are their Unicode characters (issue 13: every BibTeX
    reader gets those right) outside the identifier fields (vocabulary.VERBATIM_FIELDS).

    When ``eprint_note`` says the eprint is another version, the eprint fields describe
    that version, not this work, and stay out (vocabulary.OTHER_VERSION_FIELDS)."""
    whole = record(source_entry)
    other_version = "eprint_note" in whole["fields"]
    whole["fields"] = {
        name: value
        for name, value in whole["fields"].items()
        if vocabulary.field_kind(name) == "citation"
        and value.strip()
        and not (other_version and name in vocabulary.OTHER_VERSION_FIELDS)
    }
    whole["fields"] = {
        name: value if name in vocabulary.VERBATIM_FIELDS else latex.unicode_symbols(value)
        for name, value in whole["fields"].items()
    }
    whole["persons"] = {
        role: [latex.unicode_symbols(name) for name in people] for role, people in whole["persons"].items()
    }
    return whole


def one_entry(text: str, where: str) -> tuple[str, dict]:
    entries = parse_string(text, "bibtex").entries
    assert len(entries) == 1, f"{where}: {len(entries)} entries, not one: {list(entries)}"
    [(key, entry)] = entries.items()
    return key, record(entry)


def download_problems(out: Path, bibfile: Path, pages_dir: str = "publications") -> tuple[list[str], list[str]]:
    """(the keys checked, in list order; every way the downloads and shown citations depart from the source).

    ``out`` is the built site, ``bibfile`` its source; the list page is ``<pages_dir>/index.html``."""
    source = parse_file(str(bibfile), "bibtex").entries
    folder = out / pages_dir
    listing = BeautifulSoup((folder / "index.html").read_text("utf-8"), "html.parser")
    listed = [li["id"] for li in listing.select("li.pub")]
    by_page = {page_name(key): key for key in source}
    problems = [f"listed but not in {bibfile.name}: {page}" for page in listed if page not in by_page]
    problems += [f"in {bibfile.name} but not listed: {key}" for page, key in by_page.items() if page not in listed]
    downloads = []
    for page in (page for page in listed if page in by_page):
        key = by_page[page]
        download = (folder / f"{page}.bib").read_text("utf-8")
        downloads.append(download)
        paper = BeautifulSoup((folder / f"{page}.html").read_text("utf-8"), "html.parser")
        shown = {
            f"the list's BibTeX of {key}": listing.select_one(f'li.pub[id="{page}"] details.pub-bibtex pre'),
            f"the paper page's BibTeX of {key}": paper.select_one("article.pub-paper details.pub-bibtex pre"),
        }
        wanted = citation_of(source[key])
        for where, text in [
            (f"{pages_dir}/{page}.bib", download),
            *((w, p.get_text() if p else "") for w, p in shown.items()),
        ]:
            found_key, found = one_entry(text, where)
            if found_key != key:
                problems.append(f"{where}: the key is {found_key!r}, not {key!r}")
            for part in ("type", "persons"):
                if found[part] != wanted[part]:
                    problems.append(f"{where}: {part} {found[part]!r}, the source's {wanted[part]!r}")
            for name in sorted(found["fields"].keys() | wanted["fields"].keys()):
                has, should = found["fields"].get(name), wanted["fields"].get(name)
                if has != should:
                    kind = vocabulary.field_kind(name) or "unknown"
                    problems.append(f"{where}: {kind} field {name} = {has!r}, the source's citation has {should!r}")
            if text.strip() != download.strip():
                problems.append(f"{where} is not the text of {pages_dir}/{page}.bib")
    every = (folder / ALL_PAPERS).read_text("utf-8")
    if every != "\n".join(downloads):
        problems.append(f"{pages_dir}/{ALL_PAPERS} is not every download, in the list's order")
    return [by_page[page] for page in listed if page in by_page], problems
