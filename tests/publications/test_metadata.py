"""metadata.py: Google Scholar meta tags and JSON-LD, escaped."""

import json
import re

from sphinx_academic.publications.bibliography import read_entries
from sphinx_academic.publications.citation_metadata import json_ld, meta_tags, scholar_tags, script_tag
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
        ("citation_author", "Ada Lovelace"),
        ("citation_author", "Charles Babbage"),
        ("citation_author", "Grace Hopper"),
        ("citation_publication_date", "2024/03"),
        ("citation_conference_title", "Engine Symposium"),
        ("citation_firstpage", "10"),
        ("citation_lastpage", "20"),
        ("citation_isbn", "978-0-00-000000-0"),
        ("citation_doi", "10.1234/x"),
        ("citation_publisher", "Society"),
        ("citation_pdf_url", "https://example.org/p.pdf"),
        ("citation_abstract_html_url", "https://example.org/site/publications/k.html"),
    ]


def test_json_ld_scholarly_article():
    data = json_ld(
        entry(), "https://example.org/site/publications/k.html", ["grace hopper"], "https://example.org/site/#person"
    )
    assert data["@type"] == "ScholarlyArticle" and data["name"] == "Engines — A Study"
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
