"""The derivatives' cache: a rebuild encodes nothing; a changed source, only its own files."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from .conftest import no_warnings, page, report


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Each file's (inode, mtime): a file written again changes one or the other."""
    return {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


def test_a_second_build_reuses_every_file(site_copy, build):
    srcdir = site_copy("images")
    first = build(srcdir)
    no_warnings(first)
    assert report(first) == (6, 6, 0)
    cache, images = Path(first.doctreedir, "images"), Path(first.outdir, "_images")
    before = snapshot(cache), snapshot(images)
    assert len(before[0]) == len(before[1]) == 6

    again = build(srcdir)  # a new application on the same folders, as `make html` twice
    assert report(again) == (6, 0, 6)
    assert (snapshot(cache), snapshot(images)) == before

    fresh = build(srcdir, freshenv=True)  # nor with every document read again (sphinx-build -E)
    assert report(fresh) == (6, 0, 6)
    assert (snapshot(cache), snapshot(images)) == before


def test_a_changed_source_is_encoded_again_alone_and_its_old_files_go(site_copy, build):
    srcdir = site_copy("images")
    first = build(srcdir)
    old = {p.name for p in Path(first.outdir, "_images").iterdir()}
    old_diagram = {name for name in old if name.startswith("diagram-")}
    assert len(old_diagram) == 3

    diagram = srcdir / "figures" / "diagram.png"
    Image.open(diagram).rotate(180).save(diagram)  # same size, other pixels
    second = build(srcdir)
    no_warnings(second)
    assert report(second) == (6, 3, 3)  # the diagram's three files; the portrait's and the SVG reused
    now = {p.name for p in Path(second.outdir, "_images").iterdir()}
    assert not old_diagram & now  # stale files are removed, from the output...
    assert not old_diagram & {p.name for p in Path(second.doctreedir, "images").iterdir()}  # ...and the cache
    assert now - old == {name for name in now if name.startswith("diagram-")}
    assert {
        url.split()[0].rsplit("/", 1)[-1] for url in page(second, "later.html").find("img")["srcset"].split(",")
    } <= now


def test_files_no_page_uses_any_more_are_removed(site_copy, build):
    srcdir = site_copy("images")
    first = build(srcdir)
    assert any(p.name.startswith("portrait-") for p in Path(first.outdir, "_images").iterdir())
    index = srcdir / "index.md"
    index.write_text(index.read_text("utf-8").replace("portrait.png", "figures/diagram.png"), "utf-8")
    second = build(srcdir)
    assert not any(p.name.startswith("portrait-") for p in Path(second.outdir, "_images").iterdir())
