"""sphinx_academic.images.sources, .plan and .derivatives: what a file is, what an image needs, its colours."""

from __future__ import annotations

import io

import pytest
from docutils import nodes
from PIL import Image, ImageCms

from sphinx_academic.images.derivatives import Derivative, Encoder, Resize
from sphinx_academic.images.plan import Settings, plan
from sphinx_academic.images.sources import Source, UnusableImageError, inspect, svg_problem
from tests.conftest import ROOTS

SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">{}</svg>'


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("<script>alert(1)</script>", "contains <script>"),
        ('<rect width="1" height="1" onload="alert(1)"/>', "event handler (onload)"),
        ('<a href="javascript:alert(1)"><rect width="1" height="1"/></a>', "script URL in href"),
        ('<a xlink:href=" java\nscript:alert(1)"><rect width="1" height="1"/></a>', "script URL in href"),
        ('<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>', "<foreignObject>"),
        ('<image href="https://example.org/a.png" width="1" height="1"/>', "from another host"),
        ("<style>@import url(https://example.org/a.css);</style>", "another host in <style>"),
        ('<set attributeName="href" to="javascript:alert(1)"/>', "script URL in to"),
    ],
)
def test_unsafe_svg_is_refused(body, problem):
    found = svg_problem(SVG.format(body).encode())
    assert found is not None and problem in found, found


def test_an_svg_declaring_entities_is_refused():
    bomb = '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>'
    assert "DTD" in svg_problem(bomb.encode())


def test_a_plain_svg_passes():
    assert (
        svg_problem(SVG.format('<rect width="4" height="4" fill="#3b6fb6"/><a href="#x"><text>a</text></a>').encode())
        is None
    )


def test_the_format_comes_from_the_bytes_not_the_name(tmp_path):
    """The Mooncake Store figure came as a JPEG named .png."""
    path = tmp_path / "figure.png"
    Image.new("RGB", (30, 20), "white").save(path, "JPEG")
    source = inspect(path, "figure.png")
    assert (source.format, source.width, source.height) == ("JPEG", 30, 20)


def test_an_exif_rotated_photo_has_its_displayed_size(tmp_path):
    path = tmp_path / "photo.jpg"
    exif = Image.Exif()
    exif[0x0112] = 6  # rotated 90° clockwise
    Image.new("RGB", (40, 30), "white").save(path, "JPEG", exif=exif)
    assert (inspect(path, "photo.jpg").width, inspect(path, "photo.jpg").height) == (30, 40)


def test_inspecting_a_png_reads_only_its_header(tmp_path):
    """A broken image stream is found when the worker decodes it, not while Sphinx reads pages."""
    path = tmp_path / "a.png"
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buffer, "PNG")
    data = buffer.getvalue()
    start = data.index(b"IDAT") + 4
    path.write_bytes(data[:start] + b"\0" * (len(data) - start - 16) + data[-16:])
    assert inspect(path, "a.png").width == 8
    with pytest.raises(OSError):
        Image.open(path).load()


def test_a_non_image_is_a_problem_saying_what_to_do(tmp_path):
    path = tmp_path / "a.png"
    path.write_text("no image", "utf-8")
    with pytest.raises(
        UnusableImageError, match=r"cannot read the image a\.png .*: save it as PNG, JPEG, WebP or AVIF"
    ):
        inspect(path, "a.png")


SETTINGS = Settings(
    widths=(720, 960, 1440), sizes="100vw", src_width=960, format="webp", quality=75, max_pixels=2_000_000
)


def image_node(parent=None, **attributes) -> nodes.image:
    node = nodes.image(uri="x.png", **attributes)
    if parent is not None:
        parent += node
    return node


def widths(image_plan) -> list[int]:
    return [c.recipe.width for c in image_plan.candidates]


def test_a_fluid_plan_stops_at_the_source_and_skips_a_width_too_close_to_it():
    source = Source("x.png", "d", "PNG", 1600, 800)
    image_plan = plan(image_node(nodes.figure(), alt="x"), source, SETTINGS)
    assert widths(image_plan) == [720, 960, 1600]  # 1440 is within 1.2× of 1600: no file for it
    assert image_plan.src.recipe.width == 960 and (image_plan.width, image_plan.height) == (960, 480)
    assert image_plan.zoom is image_plan.candidates[-1]


def test_the_largest_file_has_at_most_max_pixels():
    source = Source("x.png", "d", "PNG", 4000, 3000)  # 12 megapixels, the limit is 2
    largest = plan(image_node(alt="x"), source, SETTINGS).candidates[-1].recipe
    assert largest.width * largest.height <= 2_000_000 and largest.width == 1632


def test_a_fixed_plan_never_enlarges_and_says_what_density_it_has():
    source = Source("x.png", "d", "PNG", 288, 288)
    image_plan = plan(image_node(alt="x", width="200px"), source, SETTINGS)
    assert widths(image_plan) == [200, 288] and image_plan.descriptors == ("1x", "1.44x")
    assert (image_plan.width, image_plan.height, image_plan.sizes) == (200, 200, None)


def test_no_zoom_link_without_alt_text_or_outside_a_figure():
    source = Source("x.png", "d", "PNG", 1000, 500)
    assert plan(image_node(nodes.figure(), alt=""), source, SETTINGS).zoom is None
    assert plan(image_node(alt="x"), source, SETTINGS).zoom is None


def test_colours_in_a_display_profile_are_converted_to_srgb(tmp_path):
    """Browsers show a derivative without a profile as sRGB: its pixels are converted, as a
    colour-managed viewer shows the original; the full-size file keeps the profile instead."""
    original = ROOTS / "test-images" / "figures" / "display-p3.png"
    source = inspect(original, "display-p3.png")
    profile = Image.open(original).info["icc_profile"]
    expected = ImageCms.profileToProfile(
        Image.open(original).convert("RGB"),
        ImageCms.ImageCmsProfile(io.BytesIO(profile)),
        ImageCms.createProfile("sRGB"),
    ).getpixel((0, 0))
    assert expected != (246, 202, 162)  # the profile matters for this colour
    encoder = Encoder(tmp_path)
    half, full = Derivative(source, Resize(32, 16, quality=100)), Derivative(source, Resize(64, 32, quality=100))
    quarter = Derivative(source, Resize(16, 8, quality=100), via=32)  # from the working image
    for derivative in (half, full, quarter):
        encoder.request(derivative, original)
    assert not encoder.finish()[1]
    for made in (half, quarter):
        converted = Image.open(tmp_path / made.name)
        assert "icc_profile" not in converted.info
        assert max(abs(a - b) for a, b in zip(converted.convert("RGB").getpixel((4, 4)), expected, strict=True)) <= 4
    assert Image.open(tmp_path / full.name).info.get("icc_profile") == profile


def test_avif_is_the_other_format(tmp_path):
    """images_format = "avif": the same files, encoded with libavif (Pillow's AVIF plugin)."""
    original = ROOTS / "test-images" / "figures" / "diagram.png"
    derivative = Derivative(inspect(original, "diagram.png"), Resize(200, 100, format="avif"))
    encoder = Encoder(tmp_path)
    encoder.request(derivative, original)
    assert not encoder.finish()[1]
    assert derivative.name.endswith(".avif")
    made = Image.open(tmp_path / derivative.name)
    assert (made.format, made.size) == ("AVIF", (200, 100))
