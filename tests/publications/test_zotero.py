"""Paper pages saved to Zotero: its Embedded Metadata translator as of 2026-04-27 (zotero/translators
f6350edad7f4), emulated from its source (tests/zotero.py), on the publications root (a conference
paper, a journal article) and on arXiv's own export (a preprint)."""

from __future__ import annotations

import pytest

from tests.publications.test_exports import EXPORTS, build_export
from tests.zotero import saved_item

BASE = "https://example.org/site/publications/"
EXPORTS_BASE = "https://example.org/publications/"


def saved(built, page: str):
    return saved_item(built.html(f"publications/{page}.html"), BASE + f"{page}.html")


@pytest.mark.sphinx("html", testroot="publications")
@pytest.mark.test_params(shared_result="publications-site")
def test_conference_paper_and_journal_article_save_with_every_field(fixture_site):
    paper = saved(fixture_site, "lovelace2024engine")
    assert paper.item_type == "conferencePaper"
    assert paper.creators == [
        ("Ada", "Lovelace", "author"),
        ("Charles", "Babbage", "author"),
        ("Jérôme", "Müller", "author"),
    ]
    assert paper.fields == {
        "title": "The Analytical Engine — Notes on G-Code: 100% ~Exact",
        "proceedingsTitle": "Proceedings of the First Engine Symposium (ENGINE 24)",  # never the site's name
        "conferenceName": "Proceedings of the First Engine Symposium (ENGINE 24)",
        "date": "2024/03",
        "pages": "10-20",
        "ISBN": "978-0-00-000000-0",
        "DOI": "10.1234/engine.2024",
        "publisher": "Engine Society",
        "place": "London",
        "abstractNote": "First paragraph about the Engine. Second paragraph: 42% faster.",  # whole
        "url": BASE + "lovelace2024engine.html",
        "language": "en",
        "libraryCatalog": "example.org",
    }
    article = saved(fixture_site, "babbage2023mill")
    assert article.item_type == "journalArticle"
    assert [(f, last) for f, last, _ in article.creators] == [("Charles", "Babbage"), ("A.", "Lovelace")]
    assert (article.fields["publicationTitle"], article.fields["volume"], article.fields["issue"]) == (
        "Journal of Engines",
        "7",
        "2",
    )
    assert article.fields["date"] == "2023/11"


def test_preprint_saves_as_a_preprint_with_its_arxiv_id(make_app, rootdir, tmp_path):
    out, warnings = build_export(make_app, rootdir, tmp_path, (EXPORTS / "arxiv.bib").read_text("utf-8"))
    assert warnings == "", warnings
    page = "qin2024mooncakekvcachecentricdisaggregatedarchitecture"
    item = saved_item((out / "publications" / f"{page}.html").read_text("utf-8"), EXPORTS_BASE + f"{page}.html")
    assert item.item_type == "preprint"
    assert item.fields["archiveID"] == "arXiv:2407.00079"  # Zotero's field for the arXiv id
    assert item.fields["repository"] == "arXiv"
    assert item.fields["title"] == "Mooncake: A KVCache-centric Disaggregated Architecture for LLM Serving"
    assert item.creators[0] == ("Ruoyu", "Qin", "author") and len(item.creators) == 7
    assert item.fields["date"].startswith("2024")
    assert "publicationTitle" not in item.fields and "websiteTitle" not in item.fields  # not the site's name
