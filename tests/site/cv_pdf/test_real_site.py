"""The site's CV as a PDF (built by `make html` from cv/index.md): what a recruiter downloads."""

from __future__ import annotations

import copy
import re

import pytest
from bs4 import BeautifulSoup

from tests.conftest import PHONE_NUMBER
from tests.cv_pdf import pdf
from tests.site.conftest import main_text
from tests.site.test_site_content import AWARDS_WITH_YEARS, FACTS_BY_PAGE, normalise

PDF = "cv/ruoyu-qin-cv.pdf"
MAX_BYTES = 200_000


@pytest.fixture(scope="module")
def reader(site):
    path = site / PDF
    assert path.is_file(), f"{PDF} is missing: make html builds it from cv/index.md"
    return pdf.read(path)


@pytest.fixture(scope="module")
def base_url(page) -> str:
    """The site's address, as the home page's canonical link gives it."""
    return page("index.html").find("link", rel="canonical")["href"].removesuffix("index.html")


@pytest.fixture(scope="module")
def text(reader) -> str:
    return normalise(pdf.text(reader))


def test_size_and_pages(site, reader):
    assert (site / PDF).stat().st_size <= MAX_BYTES
    assert 1 <= len(reader.pages) <= 2
    assert pdf.page_sizes(reader) == [pytest.approx(pdf.A4_POINTS, abs=0.01)] * len(reader.pages)


def test_every_fact_of_the_cv_page_is_in_the_pdf(text):
    facts = [*FACTS_BY_PAGE["cv/index.html"], "Ruoyu Qin (秦若愚)", "qinry24@mails.tsinghua.edu.cn", "Google Scholar"]
    facts += [f"{year} {award}" for year, award in AWARDS_WITH_YEARS]
    missing = [fact for fact in facts if normalise(fact) not in text]
    assert len(facts) >= 25 and not missing, missing


@pytest.fixture(scope="module")
def cv_page(page):
    """The CV page's article as a reader sees it: no heading anchors ("#"), no screen-reader-only text."""
    article = copy.copy(page("cv/index.html").find("article"))
    for hidden in article.select("a.headerlink, .pub-sr-only"):
        hidden.decompose()
    return article


def test_the_pdf_reads_in_the_order_of_the_page(cv_page, text):
    """Each block of the CV page's text, in order, in the PDF's text (the " · " before a date,
    which the PDF sets flush right, and the download link aside)."""
    blocks = [
        " ".join(block.get_text("").split()).replace(" · ", " ")
        for block in cv_page.find_all(["p", "dt", "dd", "li", "h2", "tr"])
        if not block.find(["p", "li", "tr"]) and "Download PDF" not in block.get_text()
    ]
    assert len(blocks) >= 30
    flat = " ".join(text.replace(" · ", " ").replace("• ", "").split())
    position = 0
    for block in blocks:
        block = normalise(block)
        found = flat.find(block, position)
        assert found >= 0, f"{block!r} is missing after position {position} of the PDF text: {flat[position:][:200]!r}"
        position = found + len(block)


def test_no_phone_number(site, text):
    assert not PHONE_NUMBER.search(text)
    assert not PHONE_NUMBER.search((site / PDF).read_bytes().decode("latin-1"))


def test_every_font_is_embedded_cjk_included(reader, text):
    fonts = pdf.fonts(reader)
    assert any("NotoSansSC" in name for name in fonts), fonts  # 秦若愚
    assert all(fonts.values()), [name for name, embedded in fonts.items() if not embedded]
    assert "秦若愚" in text


def test_links_are_live(reader, base_url):
    uris = pdf.link_uris(reader)
    for expected in [
        "mailto:qinry24@mails.tsinghua.edu.cn",
        "https://github.com/chestnut-Q",
        "https://scholar.google.com/citations?user=mwBB0U4AAAAJ",
        f"{base_url}publications/qin2025mooncake.html#qin2025mooncake",  # the paper's page
        f"{base_url}projects/mooncake-store.html",
    ]:
        assert expected in uris, (expected, uris)
    assert all(re.match(r"(https://|http://thumt\.thunlp\.org/|mailto:)", uri) for uri in uris), uris


def test_metadata_language_and_tags(reader, page):
    description = page("cv/index.html").find("meta", attrs={"name": "description"})["content"]
    assert reader.metadata.title == "CV — Ruoyu Qin"
    assert reader.metadata.author == "Ruoyu Qin"
    assert reader.metadata.subject == description
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert pdf.is_tagged(reader)


@pytest.mark.parametrize(
    ("relative", "href", "label"),
    [("cv/index.html", "ruoyu-qin-cv.pdf", "Download PDF"), ("index.html", "cv/ruoyu-qin-cv.pdf", "CV (PDF)")],
)
def test_pages_link_to_the_pdf(page, relative, href, label):
    links = [(a["href"], a.get_text()) for a in page(relative).select("article a.cv-pdf-link")]
    assert links == [(href, label)]


def test_the_pdf_text_is_the_cv_pages(cv_page, text):
    """Nothing in the PDF that the page does not say: its words are the page's (same source)."""
    page_words = set(normalise(main_text(BeautifulSoup(str(cv_page), "html.parser"))).replace("·", " ").split())
    words = text.replace("•", " ").split()
    assert len(words) > 150, f"the PDF has only {len(words)} words"
    extra = [word for word in words if word not in page_words and word != "·"]
    assert not extra, extra
