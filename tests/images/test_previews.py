"""Paper previews (``preview`` in BibTeX): a thumbnail in the list, the paper page's lead figure, its link preview."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PIL import Image
from sphinx.util.console import strip_colors

from sphinx_academic.images.collector import extra_derivative
from sphinx_academic.publications.model import RawEntry, RawField, build_entry
from sphinx_academic.social_card import CARD_KEY

from .conftest import build_once, copy_root, no_warnings, page

CARD_BACKGROUND = (0x5D, 0x2B, 0x8C)  # social_card's default


@pytest.fixture(scope="module")
def papers(tmp_path_factory):
    app = build_once(copy_root("images-previews", tmp_path_factory.mktemp("previews")))
    no_warnings(app)
    return app


def meta(soup, key: str) -> str:
    return soup.find("meta", attrs={"property": key})["content"]


def test_the_list_shows_a_decorative_thumbnail_beside_the_entry(papers):
    items = {li["id"]: li for li in page(papers, "index.html").select("li.pub")}
    thumbnail = items["lovelace1843notes"].select_one(".pub-preview img")
    assert items["lovelace1843notes"].contents[0]["class"] == ["pub-preview"]  # first: beside the entry
    assert thumbnail["alt"] == ""  # it repeats the title: screen readers skip it
    assert thumbnail["loading"] == "lazy"  # hidden on phones: then never downloaded
    assert (thumbnail["width"], thumbnail["height"]) == ("160", "96")
    assert [c.split()[1] for c in thumbnail["srcset"].split(",")] == ["1x", "2x"]
    credit = items["lovelace1843notes"].select_one(".pub-preview .image-credit")
    assert credit.get_text(" ", strip=True) == "Figure: the Example project , CC-BY-4.0"
    assert not items["babbage1864passages"].select(".pub-preview, img")


def test_the_paper_page_leads_with_the_figure_and_its_caption(papers):
    paper = page(papers, "publications/lovelace1843notes.html")
    figure = paper.select_one("article figure.pub-lead-figure")
    img = figure.img
    assert img["alt"] == "Overview of the engine"
    assert "loading" not in img.attrs  # near the top: loads at once
    assert figure.find(class_="caption-text").get_text() == "The engine at a glance."
    assert figure.find(class_="image-credit").a["href"] == "https://example.org/project"
    assert img.parent["class"] == ["image-zoom"]
    assert Image.open(Path(papers.outdir, "publications", img.parent["href"])).size == (400, 240)
    assert not page(papers, "publications/babbage1864passages.html").select("figure, img")


def test_the_link_preview_is_the_figure_fitted_into_the_card(papers):
    paper = page(papers, "publications/lovelace1843notes.html")
    url = meta(paper, "og:image")
    assert re.fullmatch(r"https://example\.org/site/_images/overview-card-[0-9a-f]{10}\.jpg", url)
    assert (meta(paper, "og:image:type"), meta(paper, "og:image:alt")) == ("image/jpeg", "Overview of the engine")
    card = Image.open(Path(papers.outdir, url.removeprefix("https://example.org/site/")))
    assert (card.format, card.size) == ("JPEG", (1200, 630))
    assert (meta(paper, "og:image:width"), meta(paper, "og:image:height")) == ("1200", "630")
    # fitted, not cropped: the card's background shows at the sides, the figure in the middle
    rgb = card.convert("RGB")
    assert all(
        max(map(abs, (a - b for a, b in zip(rgb.getpixel(xy), CARD_BACKGROUND, strict=True)))) < 12
        for xy in ((20, 315), (1180, 315))
    )
    assert rgb.getpixel((600, 300)) != rgb.getpixel((20, 315))
    # a paper without a preview keeps the drawn card
    other = page(papers, "publications/babbage1864passages.html")
    assert meta(other, "og:image").endswith("/_images/social/publications/babbage1864passages.png")


def test_the_preview_field_stays_off_the_exported_bibtex(papers):
    for name in ("lovelace1843notes.bib", "publications.bib"):
        text = Path(papers.outdir, "publications", name).read_text("utf-8")
        assert "lovelace1843notes" in text and "preview" not in text
    assert "preview" not in page(papers, "publications/lovelace1843notes.html").find("pre").get_text()


def test_a_missing_preview_is_one_warning_at_its_field(tmp_path, build):
    app = build(copy_root("images-previews", tmp_path), publications_bibfile="missing-preview.bib")
    warnings = [line for line in strip_colors(app.warning.getvalue()).splitlines() if "WARNING" in line]
    # shown in the list, on the paper page and in its link preview: reported once, at the field's line
    assert warnings == [
        f"{Path(app.srcdir, 'missing-preview.bib')}:7: WARNING: image file not found: figures/absent.png "
        "[images.unusable]"
    ]
    assert not page(app, "index.html").select(".pub-preview")
    assert meta(page(app, "publications/lovelace1843notes.html"), "og:image").endswith(".png")  # the drawn card


def raw_entry(preview: str, path: str = "refs.bib") -> RawEntry:
    fields = [("author", "A. Person", 2), ("title", "T", 3), ("journal", "J", 4), ("year", "2020", 5)]
    fields.append(("preview", preview, 6))
    return RawEntry("article", "key", tuple(RawField(n, v, f"{{{v}}}", line) for n, v, line in fields), path, 1)


def test_the_preview_path_is_relative_to_the_bibtex_file():
    entry, problems = build_entry(raw_entry("figures/a.png", "papers/refs.bib"))
    assert not problems
    assert (entry.preview.path, entry.preview.uri, entry.preview.line) == (
        "papers/figures/a.png",
        "/papers/figures/a.png",
        6,
    )
    assert build_entry(raw_entry("../shared/a.png", "papers/refs.bib"))[0].preview.path == "shared/a.png"


@pytest.mark.parametrize("value", ["https://example.org/a.png", "/figures/a.png", "../outside.png", "C:\\a.png"])
def test_a_preview_outside_the_repository_is_a_located_problem(value):
    entry, problems = build_entry(raw_entry(value))
    assert entry is not None and entry.preview is None  # the entry is shown, without a preview
    [problem] = problems
    assert (problem.location, problem.key, problem.field) == ("refs.bib:6", "key", "preview")
    assert problem.message.startswith("expected the path of an image in the repository")


def test_a_chinese_card_credits_the_figure_as_the_page_does(tmp_path):
    """On a Chinese paper page the card's credit line is the page's, translated (its catalog)."""
    srcdir = copy_root("images-previews", tmp_path)
    catalog = srcdir / "locales/zh_CN/LC_MESSAGES/publications/lovelace1843notes.po"
    catalog.parent.mkdir(parents=True)
    catalog.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
        'msgid "the Example project"\nmsgstr "示例项目"\n',
        "utf-8",
    )
    app = build_once(srcdir, language="zh_CN", locale_dirs=["locales/"], gettext_compact=False)
    credit = page(app, "publications/lovelace1843notes.html").select_one(".pub-lead-figure .image-credit")
    assert credit.get_text() == "图：示例项目，CC-BY-4.0"
    card = extra_derivative(app.env, "publications/lovelace1843notes", CARD_KEY)
    assert card.recipe.credit == "图：示例项目，CC-BY-4.0"
