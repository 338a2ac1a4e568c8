"""The citation layer: sphinxcontrib-bibtex's roles and directives on the owner's papers and on
others' work (tests/roots/test-citations: refs.bib has paper pages, related.bib none)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.conftest import copy_root


def build(make_app, src: Path, builddir: Path, buildername: str = "html"):
    app = make_app(buildername, srcdir=src, builddir=builddir)
    try:
        app.build()
    finally:
        app.cleanup()
    return Path(app.outdir), app.warning.getvalue()


@pytest.fixture(scope="module")
def citations_site(tmp_path_factory):
    """The citations root, built once: (output folder, warnings)."""
    from sphinx.testing.util import SphinxTestApp

    src = tmp_path_factory.mktemp("citations") / "src"
    copy_root("citations", src)
    app = SphinxTestApp("html", srcdir=src, builddir=src / "_build")
    try:
        app.build()
    finally:
        app.cleanup()
    return Path(app.outdir), app.warning.getvalue()


def soup(out: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((out / page).read_text("utf-8"), "html.parser")


def text(node) -> str:
    return " ".join(node.get_text().split())


def role_lines(out: Path, page: str = "roles") -> dict[str, str]:
    """The page's list of citations, each line's name and what it shows."""
    lines = {}
    for item in soup(out, f"{page}.html").select(f"section#{page} > ul > li"):
        name, _, rest = text(item).partition(": ")
        lines[name] = rest
    return lines


def with_pages(tmp_path: Path, pages: dict[str, str], files: dict[str, str] | None = None) -> Path:
    """A copy of the citations root with more pages (name: Markdown), each in its toctree, and
    other files written over it."""
    written = {f"{name}.md": text for name, text in pages.items()} | (files or {})
    src = copy_root("citations", tmp_path / "src", written)
    index = src / "index.md"
    index.write_text(index.read_text("utf-8").replace("more\n", "more\n" + "".join(f"{n}\n" for n in pages)), "utf-8")
    return src


def test_builds_without_a_warning_nor_a_role_conflict(citations_site):
    _, warnings = citations_site
    assert warnings == ""


def test_every_role_renders_author_year_with_unique_labels(citations_site):
    out, _ = citations_site
    assert role_lines(out) == {
        "cite": "[Lovelace and Babbage 2024a]",  # the plain role is the parenthetical one
        "p": "[Lovelace and Babbage 2024a; Turing 1937]",
        "t": "Lovelace and Babbage [2024a]",
        "ps": "[Babbage, Lovelace and Menabrea 2023]",
        "ts": "Babbage, Lovelace and Menabrea [2023]",
        "year": "2024b",  # June 2024, after the March 2024 paper (2024a)
        "related": "[Turing 1937]",
        "footcite": "a footnote [1] and Hopper[2]",
    }


def test_a_work_has_the_same_label_on_every_page(make_app, tmp_path):
    """Labels are made once for the site: a page citing only one of the owner's two works of 2024
    still calls it 2024b, as every page does."""
    src = with_pages(
        tmp_path, {"again": "# Again\n\n- year: {cite:year}`lovelace2024engine`\n- related: {cite:p}`turing1936`\n"}
    )
    out, warnings = build(make_app, src, tmp_path / "build")
    assert warnings == ""
    again, roles = role_lines(out, "again"), role_lines(out)
    assert (
        again == {"year": roles["year"], "related": roles["related"]} == {"year": "2024b", "related": "[Turing 1937]"}
    )


OPTIONS_PAGE = """# Options

```{bibliography}
:all:
:list: bullet
:style: plain
```

```{bibliography}
:filter: author % "Babbage" and type == "article"
:list: enumerated
:start: 3
```
"""


def test_the_bibliography_directive_takes_the_options_its_documentation_gives(make_app, tmp_path):
    """``:all:``, ``:list:``, ``:start:``, ``:style:`` (pybtex's own) and ``:filter:`` on the
    entries' fields work on the entries the engine read, from both files, as sphinxcontrib-bibtex's
    documentation describes them."""
    src = with_pages(tmp_path, {"options": OPTIONS_PAGE})
    out, warnings = build(make_app, src, tmp_path / "build")
    assert warnings == ""
    every, babbages = soup(out, "options.html").select("section#options > ul, section#options > ol")
    assert every.name == "ul" and [text(item).split(".")[0] for item in every.select("li")] == [
        "Charles Babbage, Ada Lovelace, and Luigi Menabrea",  # pybtex's plain style: sorted by author
        "Grace Murray Hopper",
        "Ada Lovelace and Charles Babbage",
        "Ada Lovelace and Charles Babbage",
        "Alan M",
    ]
    assert "On the Mill and the store" in text(every), "pybtex's plain style, asked for by name, is its own"
    assert babbages.name == "ol" and babbages.get("start") == "3"
    assert [text(item) for item in babbages.select("li")] == [
        "Charles Babbage, Ada Lovelace, Luigi Menabrea. On the Mill and the Store. Journal of Engines, 2023.",
        "Ada Lovelace, Charles Babbage. Sketch of the Analytical Engine. Scientific Memoirs, 2024.",
    ]


def test_citations_of_the_owners_papers_link_to_their_pages(citations_site):
    out, _ = citations_site
    page = soup(out, "roles.html")
    links = [(a.get_text(), a["href"]) for a in page.select(".bibtex-citation a")]
    assert ("Lovelace and Babbage 2024a", "publications/lovelace2024notes.html#lovelace2024notes") in links
    assert ("2024b", "publications/lovelace2024engine.html#lovelace2024engine") in links
    # Others' work has no page: its citation goes to the entry of the page's reference list.
    turing = [href for label, href in links if label == "Turing 1937"]
    assert turing and all(href.startswith("#") for href in turing)
    assert page.select_one(turing[0]) is not None and "Turing" in text(page.select_one(turing[0]))
    assert len(links) == 8


def test_reference_lists_look_like_the_publication_list(citations_site):
    out, _ = citations_site
    page = soup(out, "roles.html")
    entries = [text(c) for c in page.select("div.citation")]
    assert entries == [
        "[Babbage et al. 2023] (1,2) Charles Babbage, Ada Lovelace, Luigi Menabrea. On the Mill and the Store. "
        "Journal of Engines, 2023.",
        "[Lovelace and Babbage 2024a] (1,2,3) Ada Lovelace, Charles Babbage. Sketch of the Analytical Engine. "
        "Scientific Memoirs, 2024.",
        "[Lovelace and Babbage 2024b] Ada Lovelace, Charles Babbage. The Analytical Engine: Notes on G-Code. "
        "Proceedings of the First Engine Symposium (ENGINE 24), pp. 10–20, 2024.",
        "[Turing 1937] (1,2) Alan M. Turing. On Computable Numbers, with an Application to the "
        "Entscheidungsproblem. Proceedings of the London Mathematical Society, pp. 230–265, 1937.",
    ]
    first = page.select_one("div.citation")
    assert [s.get_text() for s in first.select("strong")] == ["Ada Lovelace"]  # the owner, in bold
    assert first.select_one("a.reference.internal")["href"] == "publications/babbage2023mill.html#babbage2023mill"
    assert first.select_one("em").get_text() == "Journal of Engines"
    turing = page.select("div.citation")[-1]
    assert turing.select_one("a.reference.external")["href"] == "https://doi.org/10.1112/plms/s2-42.1.230"  # its DOI


def test_footnotes_are_formatted_the_same_way(citations_site):
    out, _ = citations_site
    notes = [text(n) for n in soup(out, "roles.html").select("aside.footnote")]
    assert notes == [
        "[1] Ada Lovelace, Charles Babbage. The Analytical Engine: Notes on G-Code. Proceedings of the First "
        "Engine Symposium (ENGINE 24), pp. 10–20, 2024.",
        "[2] Grace Murray Hopper. The Education of a Computer. Proceedings of the 1952 ACM National Meeting, 1952.",
    ]
    footnote = soup(out, "roles.html").select_one("aside.footnote")
    assert footnote.select_one("a.reference.internal")["href"] == (
        "publications/lovelace2024engine.html#lovelace2024engine"
    )


def test_cited_on_this_site_lists_every_citing_page(citations_site):
    out, _ = citations_site
    cited = [a.get_text() for a in soup(out, "publications/lovelace2024notes.html").select(".pub-cited-by a")]
    assert cited == ["More", "Roles"]  # "More" cites it only in a footnote
    engine = [a.get_text() for a in soup(out, "publications/lovelace2024engine.html").select(".pub-cited-by a")]
    assert engine == ["Roles"]


def test_others_work_gets_no_page_and_stays_off_the_lists(citations_site):
    out, _ = citations_site
    pages = sorted(p.name for p in (out / "publications").iterdir())
    assert pages == [
        "babbage2023mill.bib",
        "babbage2023mill.html",
        "index.html",
        "lovelace2024engine.bib",
        "lovelace2024engine.html",
        "lovelace2024notes.bib",
        "lovelace2024notes.html",
        "publications.bib",
    ]
    listed = [li["id"] for li in soup(out, "publications/index.html").select("li.pub")]
    assert listed == ["lovelace2024engine", "lovelace2024notes", "babbage2023mill"]
    everything = (out / "publications/publications.bib").read_text("utf-8")
    assert "turing1936" not in everything and "hopper1952" not in everything


#: What others' work is known by, in every form a page or file could show it.
OTHERS_WORK = ("turing1936", "hopper1952", "Turing", "Hopper", "Computable Numbers", "Education of a Computer")


def test_others_work_stays_off_the_cv_the_feed_and_the_sitemap(make_app, tmp_path):
    """The citations root with what the site adds: a CV's compact list, news and its feed, the sitemap."""
    src = with_pages(
        tmp_path,
        {"cv": "# CV\n\n## Publications\n\n```{publication-list}\n:compact:\n```\n"},
        {"news.toml": '[[item]]\ndate = "2025-02"\ntext = "A paper at FAST."\n'},
    )
    index = src / "index.md"
    index.write_text(index.read_text("utf-8").replace("# Home\n", "# Home\n\n```{news}\n```\n"), "utf-8")
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('extensions += ["sphinx_academic.news", "sphinx_academic.crawler_files"]\n')
    out, warnings = build(make_app, src, tmp_path / "build")
    assert warnings == ""
    cv = soup(out, "cv.html")
    assert [li["id"] for li in cv.select("li.pub")] == ["lovelace2024engine", "lovelace2024notes", "babbage2023mill"]
    sitemap = (out / "sitemap.xml").read_text("utf-8")
    feed = (out / "atom.xml").read_text("utf-8")
    assert "lovelace2024engine.html" in sitemap and "A paper at FAST" in feed  # what they do hold
    shown = {"CV": cv.get_text(), "sitemap": sitemap, "feed": feed}
    assert [(where, name) for where, text in shown.items() for name in OTHERS_WORK if name in text] == []
    # The page that cites them lists them in its references.
    references = soup(out, "roles.html").get_text()
    assert [name for name in OTHERS_WORK[2:] if name not in references] == []


def test_labels_are_the_same_in_every_build(citations_site, make_app, tmp_path):
    out, _ = citations_site
    src = copy_root("citations", tmp_path / "src")
    again, _ = build(make_app, src, tmp_path / "again")
    assert role_lines(again) == role_lines(out)


BROKEN_RELATED = """\
@article{turing1936,
  author  = {Alan M. Turing},
  title   = {On Computable Numbers},
  journal = {Proceedings of the London Mathematical Society},
  year    = {1937}

@inproceedings{lovelace2024engine,
  author    = {Somebody Else},
  title     = {Same Key},
  booktitle = {Elsewhere},
  year      = {2020}
}

@inproceedings{hopper1952,
  author    = {Grace Murray Hopper},
  title     = {The Education of a Computer},
  booktitle = {Proceedings of the 1952 ACM National Meeting},
  year      = {1952}
}
"""


def test_every_bad_citation_is_reported_located_in_one_build(make_app, tmp_path):
    src = copy_root("citations", tmp_path / "src")
    (src / "related.bib").write_text(BROKEN_RELATED, "utf-8")
    (src / "more.md").write_text("# More\n\nSee {cite:p}`nosuchkey2020`.\n", "utf-8")
    out, warnings = build(make_app, src, tmp_path / "out")
    lines = [line for line in warnings.splitlines() if "WARNING" in line]
    assert any(
        re.search(r"related\.bib:1: WARNING: entry 'turing1936': BibTeX syntax error in the entry that begins here", w)
        for w in lines
    ), warnings
    assert any(
        "related.bib:7: WARNING: entry 'lovelace2024engine': the key is also defined at refs.bib:1" in w for w in lines
    ), warnings
    assert any(re.search(r"more\.md:3: WARNING: could not find bibtex key \"nosuchkey2020\"", w) for w in lines), (
        warnings
    )
    assert "Traceback" not in warnings and "Exception" not in warnings
    assert (out / "roles.html").is_file()  # the build went on to the end


def test_the_plugins_asked_for_per_citation_are_found_without_scanning_the_installed_packages(monkeypatch):
    """pybtex finds a plugin not registered at run time by scanning every installed package's
    metadata; sphinxcontrib-bibtex asks for these for each citation it resolves and each style."""
    import pybtex.backends.plaintext
    import pybtex.plugin
    import pybtex.style.names.plain
    import pybtex_docutils
    import sphinxcontrib.bibtex.style.names.last

    from sphinx_academic.publications import register_styles

    register_styles()

    def scan(**kwargs):
        raise AssertionError(f"an entry-point scan: {kwargs}")

    monkeypatch.setattr(pybtex.plugin, "entry_points", scan)
    expected = {
        ("pybtex.backends", "plaintext"): pybtex.backends.plaintext.Backend,
        ("pybtex.backends", "docutils"): pybtex_docutils.Backend,
        ("pybtex.style.names", "plain"): pybtex.style.names.plain.NameStyle,
        ("pybtex.style.names", "last"): sphinxcontrib.bibtex.style.names.last.LastNameStyle,
    }
    for (group, name), plugin in expected.items():
        assert pybtex.plugin.find_plugin(group, name) is plugin, (group, name)
    style = pybtex.plugin.find_plugin("pybtex.style.formatting", "academic")()  # finds its name style
    assert isinstance(style.name_style, pybtex.style.names.plain.NameStyle)


def test_editing_an_entry_reads_again_only_the_pages_that_cite_it_or_may_list_it(make_app, tmp_path):
    """sphinxcontrib-bibtex's {footbibliography} depends on every BibTeX file; a page whose
    citations are all of the owner's papers depends on those entries only."""
    from .read_recorder import age, reads

    src = copy_root("citations", tmp_path / "src")
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('extensions.append("tests.publications.read_recorder")\n')
    (src / "mixed.md").write_text(
        "---\norphan: true\n---\n# Mixed\n\nA paper {footcite}`lovelace2024notes` and others' work"
        " {footcite}`turing1936`.\n\n```{footbibliography}\n```\n",
        "utf-8",
    )
    build(make_app, src, tmp_path / "build")
    age(src)

    def edit_and_build(old: str, new: str, file: str = "refs.bib") -> set[str]:
        bib = src / file
        bib.write_text(bib.read_text("utf-8").replace(old, new), "utf-8")
        _, warnings = build(make_app, src, tmp_path / "build")
        assert warnings == ""
        return reads(src)

    # more.md footcites lovelace2024notes only; roles.md has a {bibliography} and cites others' work.
    read = edit_and_build("On the {Mill} and the Store", "On the {Mill} and the Store, Edited")
    assert "more" not in read
    assert {"publications/babbage2023mill", "roles"} <= read
    read = edit_and_build("Sketch of the {Analytical Engine}", "Sketch of the {Analytical Engine}, Edited")
    assert "more" in read
    assert "Analytical Engine, Edited" in (tmp_path / "build/html/more.html").read_text("utf-8")
    read = edit_and_build("On Computable Numbers", "On Computable Numbers, Edited", "related.bib")
    assert {"roles", "mixed"} <= read  # others' work has no stub: the pages citing it depend on its file
    assert "more" not in read


def test_a_new_entry_that_shares_a_label_renames_the_others_in_a_rebuild(make_app, tmp_path):
    src = copy_root("citations", tmp_path / "src")
    out, _ = build(make_app, src, tmp_path / "build")
    assert role_lines(out)["t"] == "Lovelace and Babbage [2024a]"
    bib = src / "refs.bib"
    bib.write_text(
        bib.read_text("utf-8") + "\n@article{lovelace2024earlier,\n  author = {Ada Lovelace and Charles Babbage},\n"
        "  title = {An Earlier Note},\n  journal = {Scientific Memoirs},\n  year = {2024},\n  month = jan\n}\n",
        "utf-8",
    )
    out, warnings = build(make_app, src, tmp_path / "build")
    assert warnings == ""
    assert role_lines(out)["t"] == "Lovelace and Babbage [2024b]"  # March, after the new January one


def test_works_of_one_author_and_year_are_lettered_by_date_then_title_then_key():
    from pybtex.database import parse_string

    from sphinx_academic.publications.citation_style import author_year_labels

    data = parse_string(
        r"""
        @article{k2, author = {Ada Lovelace}, title = {Zebra}, journal = {J}, year = {2024}, month = mar}
        @article{k3, author = {Ada Lovelace}, title = {{B}ee \& {Z}ebra}, journal = {J}, year = {2024}, month = mar}
        @article{k1, author = {Ada Lovelace}, title = {Late}, journal = {J}, year = {2024}, month = dec}
        @article{k0, author = {Ada Lovelace}, title = {Early}, journal = {J}, year = {2024}, month = jan}
        @article{k5, author = {Ada Lovelace}, title = {Same}, journal = {J}, year = {2024}, month = jun}
        @article{k4, author = {Ada Lovelace}, title = {Same}, journal = {J}, year = {2024}, month = jun}
        @article{k9, author = {Ada Lovelace}, title = {Alone}, journal = {J}, year = {2023}}
        """,
        "bibtex",
    )
    labels = {key: label.text for key, label in author_year_labels(data.entries.values()).items()}
    assert labels == {
        "k0": "Lovelace 2024a",  # January
        "k3": "Lovelace 2024b",  # March: "Bee & Zebra" before "Zebra", though k2 < k3
        "k2": "Lovelace 2024c",
        "k4": "Lovelace 2024d",  # June, the same title: by key
        "k5": "Lovelace 2024e",
        "k1": "Lovelace 2024f",  # December
        "k9": "Lovelace 2023",  # alone in its year: no letter
    }


def test_a_paper_s_reference_is_formatted_again_only_when_what_it_shows_changes(make_app, tmp_path, monkeypatch):
    from sphinx_academic.publications import citation_style

    formatted = []
    format_entry = citation_style.AcademicStyle.format_entry

    def recorded(style, label, entry, bib_data=None):
        if sys._getframe(1).f_code.co_name == "add_paper_citations":  # not sphinxcontrib-bibtex's own
            formatted.append(entry.key)
        return format_entry(style, label, entry, bib_data)

    monkeypatch.setattr(citation_style.AcademicStyle, "format_entry", recorded)
    src = copy_root("citations", tmp_path / "src")
    build(make_app, src, tmp_path / "build")
    papers = {"lovelace2024notes", "babbage2023mill"}
    assert papers <= set(formatted)
    formatted.clear()
    bib = src / "refs.bib"
    bib.write_text(bib.read_text("utf-8").replace("On the {Mill} and the Store", "On the {Mill}, Edited"), "utf-8")
    build(make_app, src, tmp_path / "build")
    assert "babbage2023mill" in formatted and "lovelace2024notes" not in formatted
    formatted.clear()
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('publications_owner_names = ["Charles Babbage"]\n')  # another name in bold
    out, _ = build(make_app, src, tmp_path / "build")
    assert papers <= set(formatted)
    assert "<strong>Charles Babbage</strong>" in (out / "more.html").read_text("utf-8")
