"""The real site (built by `make test`): the Mooncake paper, exactly as published."""

from __future__ import annotations

import json
import re

import pytest
from pybtex.database import parse_file

from tests.conftest import ROOT, read_inventory, site_configuration
from tests.markup import paper_details
from tests.publications.downloads import download_problems

KEY = "qin2025mooncake"
TITLE = "Mooncake: Trading More Storage for Less Computation — A KVCache-centric Architecture for Serving LLM Chatbot"
AUTHORS = [
    "Ruoyu Qin",
    "Zheming Li",
    "Weiran He",
    "Jialei Cui",
    "Feng Ren",
    "Mingxing Zhang",
    "Yongwei Wu",
    "Weimin Zheng",
    "Xinran Xu",
]
LINKS = [
    ("pdf", "https://www.usenix.org/system/files/fast25-qin.pdf"),
    ("slides", "https://www.usenix.org/system/files/fast25_slides-qin.pdf"),
    ("video", "https://www.youtube.com/watch?v=-Lpx9QuCEsw"),
    ("code", "https://github.com/kvcache-ai/Mooncake"),
    ("preprint", "https://arxiv.org/abs/2407.00079"),
    ("publisher", "https://www.usenix.org/conference/fast25/presentation/qin"),
]


def author_names(entry):
    """Author names in order, without the marks' screen-reader text."""
    authors = entry.select_one(".pub-authors")
    names = []
    for node in authors.children:
        text = node.get_text() if hasattr(node, "get_text") else str(node)
        if getattr(node, "name", None) == "sup":
            continue
        names += [n.strip() for n in text.split(",") if n.strip()]
    return names


def marked(entry, mark_class):
    """The names carrying a mark: the last name written before each mark."""
    return [m.find_previous(string=re.compile(r"\w")).split(",")[-1].strip() for m in entry.select(f".{mark_class}")]


@pytest.fixture(scope="module")
def listed(page):
    return page("publications/index.html").select_one(f"li.pub#{KEY}")


def test_list_entry_exact(listed):
    assert listed.select_one(".pub-title").get_text() == TITLE
    assert author_names(listed) == AUTHORS
    assert listed.select_one("strong.pub-owner").get_text() == "Ruoyu Qin"
    assert marked(listed, "pub-equal") == ["Ruoyu Qin", "Zheming Li"]
    assert marked(listed, "pub-corresponding") == ["Mingxing Zhang", "Xinran Xu"]
    assert all(m.select_one(".pub-sr-only") for m in listed.select(".pub-equal, .pub-corresponding"))
    assert listed.select_one(".pub-award").get_text().endswith("Erik Riedel Best Paper Award")
    assert listed.select_one(".pub-venue").get_text() == "FAST '25"
    assert listed["data-year"] == "2025"
    assert listed.select_one(".pub-venue-text").get_text().endswith("February 2025")
    assert [(a["data-kind"], a["href"]) for a in listed.select("a.pub-link")] == LINKS


def test_preprint_is_labelled_as_an_earlier_version(listed, page):
    assert listed.select_one('a.pub-link[data-kind="preprint"]').get_text() == "Preprint (earlier version)"
    paper = page(f"publications/{KEY}.html")
    dd = paper.find("dt", string="Preprint (earlier version)").find_next_sibling("dd")
    assert dd.get_text() == (
        "arXiv:2407.00079, titled “Mooncake: A KVCache-centric Disaggregated Architecture for LLM Serving”"
    )


def test_legend_explains_the_marks(page):
    legend = page("publications/index.html").select_one(".pub-legend").get_text()
    assert "Equal contribution" in legend and "Corresponding author" in legend


def test_bibtex_is_the_usenix_citation(listed, site):
    bibtex = listed.select_one("details.pub-bibtex pre").get_text()
    assert bibtex.splitlines()[0] == "@inproceedings{qin2025mooncake,"
    assert "  month     = feb\n}" in bibtex
    for site_only in ("award", "pdf", "slides", "eprint", "abstract", "selected", "equal_contribution", "venue_short"):
        assert not re.search(rf"^\s*{site_only}\s*=", bibtex, flags=re.MULTILINE)
    download = parse_file(str(site / f"publications/{KEY}.bib"), "bibtex").entries[KEY]
    assert download.fields["booktitle"] == "23rd USENIX Conference on File and Storage Technologies (FAST 25)"
    assert download.fields["pages"] == "155--170" and download.fields["isbn"] == "978-1-939133-45-8"
    assert str(download.persons["author"][0]) == "Qin, Ruoyu"


def test_every_download_is_the_citation_shown_with_only_citation_fields(site):
    """Every paper's .bib, the all-papers file and the BibTeX shown on the list and the paper
    page: the refs.bib entry's citation fields, field for field, and nothing else."""
    checked, problems = download_problems(site, ROOT / "refs.bib")
    assert checked == list(parse_file(str(ROOT / "refs.bib")).entries), "every refs.bib entry is listed and checked"
    assert not problems, "\n".join(problems)


def test_paper_page(page):
    paper = page(f"publications/{KEY}.html")
    assert paper.h1.get_text().rstrip("#") == TITLE
    assert paper.title.get_text().startswith(TITLE)
    article = paper.select_one(f"section#{KEY} > article.pub-paper")
    assert author_names(article) == AUTHORS
    details = paper_details(article)
    assert details["Event dates"] == "February 25–27, 2025"
    assert details["Location"] == "Santa Clara, CA, USA"
    assert details["Pages"] == "155–170"
    assert details["ISBN"] == "978-1-939133-45-8"
    assert details["Award"] == "Erik Riedel Best Paper Award"
    assert "DOI" not in details  # USENIX issues none
    abstract = article.select_one(".pub-abstract-full").get_text()
    assert "59%~498%" in abstract and "115% and 107%" in abstract
    cited_by = [a.get_text() for a in article.select(".pub-cited-by a")]
    assert "Mooncake Store" in cited_by and "Research" in cited_by


def test_scholar_tags_and_json_ld(page):
    head = page(f"publications/{KEY}.html").head
    # Last name first: no reader splits "van Beethoven, Ludwig" wrongly.
    last_first = [", ".join(reversed(name.rsplit(" ", 1))) for name in AUTHORS]
    assert [m["content"] for m in head.select('meta[name="citation_author"]')] == last_first
    assert head.select_one('meta[name="citation_title"]')["content"] == TITLE
    assert head.select_one('meta[name="citation_publication_date"]')["content"] == "2025/02"
    assert head.select_one('meta[name="citation_conference_title"]')["content"] == (
        "23rd USENIX Conference on File and Storage Technologies (FAST 25)"
    )
    assert head.select_one('meta[name="citation_firstpage"]')["content"] == "155"
    assert head.select_one('meta[name="citation_lastpage"]')["content"] == "170"
    assert head.select_one('meta[name="citation_pdf_url"]')["content"] == LINKS[0][1]
    assert not head.select('meta[name="citation_doi"]')
    (script,) = head.select('script[type="application/ld+json"]')
    data = json.loads(script.string)
    assert data["@type"] == "ScholarlyArticle" and data["name"] == TITLE
    assert [a["name"] for a in data["author"]] == AUTHORS
    assert data["author"][0]["@id"].endswith("/#person")
    assert data["award"] == "Erik Riedel Best Paper Award"
    # The same work elsewhere: the publisher's page (USENIX issues no DOI), not the preprint,
    # which is an earlier version with another title.
    assert data["sameAs"] == ["https://www.usenix.org/conference/fast25/presentation/qin"]


def test_selected_on_home_page_and_compact_on_cv(page):
    home = page("index.html").select("li.pub")
    assert [li["id"] for li in home] == [KEY]
    cv = page("cv/index.html")
    assert [li["id"] for li in cv.select("li.pub")] == [KEY]
    for entry in (*home, *cv.select("li.pub")):
        assert author_names(entry) == AUTHORS
    assert not cv.select("form.pub-filters, details.pub-abstract, details.pub-bibtex, button.pub-copy-bibtex")


def test_cite_role_resolves_to_the_paper(page):
    for doc, prefix in (("research/index.html", "../"), ("projects/mooncake-store.html", "../")):
        cite = page(doc).select_one(".bibtex-citation a")
        assert cite["href"] == f"{prefix}publications/{KEY}.html#{KEY}", doc


def test_the_site_cites_through_sphinxcontrib_bibtex_and_hides_no_warning():
    """One citation syntax, sphinxcontrib-bibtex's, with nothing registered twice: the site's
    configuration suppresses no warning (a role registered again warns; `make html` fails on it)."""
    namespace = site_configuration()
    assert "suppress_warnings" not in namespace
    assert "sphinxcontrib.bibtex" in namespace["extensions"]
    assert namespace["bibtex_bibfiles"][0] == "refs.bib"


def test_objects_inv_lists_the_paper(site):
    inventory = read_inventory(site / "objects.inv")
    assert inventory["std:label"][KEY].uri == f"publications/{KEY}.html#{KEY}"
