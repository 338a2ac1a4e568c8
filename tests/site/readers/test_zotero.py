"""Saving the built site's pages to Zotero, with its Embedded Metadata translator as of
2026-04-27 (zotero/translators f6350edad7f4), emulated from its source (tests/zotero.py).

Each paper page saves as its type's item with every field the page knows; every other page as
a web page by Ruoyu Qin. Before this was tested, the Mooncake page saved with proceedingsTitle
"Ruoyu Qin" (og:type "website" copied og:site_name into it) and an abstract cut at 147
characters, and the other pages saved without a creator, the home page dated by its newest news.
"""

from __future__ import annotations

import pytest
from pybtex.database import parse_file
from pybtex.richtext import Text

from tests.conftest import ROOT
from tests.markup import heading_text
from tests.site.conftest import NOT_FOUND_PAGE
from tests.zotero import saved_item

#: The site's type of a paper (data-type) -> the Zotero item type it must save as.
ITEM_TYPES = {
    "conference": "conferencePaper",
    "journal": "journalArticle",
    "preprint": "preprint",
    "chapter": "bookSection",
    "book": "book",
    "thesis": "thesis",
    "report": "report",
    "other": "document",
}


MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()


def decoded(value: str) -> str:
    return Text.from_latex(value).render_as("text")


def bibtex_date(fields) -> str:
    """ "2025/02" from year and month (pybtex expands `feb` to "February")."""
    month = fields.get("month", "")
    number = int(month) if month.isdigit() else MONTHS.index(month[:3].lower()) + 1 if month else None
    return fields["year"] + (f"/{number:02d}" if number else "")


@pytest.fixture(scope="session")
def saved(public_pages, served) -> dict:
    """What Zotero saves from each public page, served at its canonical URL."""
    urls = dict(served)
    return {name: saved_item(str(page), urls[name]) for name, page in public_pages.items()}


@pytest.fixture(scope="session")
def papers(page):
    """(paper page, its refs.bib entry) for every entry."""
    found = []
    for key, entry in parse_file(str(ROOT / "refs.bib"), "bibtex").entries.items():
        name = f"publications/{key.lower()}.html"
        assert page(name).select_one("article.pub-paper"), f"{key}: no paper page at {name}"
        found.append((name, entry))
    assert found
    return found


def test_every_paper_page_saves_as_its_type_with_every_field(papers, saved, page, served):
    urls = dict(served)
    for name, entry in papers:
        item, paper = saved[name], page(name)
        fields = item.fields
        kind = paper.select_one("article.pub-paper")["data-type"]
        assert item.item_type == ITEM_TYPES[kind], (name, item.item_type)
        assert fields["title"] == heading_text(paper.h1), name
        people = [
            (decoded(" ".join(p.first_names + p.middle_names)), decoded(" ".join(p.prelast_names + p.last_names)))
            for p in entry.persons["author"]
        ]
        assert [(first, last) for first, last, _ in item.creators] == people, f"{name}: creators, in order"
        assert {role for *_, role in item.creators} == {"author"}, name
        assert fields["date"] == bibtex_date(entry.fields), (name, fields["date"])
        abstract = " ".join(paper.select_one(".pub-abstract-full").get_text(" ").split())
        assert fields["abstractNote"] == abstract, f"{name}: the whole abstract"
        assert fields["url"] == urls[name], name
        for bibtex, zotero in (("publisher", "publisher"), ("isbn", "ISBN"), ("doi", "DOI"), ("address", "place")):
            if bibtex in entry.fields:
                assert fields.get(zotero) == decoded(entry.fields[bibtex]), (name, zotero)
        if "pages" in entry.fields:
            assert fields["pages"] == entry.fields["pages"].replace("--", "-"), name
        if item.item_type == "conferencePaper":
            venue = decoded(entry.fields["booktitle"])
            assert fields["proceedingsTitle"] == venue, f"{name}: proceedingsTitle is the proceedings"
            assert fields["conferenceName"] == decoded(entry.fields.get("eventtitle", entry.fields["booktitle"]))
        if item.item_type == "journalArticle":
            assert fields["publicationTitle"] == decoded(entry.fields["journal"]), name
        assert "Ruoyu Qin" not in (fields.get("proceedingsTitle"), fields.get("publicationTitle")), name
        assert not item.dropped.keys() - {"libraryCatalog"}, (name, item.dropped)


def test_the_mooncake_paper_saves_as_the_fast_paper(saved):
    fields = saved["publications/qin2025mooncake.html"].fields
    assert (
        fields["proceedingsTitle"]
        == fields["conferenceName"]
        == ("23rd USENIX Conference on File and Storage Technologies (FAST 25)")
    )
    assert (fields["date"], fields["pages"], fields["place"]) == ("2025/02", "155-170", "Santa Clara, CA")
    assert (fields["publisher"], fields["ISBN"]) == ("USENIX Association", "978-1-939133-45-8")
    assert fields["abstractNote"].endswith("compared to previous systems.") and len(fields["abstractNote"]) > 1000


def test_every_other_page_saves_as_a_web_page_by_ruoyu_qin_without_a_borrowed_date(saved, public_pages):
    others = [name for name in saved if not name.startswith("publications/") or name == "publications/index.html"]
    assert {"index.html", "cv/index.html", "research/index.html", "projects/mooncake-store.html"} <= set(others)
    for name in others:
        item, head = saved[name], public_pages[name].head
        assert item.item_type == "webpage", (name, item.item_type)
        assert item.creators == [("Ruoyu", "Qin", "author")], (name, item.creators)
        assert item.fields["websiteTitle"] == "Ruoyu Qin", name
        # The page's own title: Zotero strips the site's name from og:title ("CV — Ruoyu Qin").
        assert item.fields["title"] == head.title.get_text().removesuffix(" — Ruoyu Qin"), name
        assert "date" not in item.fields, f"{name}: dated {item.fields.get('date')}, but it has no date of its own"
        assert item.fields["url"] == head.find("link", rel="canonical")["href"], name
    assert saved["index.html"].fields["url"].endswith("/"), "the home page is saved at the site root"
    assert NOT_FOUND_PAGE not in saved
