"""The figures in a real browser: what loads before the fold, what a phone never downloads,
the zoom link without script, and dark mode without a glaring white block."""

from __future__ import annotations

import io

from PIL import Image, ImageStat

from . import harness

# Lighthouse's mobile emulation: the viewport the site's 100 scores and LCP bar are measured in.
LIGHTHOUSE_PHONE = {"width": 412, "height": 823}
PAGES_WITH_IMAGES = [
    "projects/mooncake-store.html",
    "research/index.html",
    "publications/qin2025mooncake.html",
    "publications/index.html",
    "index.html",
]

IMAGE_BOXES = """() => [...document.images].map(image => {
  const box = image.getBoundingClientRect();
  return {src: image.getAttribute("src"), lazy: image.loading === "lazy", top: box.top + scrollY,
          shown: box.width > 0 && box.height > 0};
})"""


def test_what_loads_at_once_is_on_the_first_screen_and_lazy_images_are_not(browser, base_url):
    """The build guesses the fold from the text before an image; this checks the guess on the real layout."""
    fold = LIGHTHOUSE_PHONE["height"]
    context = harness.new_context(browser, viewport=LIGHTHOUSE_PHONE)
    try:
        page = context.new_page()
        checked = 0
        for relative in PAGES_WITH_IMAGES:
            page.goto(base_url + relative, wait_until="load")
            for box in page.evaluate(IMAGE_BOXES):
                checked += 1
                if not box["lazy"]:
                    assert box["shown"] and box["top"] < fold, (
                        f"{relative}: {box['src']} loads at once but starts at {box['top']:.0f} px"
                    )
                elif box["shown"]:  # lazy, yet high on the first screen, it would hold up the LCP
                    assert box["top"] > 0.75 * fold, (
                        f"{relative}: {box['src']} is lazy but starts at {box['top']:.0f} px"
                    )
        assert checked >= len(PAGES_WITH_IMAGES)
    finally:
        context.close()


def test_a_phone_never_downloads_the_list_thumbnails(visit):
    for relative in ("publications/index.html",):  # (the home page's selected list: the same markup and CSS)
        opened = visit(relative, viewport=harness.PHONE)
        thumbnails = opened.page.evaluate(
            IMAGE_BOXES.replace("document.images", "document.querySelectorAll('.pub-preview img')")
        )
        assert thumbnails and not any(b["shown"] for b in thumbnails), relative
        files = {url.rsplit("/", 1)[-1] for url in opened.requests}
        names = opened.page.evaluate("[...document.querySelectorAll('.pub-preview img')].map(i => i.srcset)")
        assert not [name for srcset in names for name in files if name and name in srcset], relative


def test_a_wide_screen_shows_the_thumbnail_at_its_density(visit):
    page = visit("publications/index.html", device_scale_factor=2).page
    page.wait_for_function("document.querySelector('.pub-preview img').complete")
    assert "-320w-" in page.evaluate("document.querySelector('.pub-preview img').currentSrc")


def test_a_figure_opens_full_size_without_script(visit):
    """(Every figure's link points to its full-size file: tests/images/test_site_images.py.)"""
    page = visit("research/index.html", javascript=False).page
    link = page.locator("article figure a.image-zoom").first
    name = link.get_attribute("href").rsplit("/", 1)[-1]
    with page.expect_response(lambda response: response.url.endswith(name)) as response:
        link.click()
    assert response.value.headers["content-type"] == "image/webp"
    assert Image.open(io.BytesIO(response.value.body())).size == (2618, 1494)  # the source's own size


def test_in_dark_mode_a_diagram_on_white_does_not_glare(visit):
    luminance = {}
    for mode in harness.MODES:
        page = visit("research/index.html", mode=mode).page
        image = page.locator("article figure img").first
        image.scroll_into_view_if_needed()
        page.wait_for_function("document.querySelector('article figure img').complete")
        shot = Image.open(io.BytesIO(image.screenshot())).convert("L")
        luminance[mode] = ImageStat.Stat(shot).mean[0], shot.getextrema()[1]
    assert luminance["light"][1] == 255  # drawn on white, shown as drawn in light mode
    dark_mean, dark_max = luminance["dark"]
    assert dark_max <= 235 and dark_mean < luminance["light"][0] - 20, luminance
