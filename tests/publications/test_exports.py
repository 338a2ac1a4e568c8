"""BibTeX pasted as arXiv, dblp, ACM, IEEE Xplore, Google Scholar, Semantic Scholar and Zotero
export it (tests/publications/exports/) builds without a warning, each entry gets its page, arXiv
ids survive, and a reference manager's bookkeeping (a file path on the owner's disk) goes nowhere."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pybtex.database import parse_string

from tests.publications.downloads import download_problems

EXPORTS = Path(__file__).parent / "exports"
SERVICES = ["arxiv", "dblp", "acm", "ieee", "scholar", "semanticscholar", "zotero"]

#: service -> {key: (paper page, venue as the list shows it)}
EXPECTED = {
    "arxiv": {
        "qin2024mooncakekvcachecentricdisaggregatedarchitecture": (
            "qin2024mooncakekvcachecentricdisaggregatedarchitecture",
            "arXiv:2407.00079 [cs.DC]",
        )
    },
    "dblp": {
        "DBLP:conf/fast/QinLHCRZWZX25": (
            "dblp-conf-fast-qinlhcrzwzx25",
            "23rd USENIX Conference on File and Storage Technologies, FAST 2025, Santa Clara, CA, February 25-27, 2025",
        ),
        "DBLP:journals/corr/abs-2407-00079": ("dblp-journals-corr-abs-2407-00079", "arXiv:2407.00079"),
    },
    "acm": {
        "10.1145/3600006.3613165": (
            "10-1145-3600006-3613165",
            "Proceedings of the 29th Symposium on Operating Systems Principles",
        )
    },
    "ieee": {
        "10609700": ("10609700", "2024 ACM/IEEE 51st Annual International Symposium on Computer Architecture (ISCA)")
    },
    "scholar": {
        "zhong2024distserve": (
            "zhong2024distserve",
            "18th USENIX Symposium on Operating Systems Design and Implementation (OSDI 24)",
        ),
        "qin2024mooncake": ("qin2024mooncake", "arXiv:2407.00079"),
    },
    "semanticscholar": {"Qin2024MooncakeAK": ("qin2024mooncakeak", "arXiv:2407.00079")},
    "zotero": {
        "qin_mooncake_2025": (
            "qin-mooncake-2025",
            "23rd USENIX Conference on File and Storage Technologies (FAST 25)",
        )
    },
}


def build_export(make_app, rootdir, tmp_path, bib: str):
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-exports", src)
    (src / "refs.bib").write_text(bib, "utf-8")
    app = make_app("html", srcdir=src, builddir=tmp_path / "build")
    try:
        app.build()
    finally:
        app.cleanup()
    return Path(app.outdir), app.warning.getvalue()


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


@pytest.mark.parametrize("service", SERVICES)
def test_each_export_builds_as_written(service, make_app, rootdir, tmp_path):
    out, warnings = build_export(make_app, rootdir, tmp_path, (EXPORTS / f"{service}.bib").read_text("utf-8"))
    assert warnings == "", warnings
    listed = soup(out / "publications/index.html")
    for key, (page, venue) in EXPECTED[service].items():
        paper = out / "publications" / f"{page}.html"
        assert paper.is_file(), f"{service}: no paper page for {key}"
        item = listed.select_one(f'li.pub[id="{page}"]')
        assert item is not None, f"{service}: {key} is not in the list"
        assert item.select_one(".pub-venue-text").get_text().startswith(venue)
        download = parse_string((out / "publications" / f"{page}.bib").read_text("utf-8"), "bibtex")
        assert list(download.entries) == [key]  # the key itself stays the citation key
    assert len(EXPECTED[service]) == len(list((out / "publications").glob("*.bib"))) - 1  # + publications.bib
    # Each download is the export's citation fields, as the exporter wrote them: no bookkeeping.
    checked, problems = download_problems(out, EXPORTS / f"{service}.bib")
    assert sorted(checked) == sorted(EXPECTED[service]) and not problems, "\n".join(problems)


def test_arxiv_ids_survive_into_page_download_and_meta_tags(make_app, rootdir, tmp_path):
    bib = "\n".join(
        (EXPORTS / f"{name}.bib").read_text("utf-8") for name in ("arxiv", "dblp", "scholar", "semanticscholar")
    )
    out, warnings = build_export(make_app, rootdir, tmp_path, bib)
    assert warnings == "", warnings
    preprints = {
        "qin2024mooncakekvcachecentricdisaggregatedarchitecture": "eprint = {2407.00079}",
        "dblp-journals-corr-abs-2407-00079": "eprint = {2407.00079}",
        "qin2024mooncake": "journal = {arXiv preprint arXiv:2407.00079}",
        "qin2024mooncakeak": "volume = {abs/2407.00079}",
    }
    for page, in_download in preprints.items():
        html = soup(out / "publications" / f"{page}.html")
        assert html.select_one(".pub-venue-text").get_text().startswith("arXiv:2407.00079")
        link = html.select_one("a.pub-link[data-kind=preprint]")
        assert link is not None and link["href"] == "https://arxiv.org/abs/2407.00079", page
        assert html.find("meta", attrs={"name": "citation_arxiv_id"})["content"] == "2407.00079"
        assert html.find("meta", attrs={"name": "citation_technical_report_number"})["content"] == "arXiv:2407.00079"
        download = (out / "publications" / f"{page}.bib").read_text("utf-8")
        assert in_download in " ".join(download.split()), (page, download)
        assert [tag.get("data-type") for tag in html.select("article.pub-paper")] == ["preprint"]


def test_bookkeeping_fields_go_nowhere(make_app, rootdir, tmp_path):
    out, warnings = build_export(make_app, rootdir, tmp_path, (EXPORTS / "zotero.bib").read_text("utf-8"))
    assert warnings == ""
    files = [p for p in out.rglob("*") if p.is_file() and p.suffix in {".html", ".bib", ".js", ".txt", ".xml"}]
    assert len(files) > 5
    for path in files:
        text = path.read_text("utf-8", errors="replace")
        for leaked in ("/home/owner/Zotero", "Full Text PDF", "urldate", "2025-03-01", "disaggregated serving"):
            assert leaked not in text, f"{path.relative_to(out)} shows {leaked!r}"
    download = (out / "publications/qin-mooncake-2025.bib").read_text("utf-8")
    for kept in ("isbn", "shorttitle", "language", "booktitle", "publisher", "address", "pages"):
        assert f"\t{kept}" in download or f"  {kept}" in download, kept


THREE_MISTAKES = """\
@inproceedings{good2024,
  author = {Ruoyu Qin},
  title = {A Good Entry},
  booktitle = {Somewhere},
  year = {2024},
  slide = {https://example.org/slides.pdf}
}

@inproceedings{broken2024,
  author = {Ruoyu Qin},
  title = {An Entry Left Open},
  booktitle = {Somewhere},
  year = {2024},

@article{nodate,
  author = {Ruoyu Qin},
  title = {An Entry Without a Year},
  journal = {A Journal}
}

@misc{fine2023,
  author = {Ruoyu Qin},
  title = {Listed Despite the Others},
  year = {2023},
  vidoe = {https://example.org/v}
}
"""


def test_every_mistake_of_a_file_is_reported_located_in_one_build(make_app, rootdir, tmp_path):
    out, warnings = build_export(make_app, rootdir, tmp_path, THREE_MISTAKES)
    lines = [line for line in warnings.splitlines() if "WARNING" in line]
    expected = [
        "refs.bib:6: WARNING: entry 'good2024', field 'slide': unknown field: did you mean 'slides'?",
        "refs.bib:9: WARNING: entry 'broken2024': BibTeX syntax error in the entry that begins here",
        "refs.bib:15: WARNING: entry 'nodate': missing 'year': the entry is not listed",
        "refs.bib:25: WARNING: entry 'fine2023', field 'vidoe': unknown field: did you mean 'video'?",
    ]
    assert len(lines) == len(expected), warnings
    for want, line in zip(expected, lines, strict=True):  # in the order of the file
        assert want in line, f"missing {want!r} in:\n{warnings}"
    assert all("[publications." in line for line in lines)  # a type and subtype, for suppress_warnings
    assert "Traceback" not in warnings and "Exception" not in warnings
    listed = [li["id"] for li in soup(out / "publications/index.html").select("li.pub")]
    assert listed == ["good2024", "fine2023"]  # the rest still builds
