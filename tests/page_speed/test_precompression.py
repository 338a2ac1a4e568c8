"""page_speed.precompression: .gz and .br copies that decompress to the file."""

from __future__ import annotations

import gzip

import brotli

from sphinx_academic.page_speed.precompression import precompress

from .conftest import write


def test_copies_decompress_to_the_original(tmp_path):
    text = write(tmp_path / "page.html", "<p>" + "speed " * 200 + "</p>")
    assert precompress(text) == 2
    data = text.read_bytes()
    assert gzip.decompress((tmp_path / "page.html.gz").read_bytes()) == data
    assert brotli.decompress((tmp_path / "page.html.br").read_bytes()) == data
    first = (tmp_path / "page.html.gz").read_bytes()
    precompress(text)
    assert (tmp_path / "page.html.gz").read_bytes() == first  # no time or name in the header


def test_small_or_incompressible_files_get_no_copy(tmp_path):
    small = write(tmp_path / "a.js", "x()")
    write(tmp_path / "a.js.gz", "stale")
    assert precompress(small) == 0
    assert not (tmp_path / "a.js.gz").exists() and not (tmp_path / "a.js.br").exists()
