"""page_speed.precompression: .gz and .br copies that decompress to the file."""

from __future__ import annotations

import gzip

import brotli

from sphinx_academic.page_speed.precompression import precompress, remove_orphaned_copies

from .conftest import write


def test_copies_decompress_to_the_original(tmp_path):
    text = write(tmp_path / "page.html", "<p>" + "speed " * 200 + "</p>")
    assert precompress(text) == 2
    data = text.read_bytes()
    assert gzip.decompress((tmp_path / "page.html.gz").read_bytes()) == data
    assert brotli.decompress((tmp_path / "page.html.br").read_bytes()) == data
    first = (tmp_path / "page.html.gz").read_bytes()
    precompress(text)
    assert (tmp_path / "page.html.gz").read_bytes() == first
    assert first[3] & 0x08 == 0 and first[4:8] == bytes(4)  # no file name, no time in the gzip header


def test_small_or_incompressible_files_get_no_copy(tmp_path):
    small = write(tmp_path / "a.js", "x()")
    write(tmp_path / "a.js.gz", "stale")
    assert precompress(small) == 0
    assert not (tmp_path / "a.js.gz").exists() and not (tmp_path / "a.js.br").exists()


def test_copies_follow_the_file_when_it_changes(tmp_path):
    """An incremental build rewrites a page: its copies must be of the new page, not the old one."""
    page = write(tmp_path / "page.html", "<p>" + "old " * 200 + "</p>")
    precompress(page)
    page.write_text("<p>" + "new " * 200 + "</p>", "utf-8")
    assert precompress(page) == 2
    assert gzip.decompress((tmp_path / "page.html.gz").read_bytes()) == page.read_bytes()
    assert brotli.decompress((tmp_path / "page.html.br").read_bytes()) == page.read_bytes()


def test_copies_of_a_removed_file_go_and_the_others_stay(tmp_path):
    kept = write(tmp_path / "kept.html", "<p>" + "kept " * 200 + "</p>")
    removed = write(tmp_path / "sub" / "removed.html", "<p>" + "gone " * 200 + "</p>")
    assert precompress(kept) == precompress(removed) == 2
    removed.unlink()
    remove_orphaned_copies(tmp_path)
    left = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    assert left == ["kept.html", "kept.html.br", "kept.html.gz"]
