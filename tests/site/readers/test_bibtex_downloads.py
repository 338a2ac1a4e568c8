"""Every BibTeX download of the built site, as the citation parsers people use read it.

Each parser must read every entry of every download, with no error or warning, and get what the
paper's own page says (its Scholar tags): its title exactly as shown (case as written, the LaTeX
decoded), its authors in order, its year and month, venue, pages, publisher and ISBN. Clients:

- pybtex (the version the site installs, 0.24–0.26) and bibtexparser 2.1.0 (test extra), in process;
- bibtexparser 1.4.4, from .tools/, in a subprocess (both lines import as bibtexparser);
- citeproc-py 0.11.1 (test extra), which reads BibTeX into CSL and formats it;
- citation-js 0.7 (@citation-js/core and plugin-bibtex 0.7.21, plugin-csl 0.7.22) and
  bibtex-tidy 1.14.0, in one Node.js process over every download (tools/test-clients).

Before this was tested, citeproc-py could not read the Mooncake download at all:
``{\\textemdash}`` in its title raised "RuntimeError: generator raised StopIteration".
"""

from __future__ import annotations

import re
import warnings

import bibtexparser
import pytest
from bibtexparser import middlewares
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.bibtex import BibTeX
from pybtex.database import parse_file
from pybtex.richtext import Text

from tests.markup import meta

LATEX_LEFT = re.compile(r"[{}\\]")  # what no reader should show of the BibTeX source


def family_given(name: str) -> tuple[str, str]:
    """A citation_author as (family, given): "Qin, Ruoyu" or "Ruoyu Qin"."""
    if ", " in name:
        return tuple(name.split(", ", 1))
    given, _, family = name.rpartition(" ")
    return family, given


@pytest.fixture(scope="session")
def entries(site, downloads) -> dict[str, list[str]]:
    """The keys in each download, as pybtex reads them (it must read every one of them)."""
    keys = {name: list(parse_file(str(site / name), "bibtex").entries) for name in downloads}
    assert all(keys.values()), keys
    return keys


@pytest.fixture(scope="session")
def expected(downloads, entries, page) -> dict[str, dict]:
    """What each paper's own page says about it, by BibTeX key: what every reader must get."""
    papers = {}
    for download in downloads:
        if download.endswith("/publications.bib"):
            continue
        head = page(download.removesuffix(".bib") + ".html").head

        def tags(name, head=head) -> list[str]:
            return [m["content"] for m in head.find_all("meta", attrs={"name": name})]

        date = tags("citation_publication_date")[0].split("/")
        [key] = entries[download]
        papers[key] = {
            "title": meta(head, "citation_title"),
            "authors": [family_given(a) for a in tags("citation_author")],
            "year": int(date[0]),
            "month": int(date[1]) if len(date) > 1 else None,
            "venue": next(iter(tags("citation_inbook_title") + tags("citation_journal_title")), None),
            "pages": "-".join(tags("citation_firstpage")[:1] + tags("citation_lastpage")[:1]) or None,
            "publisher": meta(head, "citation_publisher"),
            "isbn": meta(head, "citation_isbn"),
        }
    every = set(entries["publications/publications.bib"])
    assert every == set(papers), f"publications.bib holds {sorted(every)}, the paper pages {sorted(papers)}"
    return papers


def test_each_paper_page_shows_the_bibtex_it_serves(downloads, entries, site, page):
    for download in downloads:
        if download.endswith("/publications.bib"):
            continue
        shown = page(download.removesuffix(".bib") + ".html").select_one("details.pub-bibtex pre").get_text()
        assert shown == (site / download).read_text("utf-8"), f"{download}: the page shows other BibTeX"
        assert len(entries[download]) == 1, download


def test_the_real_title_keeps_its_case_braces_and_writes_its_dash_as_a_character(site):
    """refs.bib writes `{\\textemdash}`, `{KVCache-centric}` and `{LLM}`: the download has "—" and
    both case-protecting groups."""
    fields = parse_file(str(site / "publications/qin2025mooncake.bib"), "bibtex").entries["qin2025mooncake"].fields
    assert "— A {KVCache-centric} Architecture for Serving {LLM} Chatbot" in fields["title"]
    assert "\\" not in fields["title"]


def test_pybtex_reads_every_download(site, downloads, entries, expected):
    """pybtex, the library under Sphinx's own BibTeX support."""
    for download in downloads:
        data = parse_file(str(site / download), "bibtex")
        for key in entries[download]:
            fields, want = data.entries[key].fields, expected[key]
            assert Text.from_latex(fields["title"]).render_as("text") == want["title"], (download, key)
            people = [(" ".join(p.prelast_names + p.last_names), " ".join(p.first_names + p.middle_names))
                      for p in data.entries[key].persons["author"]]  # fmt: skip
            assert people == want["authors"], (download, key)
            assert int(fields["year"]) == want["year"], (download, key)


def test_bibtexparser_2_reads_every_download(site, downloads, entries, expected):
    """bibtexparser 2.1.0, with its LaTeX decoding and name splitting middlewares."""
    assert bibtexparser.__version__ == "2.1.0"
    for download in downloads:
        library = bibtexparser.parse_string(
            (site / download).read_text("utf-8"),
            append_middleware=[
                middlewares.LatexDecodingMiddleware(),
                middlewares.SeparateCoAuthors(),
                middlewares.SplitNameParts(),
            ],
        )
        assert not library.failed_blocks, (download, library.failed_blocks)
        assert [e.key for e in library.entries] == entries[download]
        for entry in library.entries:
            want = expected[entry.key]
            assert entry["title"] == want["title"], (download, entry.key)
            names = [(" ".join(n.von + n.last), " ".join(n.first)) for n in entry["author"]]
            assert names == want["authors"], (download, entry.key)


def test_bibtexparser_1_reads_every_download(downloads, entries, expected, bibtexparser1):
    """bibtexparser 1.4.4, with its convert_to_unicode customization (braces kept, as it does)."""
    for download in downloads:
        read = bibtexparser1[download]
        assert [e["ID"] for e in read] == entries[download], download
        for entry in read:
            want = expected[entry["ID"]]
            assert entry["title"].replace("{", "").replace("}", "") == want["title"], (download, entry["ID"])
            authors = [a.strip() for a in entry["author"].split(" and ")]
            assert len(authors) == len(want["authors"]), (download, entry["ID"])


def test_citeproc_py_reads_and_formats_every_download(site, downloads, entries, expected):
    """citeproc-py 0.11.1: BibTeX to CSL, then a reference in its bundled Harvard style.

    The downloads are UTF-8; citeproc-py reads ASCII unless told (``encoding``)."""
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    for download in downloads:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            source = BibTeX(str(site / download), encoding="utf-8")
        # citeproc-py maps no CSL variable to `url`: that one it may skip, nothing else.
        unread = [str(w.message) for w in caught if "Unsupported BibTeX field 'url'" not in str(w.message)]
        assert not unread, (download, unread)
        assert list(source) == [key.lower() for key in entries[download]], download
        bibliography = CitationStylesBibliography(style, source, formatter.plain)
        for key in source:
            reference, want = source[key], expected[next(k for k in entries[download] if k.lower() == key)]
            assert str(reference["title"]) == want["title"], (download, key)
            assert [(a["family"], a["given"]) for a in reference["author"]] == want["authors"], (download, key)
            assert reference["issued"]["year"] == want["year"], (download, key)
            assert reference["issued"].get("month") == want["month"], (download, key)
            if want["venue"]:
                assert str(reference["container_title"]) == want["venue"], (download, key)
            bibliography.register(Citation([CitationItem(key)]))
        for text in map(str, bibliography.bibliography()):
            assert not LATEX_LEFT.search(text), (download, text)


def test_citation_js_reads_and_formats_every_download(downloads, entries, expected, citation_js):
    """citation-js 0.7: BibTeX to CSL-JSON, then an APA reference, with nothing said on the console."""
    for download in downloads:
        result = citation_js[download]
        assert "citationJsError" not in result, (download, result.get("citationJsError"))
        assert not result["console"], (download, result["console"])
        assert [item["id"] for item in result["csl"]] == entries[download], download
        for item in result["csl"]:
            want = expected[item["id"]]
            assert item["title"] == want["title"], (download, item["id"])
            assert [(a["family"], a["given"]) for a in item["author"]] == want["authors"], (download, item["id"])
            assert item["issued"]["date-parts"][0][:2] == [want["year"], want["month"]][: 1 + bool(want["month"])]
            for csl, name in (("container-title", "venue"), ("page", "pages"), ("publisher", "publisher")):
                if want[name]:
                    assert item.get(csl) == want[name], (download, item["id"], csl)
            if want["isbn"]:
                assert item.get("ISBN") == want["isbn"], (download, item["id"])
            assert want["title"] in result["bibliography"], (download, result["bibliography"])
        assert not LATEX_LEFT.search(result["bibliography"]), (download, result["bibliography"])


def test_bibtex_tidy_finds_nothing_to_warn_about(downloads, entries, citation_js):
    """bibtex-tidy 1.14.0, the formatter and checker: no warning, every entry counted."""
    for download in downloads:
        tidy = citation_js[download].get("tidy")
        assert tidy is not None, (download, citation_js[download].get("tidyError"))
        assert tidy["warnings"] == [], (download, tidy["warnings"])
        assert tidy["count"] == len(entries[download]), download
