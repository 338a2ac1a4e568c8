"""publications.fragments: the lists' parts written as HTML when read, the same pages written."""

from __future__ import annotations

import html
import pickle
import re
from collections import Counter
from pathlib import Path

import pytest
from docutils import nodes
from docutils.utils import new_document

from sphinx_academic.images.html import text_before
from sphinx_academic.publications import fragments
from sphinx_academic.publications.nodes import element, html_element, html_fragment
from tests.conftest import build_app, built_files, copy_root, no_warnings

from .read_recorder import age, reads

#: The fixture's paper with the most parts (abstract, BibTeX, links, awards).
PAPER_PAGE = "publications/lovelace2024engine"


def doctree(app, docname: str):
    with open(Path(app.doctreedir, f"{docname}.doctree"), "rb") as file:
        return pickle.load(file)


def doctree_nodes(app, docname: str) -> Counter:
    return Counter(type(node).__name__ for node in doctree(app, docname).findall())


@pytest.mark.parametrize(("language", "builder"), [("en", "html"), ("zh_CN", "html"), ("en", "dirhtml")])
def test_fragments_leave_every_file_of_the_build_as_it_was(make_app, tmp_path, monkeypatch, language, builder):
    """Pages, search index and all: byte for byte what the build writes without them (with the
    links to paper pages that fragments hold as each builder addresses its pages)."""
    overrides = {"language": language}
    src = copy_root("publications", tmp_path / "a")
    with_fragments = build_app(make_app, src, buildername=builder, confoverrides=overrides)
    no_warnings(with_fragments)
    monkeypatch.setattr(fragments, "writer_for", lambda env: None)
    without = build_app(
        make_app, copy_root("publications", tmp_path / "b"), buildername=builder, confoverrides=overrides
    )
    written, expected = built_files(with_fragments.outdir), built_files(without.outdir)
    assert "searchindex.js" in written and "publications/index.html" in written
    assert written.keys() == expected.keys()
    assert [name for name in written if written[name] != expected[name]] == []
    assert doctree(with_fragments, "publications/index").astext() == doctree(without, "publications/index").astext()
    for page in ("publications/index", PAPER_PAGE):
        frozen, whole = doctree_nodes(with_fragments, page), doctree_nodes(without, page)
        assert frozen["html_fragment"] >= 3 and whole["html_fragment"] == 0
        assert sum(frozen.values()) < 0.8 * sum(whole.values())


def test_what_a_fragment_cannot_hold_stays_a_node(make_app, tmp_path):
    """Ids, the owner's translatable words and links to the site's files (relative to the page
    being written) are nodes still; the links to paper pages are in fragments, as Sphinx resolves
    them; the abstract is a fragment the search skips, as the element was."""
    app = build_app(make_app, copy_root("publications", tmp_path / "site"))
    page = doctree(app, "publications/index")
    frozen = list(page.findall(html_fragment))
    assert any('class="pub-abstract no-search"' in node["html"] for node in frozen)
    assert all(node["classes"] == ["no-search"] for node in frozen if "no-search" in node["html"][:80])
    assert all(' id="' not in node["html"] for node in frozen)
    names = Counter(type(node).__name__ for node in page.findall())
    assert names["pending_xref"] == 0  # each title's link is in a fragment now
    link = '<a class="reference internal" href="lovelace2024engine.html#lovelace2024engine">'
    assert sum(link in node["html"] for node in frozen) == 1
    assert any(node.get("site_href") for node in page.findall(html_element))  # "Download .bib"
    # Its text nodes, for the search: the texts of its HTML, in order.
    assert all(node.children and all(isinstance(text, nodes.Text) for text in node.children) for node in frozen)
    words = {node: re.findall(r"\w+", " ".join(text.astext() for text in node.children)) for node in frozen}
    assert all(
        re.findall(r"\w+", html.unescape(re.sub(r"<[^>]+>", " ", node["html"]))) == words[node] for node in frozen
    )


def test_a_link_to_a_page_that_is_not_a_paper_page_is_left_for_sphinx(writer):
    """Only a paper page of the build is linked when the list is made: any other target stays a
    cross-reference, which Sphinx resolves or reports."""
    from sphinx_academic.publications.render import paper_reference

    def link(key):
        return element("p", nodes.inline("", "", paper_reference(key, nodes.inline("", "a title"))), " more words")

    writer.env.temp_data["docname"] = "publications/index"
    writer.env.found_docs.discard("publications/babbage2023mill")  # an entry left without a page
    tree = element("div", link("lovelace2024engine"), link("no-such-paper"), link("babbage2023mill"))
    writer.write_parts(tree)
    assert isinstance(tree.children[0], html_fragment)
    assert 'href="lovelace2024engine.html#lovelace2024engine"' in tree.children[0]["html"]
    for kept in tree.children[1:]:
        assert [type(child).__name__ for child in kept.findall()][:3] == ["html_element", "inline", "pending_xref"]


def test_another_builder_reads_the_pages_with_links_in_fragments_again(make_app, tmp_path):
    """dirhtml addresses pages otherwise: with the doctrees of an html build, it reads the lists
    again and writes what a build of its own writes."""
    src = copy_root("publications", tmp_path / "site")
    build_app(make_app, src, builddir=tmp_path / "shared")
    after_html = build_app(make_app, src, buildername="dirhtml", builddir=tmp_path / "shared")
    own = build_app(make_app, copy_root("publications", tmp_path / "own"), buildername="dirhtml")
    written, expected = built_files(after_html.outdir), built_files(own.outdir)
    assert 'href="lovelace2024engine/#lovelace2024engine"' in written["publications/index.html"].decode()
    assert [name for name in expected if written.get(name) != expected[name]] == []


def test_a_page_the_pdf_typesets_keeps_its_elements(make_app, tmp_path):
    src = copy_root("publications", tmp_path / "site")
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('extensions.append("sphinx_academic.cv_pdf")\ncv_pdf_documents = {"cv": "cv.pdf"}\n')
    app = build_app(make_app, src)
    assert doctree_nodes(app, "cv")["html_fragment"] == 0
    assert doctree_nodes(app, "cv")["html_element"] > 10
    assert doctree_nodes(app, "publications/index")["html_fragment"] > 0


def test_another_translator_reads_the_pages_with_fragments_again(make_app, tmp_path):
    """A theme with another translator would write the fragments otherwise: the pages with lists
    and the paper pages are read again (Sphinx itself only writes every page again)."""
    src = copy_root("publications", tmp_path / "site")
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('extensions.append("tests.publications.read_recorder")\n')
    first = build_app(make_app, src)
    with_fragments = {name for name in first.env.found_docs if doctree_nodes(first, name)["html_fragment"]}
    papers = {name for name in with_fragments if name.startswith("publications/") and name != "publications/index"}
    assert {"index", "publications/index", "cv"} < with_fragments and len(papers) >= 3
    age(src)
    build_app(make_app, src)
    assert reads(src) == set()
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('html_theme = "pydata_sphinx_theme"\n')
    app = build_app(make_app, src)
    assert reads(src) == with_fragments  # no other page
    html = Path(app.outdir, "publications/index.html").read_text("utf-8")
    assert 'class="pub-abstract no-search"' in html


@pytest.fixture
def writer(make_app, tmp_path):
    """A fragment writer of an HTML build of the fixture site."""
    app = build_app(make_app, copy_root("publications", tmp_path / "site"))
    return fragments.FragmentWriter(app)


def test_only_parts_without_ids_links_to_files_translatable_or_html_only_nodes_are_written(writer):
    def part(**options):
        return element("p", element("span", "some"), " words", **options)

    tree = element(
        "div",
        part(),
        part(ids=["here"]),
        element("p", element("a", "file", site_href="x.bib"), " words"),
        part(html_only=True),
        element("p", nodes.strong("mine", "mine", translatable=True), element("span", "x")),
        element("p", nodes.paragraph("", "docutils"), element("span", "x")),
        element("p", "one text node"),  # no larger as a fragment: one too
    )
    writer.write_parts(tree)
    assert [type(child).__name__ for child in tree.children] == ["html_fragment"] + ["html_element"] * 5 + [
        "html_fragment"
    ]
    assert tree.children[0]["html"] == "<p><span>some</span> words</p>"
    # Inside a part that stays, its parts that can be written are.
    assert isinstance(tree.children[2].children[0], html_element)  # the link to a file
    assert [type(c).__name__ for c in tree.children[1].children] == ["html_fragment", "Text"]


def test_fragments_side_by_side_become_one_that_reads_as_they_did(writer):
    """One fragment for a run of parts (an item's authors, venue, links...), written and read as
    the parts one after the other; a part the search skips stays apart from one it reads."""
    tree = element(
        "div",
        element("p", element("strong", "Ada"), " and Charles"),
        element("p", element("span", "FAST"), " 2025"),
        element("p", element("span", "Abstract"), " words", classes=["no-search"]),
        element("p", element("span", "BibTeX"), " more", classes=["no-search"]),
        " text between ",
        element("p", element("span", "after"), " it"),
    )
    before = tree.astext()
    writer.write_parts(tree)
    assert [type(child).__name__ for child in tree.children] == ["html_fragment"] * 2 + ["Text", "html_fragment"]
    read, skipped = tree.children[0], tree.children[1]
    assert read["html"] == "<p><strong>Ada</strong> and Charles</p><p><span>FAST</span> 2025</p>"
    assert (read["classes"], skipped["classes"]) == ([], ["no-search"])
    assert [text.astext() for text in read.children] == ["Ada and Charles FAST 2025"]
    assert tree.astext() == before


def test_a_fragment_reads_as_the_part_did(writer):
    """Its astext() is the part's: an empty element inside counts, as it did."""
    tree = element("div", element("p", element("span", "a"), element("span"), element("span", "b")))
    before = tree.astext()
    writer.write_parts(tree)
    assert isinstance(tree.children[0], html_fragment)
    assert tree.astext() == before == "a\n\n\n\nb"
    assert [text.astext() for text in tree.children[0].children] == ["a b"]  # a word each, for the search


def test_the_text_before_an_image_counts_the_same(writer):
    """sphinx_academic.images decides from it whether an image is on the first screen: a part
    written as HTML counts as its blocks, hidden words and headings did."""

    def page():
        document = new_document("<page>")
        heading = element("h2", element("span", "A heading"), " in two parts")
        hidden = element("span", " (equal contribution)", classes=["pub-sr-only"])
        authors = element("p", element("strong", "Ada"), hidden, ", Charles", element("span"))
        document += element("div", heading, authors, element("ul", element("li", element("a", "PDF"))))
        document += element("div", element("p", element("span", "in a hidden part")), classes=["visually-hidden"])
        document += nodes.image(uri="x.png")
        return document

    whole, written = page(), page()
    for part in written.children[:2]:
        writer.write_parts(part)
    assert len(list(written.findall(html_fragment))) == 2  # each div's parts, joined
    image = next(written.findall(nodes.image))
    counted = text_before(written, image, enough=10**6)
    assert counted == text_before(whole, next(whole.findall(nodes.image)), enough=10**6)
    assert counted == 2 * len("A heading in two parts") + len("Ada, Charles") + len("PDF") + 3 * 40  # h2, p, p


@pytest.mark.parametrize(
    "texts",
    [
        ["Ada Lovelace", "*", " (equal contribution)", ", Charles Babbage"],  # no space before punctuation
        ["PDF", "Code", "BibTeX"],  # links side by side: a space between, in the description too
        ["foo", "_bar", "  two  spaces ", "\nline", "秦若愚", "，清华大学", "Mooncake", "-Store"],
    ],
)
def test_one_text_reads_as_its_texts_did(texts):
    """For sphinxext-opengraph's description and for the search's word splitters, English and
    Chinese: the same as the texts one by one."""
    from sphinx.search.en import SearchEnglish
    from sphinx.search.zh import SearchChinese
    from sphinxext.opengraph._description_parser import get_description

    def paragraph(*children):
        document = new_document("<page>")
        document += nodes.paragraph("", "", *children)
        return document

    joined = fragments.one_text(texts)
    separate, single = paragraph(*map(nodes.Text, texts)), paragraph(nodes.Text(joined))
    assert get_description(single, 200) == get_description(separate, 200)
    for language in (SearchEnglish({}), SearchChinese({"dict": ""})):

        def indexed(words, language=language):  # what sphinx.search.IndexBuilder.feed keeps of them
            stems = ((language.stem(word), word) for word in words)
            return {
                stem if language.word_filter(stem) else word
                for stem, word in stems
                if language.word_filter(stem) or language.word_filter(word)
            }

        words = indexed(language.split(joined))
        assert words == indexed(w for text in texts for w in language.split(text))
        assert len(words) >= 3
    assert fragments.one_text(["a\rb", "c"]) is None  # a carriage return of its own: the texts stay apart
