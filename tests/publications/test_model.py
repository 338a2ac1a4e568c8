"""model.py: validation of one entry against the vocabulary, decoding, and the exported citation."""

import pytest
from pybtex.database import parse_string

from sphinx_academic.publications.bibliography import read_entries
from sphinx_academic.publications.errors import PublicationsError
from sphinx_academic.publications.model import build_entry

BASE = {
    "author": "{Ada Lovelace and Charles Babbage}",
    "title": "{On {Engines}}",
    "year": "{2024}",
    "booktitle": "{Engine Symposium}",
}


def entry_text(entry_type="inproceedings", key="key2024", drop=(), **fields):
    values = {k: v for k, v in {**BASE, **fields}.items() if k not in drop}
    body = ",\n".join(f"  {name} = {value}" for name, value in values.items())
    return f"@{entry_type}{{{key},\n{body}\n}}\n"


def build(text):
    (raw,) = read_entries(text, "refs.bib")
    return build_entry(raw)


def test_valid_entry_is_decoded():
    e = build(
        entry_text(
            month="mar",
            pages="{10--20}",
            venue_short="{ENGINE '24}",
            selected="{yes}",
            eventdate="{2024-03-04/2024-03-06}",
        )
    )
    assert (e.title, e.year, e.month, e.venue, e.venue_short, e.selected) == (
        "On Engines",
        2024,
        3,
        "Engine Symposium",
        "ENGINE '24",
        True,
    )
    assert [a.name for a in e.authors] == ["Ada Lovelace", "Charles Babbage"]
    assert e.pages == ("10", "20")
    assert (str(e.event_start), str(e.event_end)) == ("2024-03-04", "2024-03-06")
    assert e.category == "conference"


@pytest.mark.parametrize("missing", ["author", "title", "year", "booktitle"])
def test_missing_required_field_names_key_and_field(missing):
    with pytest.raises(PublicationsError, match=rf"refs\.bib:1: entry 'key2024': missing required field '{missing}'"):
        build(entry_text(drop=(missing,)))


@pytest.mark.parametrize(
    ("entry_type", "venue_field"),
    [("article", "journal"), ("phdthesis", "school"), ("techreport", "institution"), ("book", "publisher")],
)
def test_venue_field_depends_on_type(entry_type, venue_field):
    with pytest.raises(PublicationsError, match=f"missing required field '{venue_field}' for @{entry_type}"):
        build(entry_text(entry_type))


def test_misc_needs_no_venue():
    assert build(entry_text("misc", drop=("booktitle",))).venue is None


def test_unknown_entry_type():
    with pytest.raises(PublicationsError, match=r"entry 'key2024': unknown entry type @patent"):
        build(entry_text("patent"))


def test_unknown_link_field_names_field_and_line():
    with pytest.raises(PublicationsError, match=r"refs\.bib:6: entry 'key2024', field 'poster': unknown field"):
        build(entry_text(poster="{https://example.org/poster.pdf}"))


def test_duplicate_field():
    with pytest.raises(PublicationsError, match=r"field 'title': duplicate field"):
        build(entry_text().replace("  year", "  TITLE = {again},\n  year"))


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "data:text/html,x",
        "/relative/path.pdf",
        "ftp://example.org/x",
        "https://",
        "https://example.org/a b",
    ],
)
def test_link_urls_must_be_http(url):
    with pytest.raises(PublicationsError, match=r"field 'pdf': expected an absolute http\(s\) URL"):
        build(entry_text(pdf="{" + url + "}"))


def test_url_field_must_be_http():
    with pytest.raises(PublicationsError, match=r"field 'url': expected an absolute http\(s\) URL"):
        build(entry_text(url="{javascript:alert(1)}"))


def test_bad_doi():
    with pytest.raises(PublicationsError, match=r"field 'doi': expected a DOI"):
        build(entry_text(doi="{not-a-doi}"))


def test_eprint_needs_arxiv_type_and_id():
    with pytest.raises(PublicationsError, match=r"field 'eprinttype': eprint needs eprinttype = \{arxiv\}"):
        build(entry_text(eprint="{2401.00001}"))
    with pytest.raises(PublicationsError, match=r"field 'eprint': not an arXiv identifier"):
        build(entry_text(eprint="{javascript:x}", eprinttype="{arxiv}"))
    with pytest.raises(PublicationsError, match=r"field 'eprint_note': given without an eprint field"):
        build(entry_text(eprint_note="{earlier version}"))


def test_preprint_link_label_and_url():
    e = build(entry_text(eprint="{2407.00079}", eprinttype="{arXiv}", eprint_note="{earlier version}"))
    link = e.link("preprint")
    assert (link.label, link.url, link.identifier) == (
        "Preprint (earlier version)",
        "https://arxiv.org/abs/2407.00079",
        "arXiv:2407.00079",
    )


def test_links_in_vocabulary_order_only_present():
    e = build(entry_text(code="{https://example.org/c}", pdf="{https://example.org/p.pdf}", doi="{10.1234/x.y}"))
    assert [(link.kind, link.url) for link in e.links] == [
        ("pdf", "https://example.org/p.pdf"),
        ("code", "https://example.org/c"),
        ("doi", "https://doi.org/10.1234/x.y"),
    ]


@pytest.mark.parametrize("name", ["equal_contribution", "corresponding"])
def test_author_marks_must_name_authors(name):
    with pytest.raises(PublicationsError, match=rf"field '{name}': 'Grace Hopper' is not one of the authors"):
        build(entry_text(**{name: "{Ada Lovelace and Grace Hopper}"}))


def test_author_marks_match_any_name_form():
    e = build(entry_text(equal_contribution="{Lovelace, Ada and charles  babbage}", corresponding="{Charles Babbage}"))
    assert [(a.equal_contribution, a.corresponding) for a in e.authors] == [(True, False), (True, True)]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("year", "{24}", "expected a four-digit year"),
        ("month", "{13}", "not a month"),
        ("selected", "{maybe}", "expected true or false"),
        ("eventdate", "{2024-03-06/2024-03-04}", "the event ends before it starts"),
        ("eventdate", "{March 2024}", "expected YYYY-MM-DD"),
    ],
)
def test_bad_values(field, value, message):
    with pytest.raises(PublicationsError, match=rf"field '{field}': {message}"):
        build(entry_text(**{field: value}))


@pytest.mark.parametrize("key", ["../escape", "DBLP:conf/x", "a#b", "-lead", 'a"onload'])
def test_key_must_be_a_safe_file_name(key):
    with pytest.raises(PublicationsError, match="the key becomes a file name and URL"):
        build(entry_text(key=key))


def test_cite_labels():
    def label(authors):
        return build(entry_text(author="{" + authors + "}")).cite_label

    assert label("Ada Lovelace") == "Lovelace 2024"
    assert label("Ada Lovelace and Charles Babbage") == "Lovelace and Babbage 2024"
    assert label("Ada Lovelace and Charles Babbage and Grace Hopper") == "Lovelace et al. 2024"


def test_citation_bibtex_strips_site_fields_and_keeps_source():
    text = entry_text(
        month="feb",
        pages="{155--170}",
        award="{Best}",
        pdf="{https://example.org/p.pdf}",
        abstract="{Long\n\ntext}",
        selected="{true}",
        equal_contribution="{Ada Lovelace}",
        doi="{10.1234/x}",
        url="{https://example.org/p}",
    )
    e = build(text)
    assert e.bibtex == (
        "@inproceedings{key2024,\n"
        "  author    = {Ada Lovelace and Charles Babbage},\n"
        "  title     = {On {Engines}},\n"
        "  year      = {2024},\n"
        "  booktitle = {Engine Symposium},\n"
        "  month     = feb,\n"
        "  pages     = {155--170},\n"
        "  doi       = {10.1234/x},\n"
        "  url       = {https://example.org/p}\n"
        "}\n"
    )
    parsed = parse_string(e.bibtex, "bibtex").entries["key2024"]
    assert parsed.fields["title"] == "On {Engines}" and parsed.fields["month"] == "February"
    assert not {"award", "pdf", "abstract", "selected", "equal_contribution"} & {k.lower() for k in parsed.fields}


def test_digest_changes_with_content_only():
    a = build(entry_text())
    assert build(entry_text()).digest == a.digest
    assert build(entry_text(title="{On Engines!}")).digest != a.digest
