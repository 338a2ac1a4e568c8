"""pages.StubParser: a generated stub becomes the nodes the reST parser makes of it, without the
reST state machine; every other reST text goes to the reST parser."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from docutils import nodes
from sphinx.parsers import RSTParser

from sphinx_academic.publications import pages
from tests.conftest import build_app, built_files, copy_root, no_warnings


def node_facts(node: nodes.Node, srcdir: Path) -> list[tuple]:
    """Every node of a tree, in order: its class, attributes, raw source, source (relative), line, text."""
    facts = []
    for each in node.findall():
        source = each.source if isinstance(each, nodes.Element) else None
        relative = Path(source).relative_to(srcdir).as_posix() if source else source
        attributes = dict(each.attributes) if isinstance(each, nodes.Element) else {}
        if "source" in attributes:
            attributes["source"] = Path(attributes["source"]).relative_to(srcdir).as_posix()
        text = str(each) if isinstance(each, nodes.Text) else None
        facts.append((type(each).__name__, attributes, getattr(each, "rawsource", None), relative, each.line, text))
    return facts


def doctrees(app) -> dict[str, list[tuple]]:
    srcdir = Path(app.srcdir)
    found = {}
    for path in sorted(Path(app.doctreedir).rglob("*.doctree")):
        with path.open("rb") as file:
            found[path.relative_to(app.doctreedir).as_posix()] = node_facts(pickle.load(file), srcdir)
    return found


@pytest.fixture
def parsed_by_rest(monkeypatch) -> list[str]:
    """The texts the reST parser itself parses."""
    texts = []
    parse = RSTParser.parse

    def recorded(parser, inputstring, document):
        texts.append(inputstring)
        return parse(parser, inputstring, document)

    monkeypatch.setattr(RSTParser, "parse", recorded)
    return texts


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_a_stub_reads_as_the_rest_parser_reads_it(make_app, tmp_path, monkeypatch, parsed_by_rest, language):
    overrides = {"language": language}
    direct = build_app(make_app, copy_root("publications", tmp_path / "a"), confoverrides=overrides)
    no_warnings(direct)
    stubs = [p for p in Path(direct.srcdir, "publications").glob("*.rst") if pages.is_stub(p)]
    assert len(stubs) >= 3 and not any(text.startswith(pages.STUB_MARK) for text in parsed_by_rest)

    monkeypatch.setattr(pages, "stub_key", lambda text: None)  # every stub through the reST parser
    through_rest = build_app(make_app, copy_root("publications", tmp_path / "b"), confoverrides=overrides)
    no_warnings(through_rest)
    assert sum(text.startswith(pages.STUB_MARK) for text in parsed_by_rest) == len(stubs)

    written, expected = built_files(direct.outdir), built_files(through_rest.outdir)
    assert written.keys() == expected.keys()
    assert [name for name in written if written[name] != expected[name]] == []
    mine, theirs = doctrees(direct), doctrees(through_rest)
    assert mine.keys() == theirs.keys() and len(mine) > len(stubs)
    assert [name for name in mine if mine[name] != theirs[name]] == []


def test_only_a_stub_as_written_is_made_directly(make_app, tmp_path):
    stub = pages.stub_text("lovelace1843notes", "0123456789abcdef", "refs.bib")
    assert pages.stub_key(stub) == "lovelace1843notes"
    assert pages.stub_key(stub + "\nAn added line.\n") is None  # edited by hand: the reST parser's
    assert pages.stub_key(stub.replace(":orphan:", ":nocomments:")) is None
    assert pages.stub_key(stub.replace("lovelace1843notes", "lovelace1843notes extra")) is None  # two arguments
    assert pages.stub_key(stub.replace("0123456789abcdef", "0123\n")) is None
    assert pages.stub_key("Some page\n=========\n") is None


def test_a_prolog_sends_the_stubs_to_the_rest_parser(make_app, tmp_path, parsed_by_rest):
    app = build_app(
        make_app, copy_root("publications", tmp_path / "site"), confoverrides={"rst_prolog": ".. |x| replace:: y"}
    )
    no_warnings(app)
    assert any(text.startswith(pages.STUB_MARK) for text in parsed_by_rest)
    assert "An Analytic Engine" in Path(app.outdir, "publications", "babbage2023analytic.html").read_text("utf-8")
