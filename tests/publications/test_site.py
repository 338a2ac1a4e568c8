"""The root tests/roots/test-publications/ built with the engine: lists, paper pages,
metadata, downloads, escaping. One build serves every test of this module (`shared_result`)."""

from __future__ import annotations

import json
import re

import pytest
from pybtex.database import parse_file

from tests.conftest import read_inventory
from tests.markup import paper_details
from tests.publications.downloads import download_problems

pytestmark = [
    pytest.mark.sphinx("html", testroot="publications"),
    pytest.mark.test_params(shared_result="publications-site"),
]

TITLE = "The Analytical Engine — Notes on G-Code: 100% ~Exact"


def items(soup):
    return soup.select("li.pub")


def test_build_has_no_warnings(fixture_site):
    assert fixture_site.warnings == ""


def test_grouped_by_year_newest_first_then_month_then_title(fixture_site):
    soup = fixture_site.soup("publications/index.html")
    assert [h.get_text() for h in soup.select("section.pub-year > h2")] == ["2024", "2023", "2022"]
    # 2023: November before May; the two May papers by title ("A Difference" sorts before "An Analytic").
    assert [li["id"] for li in items(soup)] == [
        "lovelace2024engine",
        "babbage2023mill",
        "babbage2023difference",
        "babbage2023analytic",
        "hostile2022",
    ]
    assert [li["data-year"] for li in items(soup)] == ["2024", "2023", "2023", "2023", "2022"]
    assert [li["data-type"] for li in items(soup)] == ["conference", "journal", "conference", "conference", "other"]


def test_titles_exactly_as_written_and_linked_to_paper_pages(fixture_site):
    soup = fixture_site.soup("publications/index.html")
    title = soup.select_one("#lovelace2024engine .pub-title")
    assert title.get_text() == TITLE
    assert title.a["href"] == "lovelace2024engine.html#lovelace2024engine"


def test_owner_highlighted_in_every_name_variant(fixture_site):
    soup = fixture_site.soup("publications/index.html")
    owners = [(s.find_parent("li", class_="pub")["id"], s.get_text()) for s in soup.select("strong.pub-owner")]
    assert owners == [("lovelace2024engine", "Ada Lovelace"), ("babbage2023mill", "A. Lovelace")]


def test_equal_contribution_and_corresponding_marks_with_legend(fixture_site):
    soup = fixture_site.soup("publications/index.html")
    authors = soup.select_one("#lovelace2024engine .pub-authors")
    assert authors.get_text() == (
        "Ada Lovelace* (equal contribution), Charles Babbage* (equal contribution), "
        "Jérôme Müller† (corresponding author)"
    )
    marks = authors.select(".pub-equal")
    assert len(marks) == 2 and all(m.select_one(".pub-sr-only") for m in marks)
    assert all(m.select_one("[aria-hidden=true]").get_text() == "*" for m in marks)
    legend = soup.select_one(".pub-legend")
    assert legend.get_text() == "* Equal contribution · † Corresponding author"


def test_badges_and_venue_line(fixture_site):
    soup = fixture_site.soup("publications/index.html")
    entry = soup.select_one("#lovelace2024engine")
    assert entry.select_one(".pub-venue").get_text() == "ENGINE '24"
    award = entry.select_one(".pub-award")
    assert award.get_text().strip() == "Best Paper Award"
    assert award.select_one("svg.pub-award-icon")["aria-hidden"] == "true"  # decoration only
    assert entry.select_one(".pub-venue-text").get_text() == (
        "Proceedings of the First Engine Symposium (ENGINE 24), London, UK, pp. 10–20, March 2024"
    )
    assert soup.select_one("#babbage2023mill .pub-venue") is None
    assert soup.select_one("#babbage2023mill .pub-venue-text").get_text() == (
        "Journal of Engines, vol. 7, no. 2, November 2023"
    )


def test_typed_links_only_those_present(fixture_site):
    soup = fixture_site.soup("publications/index.html")
    links = [(a["data-kind"], a.get_text(), a["href"]) for a in soup.select("#lovelace2024engine a.pub-link")]
    assert links == [
        ("pdf", "PDF", "https://example.org/engine24/lovelace.pdf"),
        ("code", "Code", "https://example.org/code/engine"),
        ("preprint", "Preprint (earlier version)", "https://arxiv.org/abs/2401.00001"),
        ("doi", "DOI", "https://doi.org/10.1234/engine.2024"),
        ("publisher", "Publisher page", "https://example.org/engine24/lovelace"),
    ]
    assert [a["data-kind"] for a in soup.select("#babbage2023mill a.pub-link")] == ["slides"]
    assert soup.select("#babbage2023difference a.pub-link") == []


def test_disclosures_and_stripped_bibtex(fixture_site):
    soup = fixture_site.soup("publications/index.html")
    entry = soup.select_one("#lovelace2024engine")
    abstract = entry.select_one("details.pub-abstract")
    assert abstract.summary.get_text() == "Abstract"
    assert [p.get_text() for p in abstract.select("p")] == [
        "First paragraph about the Engine.",
        "Second paragraph: 42% faster.",
    ]
    bibtex = entry.select_one("details.pub-bibtex pre").get_text()
    assert bibtex.startswith("@inproceedings{lovelace2024engine,\n  author    = {Ada Lovelace and")
    assert "  month     = mar,\n" in bibtex
    for site_only in ("venue_short", "award", "equal_contribution", "pdf", "eprint", "abstract", "selected"):
        assert site_only not in bibtex
    # "Copy BibTeX" needs JavaScript: the script adds it, so no page read without it shows one.
    assert not soup.select(".pub button")
    download = entry.select_one("a.pub-download-bib")
    assert download["href"] == "lovelace2024engine.bib" and download["download"] == "lovelace2024engine.bib"
    assert entry.select_one("details.pub-abstract") and not soup.select("#babbage2023mill details.pub-abstract")


def test_downloadable_bib_files_parse_back(fixture_site):
    single = parse_file(str(fixture_site.out / "publications/lovelace2024engine.bib"), "bibtex")
    fields = single.entries["lovelace2024engine"].fields
    # The em dash as its character (every BibTeX reader gets it right); case braces, escapes and
    # the ASCII-standing \textasciitilde (a bare "~" is a LaTeX space) as written.
    assert fields["title"] == r"The {Analytical Engine} — Notes on {G}-Code: 100\% {\textasciitilde}Exact"
    assert "award" not in fields and "abstract" not in fields
    every = parse_file(str(fixture_site.out / "publications/publications.bib"), "bibtex")
    hostile = every.entries["hostile2022"]
    assert hostile.fields["title"] == '</script><script>alert("title")</script> & "quotes" <b>bold</b>'


def test_every_download_is_the_citation_shown_with_only_citation_fields(fixture_site, rootdir):
    """Each .bib download, the all-papers file and the BibTeX on the list and the paper page are
    the source entry's citation fields, field for field: no site field (award, selected, the
    preprint of another version...), no field lost."""
    checked, problems = download_problems(fixture_site.out, rootdir / "test-publications" / "refs.bib")
    assert checked == [
        "lovelace2024engine",
        "babbage2023mill",
        "babbage2023difference",
        "babbage2023analytic",
        "hostile2022",
    ]
    assert not problems, "\n".join(problems)


def test_filters_are_made_by_the_script_from_their_slot(fixture_site):
    soup = fixture_site.soup("publications/index.html")
    # They need JavaScript: the page holds only their (empty) slot and options, no control.
    assert not soup.select(".pub-list-container :is(form, select, label, option, button)")
    slot = soup.select_one("div.pub-filters-slot")
    assert slot.get_text() == "" and soup.find(id=slot["data-list"]).select("li.pub")
    year, kind = json.loads(slot["data-filters"])
    assert year == ["year", "Year", "All years", [["2024", "2024"], ["2023", "2023"], ["2022", "2022"]]]
    assert kind[:3] == ["type", "Type", "All types"]
    assert [value for value, _ in kind[3]] == ["conference", "journal", "other"]
    assert soup.find("script", src=re.compile(r"publications\.js"))


def test_no_duplicate_ids(fixture_site):
    for page in ("index.html", "publications/index.html", "cv.html", "publications/lovelace2024engine.html"):
        ids = [tag["id"] for tag in fixture_site.soup(page).select("[id]")]
        assert len(ids) >= 5 and len(ids) == len(set(ids)), (page, ids)


def test_selected_on_home_page(fixture_site):
    soup = fixture_site.soup("index.html")
    assert [li["id"] for li in items(soup)] == ["lovelace2024engine", "babbage2023mill"]  # newest first
    assert soup.select("form.pub-filters") == [] and soup.select("details") == []
    assert soup.select_one("#lovelace2024engine .pub-title a")["href"] == (
        "publications/lovelace2024engine.html#lovelace2024engine"
    )
    assert soup.select("#lovelace2024engine a.pub-link")


def test_compact_list_for_the_cv(fixture_site):
    soup = fixture_site.soup("cv.html")
    assert [li["id"] for li in items(soup)] == [li["id"] for li in items(fixture_site.soup("publications/index.html"))]
    assert len(items(soup)) == 5  # every entry, in the list's order (newest first)
    assert not soup.select("form.pub-filters, details, button, a.pub-link, section.pub-year")
    assert not soup.find("script", src=re.compile(r"publications\.js"))
    assert soup.find("link", href=re.compile(r"publications\.css"))


def test_pages_without_publications_get_no_assets(fixture_site):
    soup = fixture_site.soup("notes.html")
    assert not soup.find("link", href=re.compile(r"publications\.css"))
    assert not soup.find("script", src=re.compile(r"publications\.js"))


def test_paper_page(fixture_site):
    soup = fixture_site.soup("publications/lovelace2024engine.html")
    assert soup.h1.get_text().rstrip("#¶") == TITLE
    hostile = fixture_site.soup("publications/hostile2022.html").h1.get_text().rstrip("#¶")
    assert hostile == '</script><script>alert("title")</script> & "quotes" <b>bold</b>'
    article = soup.select_one("section#lovelace2024engine > article.pub-paper")
    assert article.select_one(".pub-authors").get_text().startswith("Ada Lovelace*")
    assert [p.get_text() for p in article.select(".pub-abstract-full p")] == [
        "First paragraph about the Engine.",
        "Second paragraph: 42% faster.",
    ]
    details = paper_details(article)
    assert details["Event dates"] == "March 4–6, 2024"
    assert details["Location"] == "London, UK"
    assert details["Pages"] == "10–20"
    assert details["ISBN"] == "978-0-00-000000-0"
    assert details["Preprint (earlier version)"] == "arXiv:2401.00001, titled “Notes on an Engine”"
    assert article.select_one("details.pub-bibtex pre")
    cited = [(a.get_text(), a["href"]) for a in article.select(".pub-cited-by a")]
    assert cited == [("Notes", "../notes.html")]


def test_scholar_meta_tags_in_head(fixture_site):
    head = fixture_site.soup("publications/lovelace2024engine.html").head
    tags = [(m["name"], m["content"]) for m in head.select('meta[name^="citation_"]')]
    # "Last, First": no reader splits a name with a particle or two given names wrongly.
    assert [c for n, c in tags if n == "citation_author"] == ["Lovelace, Ada", "Babbage, Charles", "Müller, Jérôme"]
    assert dict(tags)["citation_title"] == TITLE
    # The proceedings, then the conference: Zotero's item type is the last venue tag's.
    names = [n for n, _ in tags]
    assert names.index("citation_inbook_title") < names.index("citation_conference_title")
    assert dict(tags)["citation_inbook_title"] == "Proceedings of the First Engine Symposium (ENGINE 24)"
    assert dict(tags)["citation_conference_title"] == "Proceedings of the First Engine Symposium (ENGINE 24)"
    assert dict(tags)["citation_abstract_html_url"] == "https://example.org/site/publications/lovelace2024engine.html"
    article = fixture_site.soup("publications/babbage2023mill.html").head
    assert article.select_one('meta[name="citation_journal_title"]')["content"] == "Journal of Engines"
    assert not fixture_site.soup("publications/index.html").head.select('meta[name^="citation_"]')


def test_json_ld_in_head(fixture_site):
    head = fixture_site.soup("publications/lovelace2024engine.html").head
    (script,) = head.select('script[type="application/ld+json"]')
    data = json.loads(script.string)
    assert data["name"] == TITLE
    assert [a["name"] for a in data["author"]] == ["Ada Lovelace", "Charles Babbage", "Jérôme Müller"]
    assert data["author"][0]["@id"] == "https://example.org/site/#person"
    assert "@id" not in data["author"][1]


def test_cite_role_links_to_the_paper(fixture_site):
    soup = fixture_site.soup("notes.html")
    cite = soup.select_one(".bibtex-citation")  # sphinxcontrib-bibtex's {cite:p}, the site's style
    assert cite.get_text() == "[Lovelace et al. 2024]"
    assert cite.a["href"] == "publications/lovelace2024engine.html#lovelace2024engine"
    ref = soup.find("a", href="publications/babbage2023mill.html#babbage2023mill")
    assert ref.get_text() == "On the Mill and the Store"


def test_objects_inv_lists_each_paper_as_a_label(fixture_site):
    inventory = read_inventory(fixture_site.out / "objects.inv", "https://example.org/site/")
    labels = inventory["std:label"]
    assert labels["lovelace2024engine"].uri == (
        "https://example.org/site/publications/lovelace2024engine.html#lovelace2024engine"
    )
    assert labels["lovelace2024engine"].display_name == TITLE
    assert {"babbage2023mill", "hostile2022"} <= set(labels)


HOSTILE_PAGES = ("publications/index.html", "cv.html", "publications/hostile2022.html")


def test_hostile_values_stay_text(fixture_site):
    for page in HOSTILE_PAGES:
        soup = fixture_site.soup(page)
        injected = [
            tag
            for tag in soup.find_all(["img", "svg", "iframe", "b"])
            if "pub-award-icon" not in tag.get("class", [])  # the engine's own award star
        ]
        assert not injected, page
        for script in soup.find_all("script"):
            assert "alert" not in (script.string or "") or script.get("type") == "application/ld+json", page
        assert not soup.find(attrs={"onerror": True}) and not soup.find(attrs={"onload": True}), page
    soup = fixture_site.soup("publications/index.html")
    assert soup.select_one("#hostile2022 .pub-title").get_text() == (
        '</script><script>alert("title")</script> & "quotes" <b>bold</b>'
    )
    assert (
        soup.select_one("#hostile2022 a.pub-link")["href"] == 'https://example.org/a.pdf?x="><script>alert(3)</script>'
    )


def test_hostile_values_in_metadata(fixture_site):
    html = fixture_site.html("publications/hostile2022.html")
    head = fixture_site.soup("publications/hostile2022.html").head
    (script,) = head.select('script[type="application/ld+json"]')
    raw = html[html.index('<script type="application/ld+json">') :]
    raw = raw[len('<script type="application/ld+json">') : raw.index("</script>")]
    assert not re.search(r"[<>]", raw)
    assert json.loads(script.string)["name"].startswith("</script>")
    assert head.select_one('meta[name="citation_title"]')["content"].startswith("</script>")
    # pybtex reads the lower-case words as the von part of the last name.
    assert head.select_one('meta[name="citation_author"]')["content"] == '"><img src=x onerror=alert(1)> Mallory, Eve'
