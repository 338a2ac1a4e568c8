"""sphinx_academic.cv_pdf on small sites (tests/roots/test-cv-pdf*): the PDF a page becomes."""

from __future__ import annotations

import re
import threading

import pytest
from bs4 import BeautifulSoup

from sphinx_academic import cv_pdf
from sphinx_academic.cv_pdf import typesetting
from tests.conftest import build_app, copy_root

from . import pdf

PDF = "cv/a-tester-cv.pdf"


def warnings_of(app) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())


@pytest.mark.sphinx("html", testroot="cv-pdf", freshenv=True)
def test_the_page_becomes_a_pdf(app):
    app.build()
    assert warnings_of(app) == ""
    reader = pdf.read(app.outdir / PDF)
    text = pdf.text(reader)
    # The page's blocks, in the page's order; the masthead first, the page title not shown.
    blocks = [
        "A. Tester (秦若愚)",
        "tester@example.org · example.org",
        "Education",
        "Fixture University, Testville 2029 (expected)",  # the dates after " · " stand flush right
        "Ph.D. in Testing",
        "Advisor: Prof. B. Example",
        "Projects",
        "The other page: a link between pages.",
        "Markup as text: #import “/etc/passwd” $x$ *not emphasis* @ref <label> // no comment",  # smart quotes: the page's
        "Awards",
        "Year Award 2025 Best Fixture Award",
    ]
    positions = [text.find(block) for block in blocks]
    assert -1 not in positions, [b for b, p in zip(blocks, positions, strict=True) if p == -1]
    assert positions == sorted(positions), text
    assert "Download PDF" not in text  # the PDF does not link to itself
    assert not text.startswith("CV")
    # Links live in the PDF; a link to another page of the site is absolute.
    assert pdf.link_uris(reader) == [
        "mailto:tester@example.org",
        "https://example.org/",
        "https://example.org/site/other.html",
    ]
    assert reader.metadata.title == "CV — Fixture Site"
    assert reader.metadata.author == "A. Tester"
    assert reader.metadata.subject == "The curriculum vitae of A. Tester, a fixture for the PDF writer's tests."
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert pdf.is_tagged(reader)
    assert pdf.page_sizes(reader) == [pytest.approx(pdf.A4_POINTS, abs=0.01)]
    fonts = pdf.fonts(reader)
    assert any("SourceSans3" in name for name in fonts) and any("NotoSansSC" in name for name in fonts), fonts
    assert all(fonts.values()), fonts
    # Every page links to the PDF relative to itself.
    home = BeautifulSoup((app.outdir / "index.html").read_text("utf-8"), "html.parser")
    cv = BeautifulSoup((app.outdir / "cv" / "index.html").read_text("utf-8"), "html.parser")
    assert [a["href"] for a in home.select("a.cv-pdf-link")] == ["cv/a-tester-cv.pdf"]
    assert [(a["href"], a.get_text()) for a in cv.select("a.cv-pdf-link")] == [("a-tester-cv.pdf", "Download PDF")]


@pytest.mark.sphinx("html", testroot="cv-pdf", freshenv=True)
def test_same_source_date_same_bytes(app, make_app, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1740441600")  # 2025-02-25
    app.build()
    first = (app.outdir / PDF).read_bytes()
    again = make_app("html", srcdir=app.srcdir, builddir=tmp_path / "again", freshenv=True)
    again.build()
    assert (again.outdir / PDF).read_bytes() == first
    assert pdf.read(app.outdir / PDF).metadata.creation_date.year == 2025
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01: only the date moves
    later = make_app("html", srcdir=app.srcdir, builddir=tmp_path / "later", freshenv=True)
    later.build()
    assert pdf.read(later.outdir / PDF).metadata.creation_date.year == 2026


def test_the_pdf_is_typeset_beside_the_pages_and_is_the_same(make_app, tmp_path, monkeypatch):
    """Typst works in a thread of its own while Sphinx writes the other pages; the PDF it
    makes there is the one typeset in the build's own thread, byte for byte."""
    threads = []

    def recording(markup, fonts):
        threads.append(threading.current_thread().name)
        return typesetting.typeset(markup, fonts)

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    monkeypatch.setattr(cv_pdf, "typeset", recording)
    beside = build_app(make_app, copy_root("cv-pdf", tmp_path / "beside"))
    assert threads and all(name.startswith("cv_pdf") for name in threads), threads
    monkeypatch.setattr(cv_pdf, "start_typesetting", lambda app: None)
    threads.clear()
    inline = build_app(make_app, copy_root("cv-pdf", tmp_path / "inline"))
    assert threads == [threading.main_thread().name]
    assert warnings_of(beside) == warnings_of(inline) == ""
    assert (beside.outdir / PDF).read_bytes() == (inline.outdir / PDF).read_bytes()


@pytest.mark.sphinx("html", testroot="cv-pdf", freshenv=True)
def test_a_missing_pdf_is_made_again_by_an_incremental_build(app):
    app.build()
    (app.outdir / PDF).unlink()
    app.build()
    assert (app.outdir / PDF).is_file()


@pytest.mark.sphinx("html", testroot="cv-pdf", srcdir="cv-pdf-removed", freshenv=True)
def test_the_pdf_of_a_removed_page_goes_with_it(app, make_app):
    app.build()
    assert (app.outdir / PDF).is_file()
    (app.srcdir / "cv" / "index.md").unlink()
    index = app.srcdir / "index.md"
    index.write_text(index.read_text("utf-8").replace("cv/index\n", ""), "utf-8")
    again = make_app("html", srcdir=app.srcdir, builddir=app.outdir.parent)
    again.build()
    assert not (again.outdir / PDF).exists()


@pytest.mark.sphinx("html", testroot="cv-pdf", srcdir="cv-pdf-zh", freshenv=True, confoverrides={"language": "zh_CN"})
def test_the_language_is_the_builds(app):
    (app.srcdir / "cv" / "index.md").write_text(
        "# 简历\n\n{.cv-name}\n秦若愚\n\n## 教育经历\n\n清华大学计算机科学与技术系，工学博士，2029 年（预计）\n",
        "utf-8",
    )
    app.build()
    reader = pdf.read(app.outdir / PDF)
    assert reader.trailer["/Root"]["/Lang"] == "zh-CN"
    assert reader.metadata.title == "简历 — Fixture Site"
    text = pdf.text(reader)
    assert (
        text.index("秦若愚")
        < text.index("教育经历")
        < text.index("清华大学计算机科学与技术系，工学博士，2029 年（预计）")
    )


@pytest.mark.sphinx("html", testroot="cv-pdf-bad", freshenv=True)
def test_what_cannot_be_typeset_is_a_located_warning(app):
    app.build()  # no exception
    warnings = warnings_of(app)
    cv = str(app.srcdir / "cv.md")
    assert re.search(
        rf"{re.escape(cv)}:5: WARNING: raw html markup is not typeset in the PDF.*\[cv_pdf\.raw\]", warnings
    )
    assert re.search(
        rf"{re.escape(cv)}:9: WARNING: the image 'missing\.png' is not typeset.*\[cv_pdf\.image\]", warnings
    )
    assert re.search(
        rf"{re.escape(cv)}:\d+: WARNING: cannot typeset math_block nodes.*\[cv_pdf\.unsupported\]", warnings
    )
    assert re.search(rf"{re.escape(cv)}: WARNING: html_baseurl is not set, so 1 link.*\[cv_pdf\.link\]", warnings)
    index = str(app.srcdir / "index.md")
    assert re.search(
        rf"{re.escape(index)}:7: WARNING: cv-pdf: no PDF is built for 'nowhere'.*\[cv_pdf\.role\]", warnings
    )
    # The rest of the page is typeset, the unsupported parts' text kept.
    text = pdf.text(pdf.read(app.outdir / "cv.pdf"))
    assert "Plain text stays." in text and "E = mc^2" in text and "A link to the home page." in text


@pytest.mark.sphinx(
    "html", testroot="cv-pdf", freshenv=True, confoverrides={"cv_pdf_fonts": ["no_such_package/Font.ttf"]}
)
def test_a_missing_font_and_a_typst_error_are_warnings(app):
    (app.outdir / "cv").mkdir(parents=True, exist_ok=True)
    (app.outdir / PDF).write_bytes(b"%PDF- an old one")
    app.build()
    warnings = warnings_of(app)
    assert "cv_pdf_fonts: font 'no_such_package/Font.ttf' is neither a file" in warnings
    # Without a font for 秦若愚 the PDF cannot be accessible (PDF/UA-1): Typst says so, and no
    # PDF older than its page is left behind.
    assert re.search(r"cv/index\.md: WARNING: Typst, typesetting the PDF: .*could not be displayed", warnings)
    assert not (app.outdir / PDF).exists()


@pytest.mark.parametrize(
    "text", ['#import "x"', "$a$ *b* _c_ `d` <e> @f [g] \\h ~i -- j --- k ... l // m /* n */", "1. 2) - + = /"]
)
def test_text_is_escaped_for_typst(text):
    from sphinx_academic.cv_pdf.typst_markup import escape

    markup = escape(text)
    assert re.sub(r"\\(.)", r"\1", markup) == text  # the same text, each special character escaped
    assert all(markup[i - 1] == "\\" for i, c in enumerate(markup) if c in "#$*_`<>@[]~-/=+.()" and i)
