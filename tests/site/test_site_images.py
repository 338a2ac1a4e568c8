"""The built site's images (made by `make test`): formats, sizes, texts, credits, previews."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from PIL import Image

from tests.conftest import ROOT
from tests.site.conftest import html_pages

MODERN = (".webp", ".avif", ".svg")
FIGURES = ROOT / "figures"
CREDIT = "Figure: the Mooncake project, Apache-2.0"


def images(soup):
    return soup.find_all("img")


def candidates(img) -> list[str]:
    urls = [img["src"]]
    if img.has_attr("srcset"):
        urls += [c.strip().rsplit(" ", 1)[0] for c in img["srcset"].split(",")]
    return urls


def test_every_img_has_alt_width_height_and_a_modern_format(site, page):
    seen = 0
    for path in html_pages(site):
        relative = path.relative_to(site).as_posix()
        for img in images(page(relative)):
            seen += 1
            assert img.has_attr("alt"), (relative, img)
            decorative = img.find_parent(class_="pub-preview") is not None
            assert img["alt"] or decorative, (relative, img)  # only the thumbnails repeat their title
            assert img.get("width", "").isdigit() and img.get("height", "").isdigit(), (relative, img)
            for url in candidates(img):
                assert url.endswith(MODERN), (relative, url)
                assert (path.parent / url).resolve().is_file(), (relative, url)
    assert seen >= 5  # home and list thumbnails, the paper's lead figure, research, Mooncake Store


def test_no_original_image_is_served(site):
    originals = {hashlib.sha256(p.read_bytes()).hexdigest(): p.name for p in FIGURES.iterdir() if p.suffix != ".toml"}
    assert len(originals) == 2
    served = {hashlib.sha256(p.read_bytes()).hexdigest() for p in site.rglob("*") if p.is_file()}
    assert not served & originals.keys(), [originals[h] for h in served & originals.keys()]


def figure_of(soup, source_stem: str):
    [figure] = [f for f in soup.select("article figure") if source_stem + "-" in f.img["src"]]
    return figure


def test_the_project_and_research_pages_show_their_figures_with_caption_and_credit(page):
    for relative, stem, words in (
        ("research/index.html", "mooncake-architecture", "KVCache-centric conductor"),
        ("projects/mooncake-store.html", "mooncake-store-architecture", "Master Service"),
    ):
        figure = figure_of(page(relative), stem)
        assert words in figure.find(class_="caption-text").get_text(), relative
        credit = figure.find(class_="image-credit")
        assert credit.get_text(" ", strip=True).replace(" ,", ",") == CREDIT, relative
        assert credit.a["href"] == "https://github.com/kvcache-ai/Mooncake", relative


def test_every_third_party_figure_carries_its_credit(site, page):
    shown = 0
    for path in html_pages(site):
        for img in images(page(path.relative_to(site).as_posix())):
            if re.search(r"/mooncake-(store-)?architecture-", "/" + img["src"]):
                shown += 1
                assert CREDIT.split(",")[0] in img.find_parent("figure").find(class_="image-credit").get_text()
    assert shown >= 5


def test_each_figure_links_to_its_full_size_file(site, page):
    for relative, source in (
        ("research/index.html", "mooncake-architecture.png"),
        ("projects/mooncake-store.html", "mooncake-store-architecture.jpg"),
        ("publications/qin2025mooncake.html", "mooncake-architecture.png"),
    ):
        figure = figure_of(page(relative), Path(source).stem)
        zoom = figure.find("a", class_="image-zoom")
        full = Image.open((site / relative).parent / zoom["href"])
        assert full.size == Image.open(FIGURES / source).size, relative
        assert full.format == "WEBP" and zoom.img is figure.img


def test_the_mooncake_paper_has_its_preview_in_the_list_on_its_page_and_in_its_link_preview(site, page):
    thumbnail = page("publications/index.html").select_one("li#qin2025mooncake .pub-preview img")
    assert thumbnail is not None and "mooncake-architecture-160w-" in thumbnail["src"]
    assert page("index.html").select_one(".pub-preview img") is not None  # the selected list too
    paper = page("publications/qin2025mooncake.html")
    lead = paper.select_one("article figure.pub-lead-figure img")
    assert lead["alt"] == "Diagram of the Mooncake architecture"
    og = {m["property"]: m["content"] for m in paper.find_all("meta", attrs={"property": re.compile("^og:image")})}
    base = paper.find("link", rel="canonical")["href"].removesuffix("publications/qin2025mooncake.html")
    card = Image.open(site / og["og:image"].removeprefix(base))
    assert (card.format, card.size) == ("JPEG", (1200, 630))
    assert og["og:image:type"] == "image/jpeg" and og["og:image:alt"] == lead["alt"]
