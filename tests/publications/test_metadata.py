"""metadata.py: Google Scholar meta tags and JSON-LD, escaped."""

import json
import re

from sphinx_academic.publications.bibliography import read_entries
from sphinx_academic.publications.citation_metadata import (
    author_name,
    json_ld,
    meta_tags,
    opengraph,
    reference_manager_tags,
    scholar_tags,
    script_tag,
)
from sphinx_academic.publications.model import build_entry

TEXT = r"""@inproceedings{k,
  author    = {Ada Lovelace and Charles Babbage and Grace Hopper},
  title     = {Engines {\textemdash} A Study},
  booktitle = {Engine Symposium},
  year      = {2024},
  month     = mar,
  pages     = {10--20},
  isbn      = {978-0-00-000000-0},
  doi       = {10.1234/x},
  publisher = {Society},
  url       = {https://example.org/p},
  pdf       = {https://example.org/p.pdf},
  eprint    = {2401.00001},
  eprinttype = {arxiv},
  award     = {Best Paper},
  abstract  = {One.

Two.}
}
"""


def entry():
    (raw,), _ = read_entries(TEXT, "refs.bib")
    return build_entry(raw)[0]


def test_scholar_tags_in_order():
    tags = scholar_tags(entry(), "https://example.org/site/publications/k.html")
    assert tags == [
        ("citation_title", "Engines — A Study"),
        ("citation_author", "Lovelace, Ada"),
        ("citation_author", "Babbage, Charles"),
        ("citation_author", "Hopper, Grace"),
        ("citation_publication_date", "2024/03"),
        # The proceedings before the conference: Zotero's item type is that of the last one.
        ("citation_inbook_title", "Engine Symposium"),
        ("citation_conference_title", "Engine Symposium"),
        ("citation_firstpage", "10"),
        ("citation_lastpage", "20"),
        ("citation_isbn", "978-0-00-000000-0"),
        ("citation_doi", "10.1234/x"),
        ("citation_publisher", "Society"),
        ("citation_abstract", "One.\n\nTwo."),  # whole: Zotero would take the trimmed description
        ("citation_pdf_url", "https://example.org/p.pdf"),
        ("citation_abstract_html_url", "https://example.org/site/publications/k.html"),
    ]


def test_json_ld_scholarly_article():
    data = json_ld(
        entry(), "https://example.org/site/publications/k.html", ["grace hopper"], "https://example.org/site/#person"
    )
    assert data["@type"] == "ScholarlyArticle" and data["name"] == "Engines — A Study"
    assert data["@id"] == "https://example.org/site/publications/k.html#article"
    assert data["author"] == [
        {"@type": "Person", "name": "Ada Lovelace"},
        {"@type": "Person", "name": "Charles Babbage"},
        {"@type": "Person", "name": "Grace Hopper", "@id": "https://example.org/site/#person"},
    ]
    assert data["datePublished"] == "2024-03"
    assert data["isPartOf"] == {
        "@type": "Book",
        "name": "Engine Symposium",
        "isbn": "978-0-00-000000-0",
        "publisher": {"@type": "Organization", "name": "Society"},
    }
    # The preprint may be another version: it is not "the same as" the paper.
    assert data["sameAs"] == ["https://doi.org/10.1234/x", "https://example.org/p"]
    assert data["award"] == "Best Paper" and data["abstract"] == "One.\n\nTwo."
    assert data["url"] == "https://example.org/site/publications/k.html"


def test_script_tag_cannot_be_closed_by_a_value():
    tag = script_tag({"name": "</script><script>alert(1)</script> & <!--"})
    body = tag.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert not re.search(r"[<>&]", body)
    assert json.loads(body)["name"] == "</script><script>alert(1)</script> & <!--"


def test_meta_tags_escape_attributes():
    html = meta_tags([("citation_title", '"><script>x</script>')])
    assert html == '<meta name="citation_title" content="&quot;&gt;&lt;script&gt;x&lt;/script&gt;">'


def built(text):
    (raw,), _ = read_entries(text, "refs.bib")
    entry, problems = build_entry(raw)
    assert not problems, problems
    return entry


def test_conference_names_the_proceedings_and_the_conference_apart():
    e = built(
        "@inproceedings{c, author = {A B}, title = {T}, year = {2024}, booktitle = {Proceedings of X 24},"
        " eventtitle = {X 24}, address = {Santa Clara, CA}}"
    )
    tags = dict(scholar_tags(e, None))
    assert (tags["citation_inbook_title"], tags["citation_conference_title"]) == ("Proceedings of X 24", "X 24")
    assert reference_manager_tags(e) == [("eprints.event_location", "Santa Clara, CA")]  # Zotero's place
    assert opengraph(e) == ({"og:type": "article"}, [("article:published_time", "2024")])


def test_preprint_is_a_preprint_to_zotero_with_its_arxiv_id():
    e = built(
        "@misc{p, author = {A B}, title = {T}, year = {2024}, month = jul, eprint = {2407.00079}, archivePrefix = {arXiv}}"
    )
    tags = scholar_tags(e, None)
    names = [n for n, _ in tags]
    # No venue tag: a technical-report institution or a journal title would set Zotero's type.
    assert not {"citation_technical_report_institution", "citation_journal_title"} & set(names)
    assert ("citation_technical_report_number", "arXiv:2407.00079") in tags  # Zotero's archiveID
    assert ("citation_arxiv_id", "2407.00079") in tags and ("citation_publisher", "arXiv") in tags
    assert reference_manager_tags(e) == [("dcterms.type", "preprint")]


def test_book_is_a_book_in_opengraph_and_to_zotero():
    e = built("@book{b, author = {A B}, title = {T}, year = {2024}, publisher = {P}, address = {Paris}}")
    assert reference_manager_tags(e) == [("dcterms.type", "book"), ("eprints.place_of_pub", "Paris")]
    assert opengraph(e) == ({"og:type": "book"}, [("book:release_date", "2024")])


def test_author_names_last_name_first():
    e = built(r"@misc{n, author = {Ludwig van Beethoven and Doe, Jr., John and Plato}, title = {T}, year = {2024}}")
    assert [author_name(a) for a in e.authors] == ["van Beethoven, Ludwig", "John Doe, Jr.", "Plato"]
