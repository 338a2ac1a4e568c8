"""Images the build cannot serve: each is a located warning (failing -W), and no broken or half-written file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PIL import Image
from sphinx.cmd.build import build_main
from sphinx.util.console import strip_colors

from .conftest import build_once, copy_root, page

# (line in index.md, warning subtype, what the message says)
EXPECTED = [
    (3, "unusable", "image file not found: figures/missing.png"),
    (5, "unusable", "cannot read the image figures/notes.png (not an image format Pillow can read)"),
    (7, "unusable", "refused SVG figures/script.svg: it contains <script>"),
    (9, "large", "image figures/large.png is 200×100 (0.02 megapixels, more than images_max_megapixels = 0.01)"),
    (13, "remote", "remote image https://example.org/remote.png: pages load nothing from other hosts"),
    (15, "alt", "image figures/large.png has no alt text"),
    (18, "caption", "figure figures/large.png has no caption"),
    (11, "encode", "cannot make corrupt-100w-"),
]


@pytest.fixture(scope="module")
def bad(tmp_path_factory):
    return build_once(copy_root("images-bad", tmp_path_factory.mktemp("bad")))


def test_each_problem_is_one_warning_at_its_line(bad):
    warnings = [line for line in strip_colors(bad.warning.getvalue()).splitlines() if "WARNING" in line]
    assert len(warnings) == len(EXPECTED), "\n".join(warnings)
    index = re.escape(str(Path(bad.srcdir, "index.md")))
    for (line, subtype, text), warning in zip(EXPECTED, warnings, strict=True):
        assert re.match(rf"{index}:{line}: WARNING: ", warning), warning
        assert text in warning and warning.endswith(f"[images.{subtype}]"), warning


def test_unusable_images_are_left_out_not_broken(bad):
    sources = [img["src"] for img in page(bad, "index.html").find_all("img")]
    assert not [src for src in sources if re.search(r"missing|notes|script", src)]
    # the large image is resized anyway, to at most images_max_megapixels
    largest = max(Path(bad.outdir, "_images").glob("large-*.webp"), key=lambda p: p.stat().st_size)
    width, height = Image.open(largest).size
    assert width * height <= 10_000 and (width, height) == (141, 70)


def test_a_failed_encode_leaves_nothing_half_written(bad):
    output = [p for p in Path(bad.outdir).parent.rglob("*") if p.is_file()]  # the output and the doctrees
    assert not [p for p in output if p.name.startswith("corrupt-")]
    assert not [p for p in output if p.suffix == ".tmp"]  # write_atomically's temporary files
    cache = Path(bad.doctreedir, "images")
    assert sorted(p.name.split("-")[0] for p in cache.iterdir()) == ["large", "large"]


def test_the_problems_fail_the_build_under_dash_w(tmp_path):
    srcdir = copy_root("images-bad", tmp_path)
    status = build_main(["-W", "--keep-going", "-q", "-b", "html", str(srcdir), str(tmp_path / "out")])
    assert status == 1
    clean = copy_root("images", tmp_path / "clean")
    assert build_main(["-W", "-q", "-b", "html", str(clean), str(tmp_path / "clean-out")]) == 0
