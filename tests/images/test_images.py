"""sphinx_academic.images on a small site: what each <img> becomes, and the files behind it."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from PIL import Image

from .conftest import build_once, copy_root, no_warnings, page, report


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """tests/roots/test-images/, built once for the module's tests."""
    app = build_once(copy_root("images", tmp_path_factory.mktemp("images")))
    no_warnings(app)
    return app


def srcset(img) -> list[tuple[str, str]]:
    return [tuple(c.strip().rsplit(" ", 1)) for c in img["srcset"].split(",")]


def image_file(app, url: str, page_folder: str = "") -> Path:
    return (Path(app.outdir) / page_folder / url).resolve()


def test_every_image_is_a_modern_format_with_alt_and_size(site):
    images = page(site, "index.html").find_all("img") + page(site, "later.html").find_all("img")
    assert len(images) == 5
    for img in images:
        assert img.has_attr("alt"), img
        assert img["width"].isdigit() and img["height"].isdigit(), img
        urls = [img["src"]] + [url for url, _ in srcset(img)] if img.has_attr("srcset") else [img["src"]]
        for url in urls:
            assert url.endswith((".webp", ".svg")), url
            assert image_file(site, url).is_file(), url


def test_no_original_is_served(site):
    originals = [*Path(site.srcdir, "figures").iterdir(), Path(site.srcdir, "portrait.png")]
    sources = {hashlib.sha256(p.read_bytes()).digest() for p in originals if p.suffix != ".toml"}
    served = [p for p in Path(site.outdir).rglob("*") if p.is_file() and p.suffix in (".png", ".webp", ".svg")]
    assert served
    # (an SVG is served as it is, once checked: vector images have no derivatives)
    assert not [p for p in served if hashlib.sha256(p.read_bytes()).digest() in sources and p.suffix != ".svg"]
    assert not list(Path(site.outdir, "_images").glob("*.png"))


def test_a_fluid_figure_gets_its_widths_a_zoom_link_and_its_texts(site):
    figure = page(site, "index.html").find("figure")
    img = figure.find("img")
    # images_widths = [200, 400] below the source's 600 px, then the source's own width
    assert [d for _, d in srcset(img)] == ["200w", "400w", "600w"]
    for url, descriptor in srcset(img):
        assert Image.open(image_file(site, url)).size == (int(descriptor[:-1]), int(descriptor[:-1]) // 2)
    assert img["sizes"] == "(min-width: 40em) 36rem, 100vw"
    assert img["src"] == srcset(img)[1][0]  # the widest at most images_src_width (400)
    assert (img["width"], img["height"]) == ("400", "200")
    # the zoom link: the full-size file, no script
    zoom = img.parent
    assert zoom.name == "a" and "image-zoom" in zoom["class"] and zoom["href"] == srcset(img)[-1][0]
    # alt text, caption and credit line from figures.toml
    assert img["alt"] == "A diagram of six boxes"
    caption = figure.find("figcaption")
    assert caption.find(class_="caption-text").get_text() == "Six boxes on a line."
    credit = caption.find(class_="image-credit")
    assert credit.get_text(" ", strip=True) == "Figure: the Example project , Apache-2.0"
    assert credit.a["href"] == "https://example.org/project"


def test_a_fixed_width_image_gets_1x_and_2x_files_under_30_kb(site):
    """The home page's portrait, as issue 15 places it: an ordinary image with a width."""
    [img] = [i for i in page(site, "index.html").find_all("img") if i["alt"] == "A. Tester"]
    assert (img["width"], img["height"]) == ("144", "144")
    assert [d for _, d in srcset(img)] == ["1x", "2x"]
    sizes = []
    for url, _ in srcset(img):
        file = image_file(site, url)
        sizes.append(Image.open(file).size)
        assert file.stat().st_size <= 30_000, (url, file.stat().st_size)
    assert sizes == [(144, 144), (288, 288)]
    assert img.parent.name != "a"  # not a figure: no zoom link
    assert "sizes" not in img.attrs


def test_a_decorative_image_keeps_empty_alt_and_its_credit(site):
    [img] = [i for i in page(site, "index.html").find_all("img") if i["alt"] == ""]
    figure = img.find_parent("figure")  # the credit line needs a figure: the image became one
    assert "image-credited" in figure["class"]
    assert figure.find(class_="image-credit").get_text().startswith("Figure: ")
    assert img.parent.name != "a"  # nothing to zoom for a screen reader: no link without a name
    assert not figure.find(class_="caption-text")  # a decorative image gets no caption


def test_an_svg_is_served_checked_with_its_size(site):
    [img] = [i for i in page(site, "index.html").find_all("img") if i["src"].endswith(".svg")]
    assert (img["width"], img["height"]) == ("120", "60")  # its viewBox
    assert image_file(site, img["src"]).read_bytes() == (Path(site.srcdir) / "figures/chart.svg").read_bytes()
    assert img.parent["href"] == img["src"]


def test_the_first_image_near_the_top_loads_at_once_the_rest_lazily(site):
    images = page(site, "index.html").find_all("img")
    first, rest = images[0], images[1:]
    assert "loading" not in first.attrs and first["fetchpriority"] == "high"
    assert all(i["loading"] == "lazy" and i["decoding"] == "async" for i in rest)
    # below a screen of text, even the first image of a page is lazy
    [later] = page(site, "later.html").find_all("img")
    assert later["loading"] == "lazy" and "fetchpriority" not in later.attrs


def test_a_page_with_images_gets_their_stylesheet(site):
    assert page(site, "index.html").find("link", href=re.compile(r"^_static/images\.css(\?|$)"))
    assert (Path(site.outdir) / "_static" / "images.css").is_file()


def test_the_same_image_on_two_pages_is_made_once(site):
    index_figure = page(site, "index.html").find("figure").img
    later_figure = page(site, "later.html").find("figure").img
    assert srcset(index_figure) == srcset(later_figure)
    files, encoded, reused = report(site)
    assert (files, encoded, reused) == (6, 6, 0)  # diagram ×3, portrait ×2, the SVG


def test_stock_handling_when_switched_off(site_copy, build):
    app = build(site_copy("images"), images_responsive=False)
    img = page(app, "index.html").find("figure").img
    assert img["src"] == "_images/diagram.png" and "srcset" not in img.attrs
    assert "images:" not in app.status.getvalue()
    # the texts are content, not delivery: they stay
    assert img["alt"] == "A diagram of six boxes"
    assert page(app, "index.html").find(class_="image-credit")
