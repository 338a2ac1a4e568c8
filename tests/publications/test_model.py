"""model.py: one entry checked against the vocabulary, leniently; decoding; the exported citation."""

import pytest
from pybtex.database import parse_string

from sphinx_academic.publications.bibliography import read_entries
from sphinx_academic.publications.model import arxiv_id, build_entry, page_name

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


def built(text):
    """(entry or None, ["line: entry 'key', field 'f': message", ...])."""
    (raw,), syntax = read_entries(text, "refs.bib")
    assert syntax == []
    entry, problems = build_entry(raw)
    return entry, [f"{p.line}: {p.text}" for p in problems]


def build(text):
    """The entry, which must build without any problem."""
    entry, problems = built(text)
    assert problems == [] and entry is not None
    return entry


def problems(text):
    return built(text)[1]


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


@pytest.mark.parametrize("missing", ["author", "title", "year"])
def test_an_entry_that_cannot_be_shown_is_left_out_and_said_so(missing):
    entry, found = built(entry_text(drop=(missing,)))
    assert entry is None
    assert found == [f"1: entry 'key2024': missing '{missing}': the entry is not listed"]


def test_editor_and_biblatex_date_stand_in_for_author_and_year():
    e = build(entry_text(drop=("author", "year"), editor="{Grace Hopper}", date="{2025-02-25}"))
    assert [a.name for a in e.authors] == ["Grace Hopper"]
    assert (e.year, e.month, e.day) == (2025, 2, 25)
    assert (
        build(entry_text(drop=("year",), date="{2025-02}")).month,
        build(entry_text(drop=("year",), date="{2025}")).month,
    ) == (2, None)


def test_biblatex_journaltitle_names_a_journal():
    e = build(entry_text("article", drop=("booktitle",), journaltitle="{Journal of Engines}", volume="{7}"))
    assert (e.venue, e.category, e.details["journal"]) == ("Journal of Engines", "journal", "Journal of Engines")


@pytest.mark.parametrize(
    ("entry_type", "venue_field"),
    [("article", "'journal' or 'journaltitle'"), ("phdthesis", "'school' or 'institution'")],
)
def test_a_missing_venue_is_reported_but_the_entry_listed(entry_type, venue_field):
    entry, found = built(entry_text(entry_type, drop=("booktitle",)))
    assert entry is not None and entry.venue is None
    assert found == [f"1: entry 'key2024': no venue: @{entry_type} entries name theirs in {venue_field}"]


def test_misc_needs_no_venue():
    assert build(entry_text("misc", drop=("booktitle",))).venue is None


def test_an_unknown_entry_type_is_shown_as_other():
    entry, found = built(entry_text("patentx", drop=("booktitle",)))
    assert entry.category == "other"
    assert found == [
        "1: entry 'key2024': unknown entry type @patentx: shown as 'Other' (use a BibTeX or biblatex type)"
    ]


@pytest.mark.parametrize(
    ("written", "meant"),
    [("slide", "slides"), ("vidoe", "video"), ("equal-contribution", "equal_contribution"), ("booktitel", "booktitle")],
)
def test_a_near_miss_says_what_was_meant(written, meant):
    found = problems(entry_text(**{written: "{https://example.org/x}"}))
    assert found == [
        f"6: entry 'key2024', field '{written}': unknown field: did you mean '{meant}'? "
        "(site fields are listed in the README, 'Adding a publication')"
    ]


def test_any_other_unknown_field_is_reported_where_it_is():
    [found] = problems(entry_text(poster="{https://example.org/poster.pdf}"))
    assert found.startswith("6: entry 'key2024', field 'poster': unknown field: not a BibTeX, biblatex or site field")


EXPORTER_FIELDS = {
    # arXiv, dblp, ACM, IEEE, Zotero, biblatex: citation fields, kept in the citation
    "archivePrefix": "{arXiv}",
    "primaryClass": "{cs.DC}",
    "numpages": "{16}",
    "location": "{Koblenz, Germany}",
    "series": "{SOSP '23}",
    "issn": "{1234-5678}",
    "shorttitle": "{Engines}",
    "language": "{en}",
    # bookkeeping: never shown, never exported
    "timestamp": "{Mon, 03 Mar 2025 21:34:39 +0100}",
    "biburl": "{https://dblp.org/rec/x.bib}",
    "bibsource": "{dblp computer science bibliography, https://dblp.org}",
    "file": "{Full Text PDF:/home/owner/Zotero/storage/X/x.pdf:application/pdf}",
    "urldate": "{2025-03-01}",
    "keywords": "{a, b}",
    "langid": "{english}",
    "owner": "{ada}",
    "mendeley-tags": "{x}",
}


def test_fields_the_exporters_write_build_without_a_word():
    e = build(entry_text(**EXPORTER_FIELDS))
    kept = {line.split("=")[0].strip().lower() for line in e.bibtex.splitlines()[1:-1]}
    assert {"archiveprefix", "primaryclass", "numpages", "location", "series", "issn", "shorttitle", "language"} <= kept
    assert not kept & {
        "timestamp",
        "biburl",
        "bibsource",
        "file",
        "urldate",
        "keywords",
        "langid",
        "owner",
        "mendeley-tags",
    }
    assert "/home/owner" not in repr(e)


def test_empty_fields_count_as_absent():
    e = build(entry_text(volume="{}", number="{ }", pages="{1-12}"))
    assert "volume" not in e.details and "number" not in e.details
    assert "volume" not in e.bibtex and "number" not in e.bibtex


def test_duplicate_field_uses_the_first():
    entry, found = built(entry_text().replace("  year", "  TITLE = {again},\n  year"))
    assert entry.title == "On Engines"
    assert found == ["4: entry 'key2024', field 'title': duplicate field: the first one is used, this one is ignored"]


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
    entry, found = built(entry_text(pdf="{" + url + "}"))
    assert entry.link("pdf") is None  # left out, and said so
    assert len(found) == 1 and "field 'pdf': expected an absolute http(s) URL" in found[0]


def test_url_field_must_be_http():
    [found] = problems(entry_text(url="{javascript:alert(1)}"))
    assert "field 'url': expected an absolute http(s) URL" in found


def test_doi_as_exporters_write_it():
    assert (
        build(entry_text(doi="{10.1007/978-3-030-30806-3\\_6}")).link("doi").url
        == "https://doi.org/10.1007/978-3-030-30806-3_6"
    )
    [found] = problems(entry_text(doi="{not-a-doi}"))
    assert "field 'doi': expected a DOI" in found


@pytest.mark.parametrize(
    ("fields", "found"),
    [
        ({"eprint": "2407.00079", "archiveprefix": "arXiv", "primaryclass": "cs.DC"}, ("2407.00079", "cs.DC")),
        ({"eprint": "2407.00079", "eprinttype": "arxiv", "eprintclass": "cs.DC"}, ("2407.00079", "cs.DC")),
        ({"journal": "CoRR", "volume": "abs/2407.00079"}, ("2407.00079", None)),
        ({"journal": "ArXiv", "volume": "abs/2407.00079"}, ("2407.00079", None)),
        ({"journal": "arXiv preprint arXiv:2407.00079"}, ("2407.00079", None)),
        ({"url": "https://arxiv.org/abs/2407.00079v2"}, ("2407.00079v2", None)),
        ({"doi": "10.48550/arXiv.2407.00079"}, ("2407.00079", None)),
        ({"eprint": "cs/0112017", "archiveprefix": "arXiv"}, ("cs/0112017", None)),
        ({"eprint": "12345", "eprinttype": "hal"}, None),
        ({"journal": "Journal of Engines", "volume": "7"}, None),
    ],
)
def test_arxiv_ids_in_every_form_the_exporters_write(fields, found):
    arxiv = arxiv_id(fields)
    assert (arxiv.number, arxiv.primary_class) == found if found else arxiv is None


def test_a_preprint_shows_its_arxiv_id_as_venue():
    e = build(
        entry_text("misc", drop=("booktitle",), eprint="{2407.00079}", archivePrefix="{arXiv}", primaryClass="{cs.DC}")
    )
    assert (e.category, e.venue, e.type_info.label) == ("preprint", "arXiv:2407.00079 [cs.DC]", "Preprint")
    assert e.link("preprint").url == "https://arxiv.org/abs/2407.00079"
    assert "eprint        = {2407.00079}" in e.bibtex and "primaryClass  = {cs.DC}" in e.bibtex


def test_another_version_on_arxiv_is_a_link_and_stays_out_of_the_citation():
    e = build(entry_text(eprint="{2407.00079}", eprinttype="{arXiv}", eprint_note="{earlier version}"))
    link = e.link("preprint")
    assert (link.label, link.url, link.identifier) == (
        "Preprint (earlier version)",
        "https://arxiv.org/abs/2407.00079",
        "arXiv:2407.00079",
    )
    assert e.category == "conference" and e.venue == "Engine Symposium"
    assert "eprint" not in e.bibtex  # the citation is of this version


def test_eprint_note_without_an_arxiv_id():
    [found] = problems(entry_text(eprint_note="{earlier version}"))
    assert found == "6: entry 'key2024', field 'eprint_note': given without an arXiv eprint to describe"


def test_links_in_vocabulary_order_only_present():
    e = build(entry_text(code="{https://example.org/c}", pdf="{https://example.org/p.pdf}", doi="{10.1234/x.y}"))
    assert [(link.kind, link.url) for link in e.links] == [
        ("pdf", "https://example.org/p.pdf"),
        ("code", "https://example.org/c"),
        ("doi", "https://doi.org/10.1234/x.y"),
    ]


@pytest.mark.parametrize("name", ["equal_contribution", "corresponding"])
def test_author_marks_must_name_authors(name):
    [found] = problems(entry_text(**{name: "{Ada Lovelace and Grace Hopper}"}))
    assert f"field '{name}': 'Grace Hopper' is not one of the authors" in found


def test_author_marks_match_any_name_form():
    e = build(entry_text(equal_contribution="{Lovelace, Ada and charles  babbage}", corresponding="{Charles Babbage}"))
    assert [(a.equal_contribution, a.corresponding) for a in e.authors] == [(True, False), (True, True)]


def test_a_name_pybtex_cannot_split_is_reported_not_raised():
    entry, found = built(entry_text(author="{Lovelace, Ada, Countess, of Lovelace}"))
    assert entry is not None
    assert len(found) == 1 and "field 'author': Too many commas" in found[0]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("month", "{13}", "not a month"),
        ("selected", "{maybe}", "expected true or false"),
        ("eventdate", "{2024-03-06/2024-03-04}", "the event ends before it starts"),
        ("eventdate", "{March 2024}", "expected YYYY-MM-DD"),
    ],
)
def test_bad_values_are_reported_and_the_entry_kept(field, value, message):
    entry, found = built(entry_text(**{field: value}))
    assert entry is not None
    assert len(found) == 1 and f"field '{field}': {message}" in found[0]


def test_a_year_that_is_not_one_leaves_the_entry_out():
    entry, found = built(entry_text(year="{24}"))
    assert entry is None and found == [
        "4: entry 'key2024', field 'year': expected a four-digit year, got '24': not listed"
    ]


@pytest.mark.parametrize(
    ("key", "page"),
    [
        ("qin2025mooncake", "qin2025mooncake"),
        ("DBLP:conf/fast/QinLHCRZWZX25", "dblp-conf-fast-qinlhcrzwzx25"),
        ("10.1145/3600006.3613165", "10-1145-3600006-3613165"),
        ("../escape", "escape"),
        ('a"onload', "a-onload"),
        ("Müller2020", "muller2020"),
    ],
)
def test_any_key_builds_and_gets_a_url_safe_page(key, page):
    e = build(entry_text(key=key))
    assert (e.key, e.page, page_name(key)) == (key, page, page)


def test_decoding_keeps_case_and_reads_what_the_exporters_write():
    title = r"$\{$DistServe$\}$: Disaggregating {Prefill} {\textemdash} {\"u}ber"
    e = build(entry_text(title="{" + title + "}", pages="{611–626}"))
    assert e.title == "DistServe: Disaggregating Prefill — über"
    assert e.pages == ("611", "626")


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


def test_citation_bibtex_writes_symbols_as_unicode_and_identifiers_as_written():
    e = build(
        entry_text(
            title=r"{Engines {\textemdash} a {\"U}bersicht of {GPU}s}",
            author=r"{M{\"u}ller, J{\'e}r{\^o}me and Charles Babbage}",
            pages="{155--170}",
            url="{https://example.org/a--b}",
            doi=r"{10.1234/x--y}",
        )
    )
    assert "  title     = {Engines — a Übersicht of {GPU}s},\n" in e.bibtex
    assert "  author    = {Müller, Jérôme and Charles Babbage},\n" in e.bibtex
    assert "pages     = {155--170}" in e.bibtex and "{https://example.org/a--b}" in e.bibtex
    assert "{10.1234/x--y}" in e.bibtex
    assert e.title == "Engines — a Übersicht of GPUs"  # the page shows the same as before
