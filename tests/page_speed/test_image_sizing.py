"""page_speed.image_sizing: every <img> gets the size of its file."""

from __future__ import annotations

import logging

from sphinx_academic.page_speed.image_sizing import size_page_images

from .conftest import write


def test_sizes_from_the_files(tmp_path, caplog):
    write(tmp_path / "_images/wide.svg", '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 100"></svg>')
    page = write(tmp_path / "papers/p.html", "")
    html = (
        '<p><img src="../_images/wide.svg" alt="a">'
        '<img src="../_images/wide.svg" width="200" alt="b">'
        '<img src="../_images/wide.svg" width="10" height="10" alt="c">'
        '<img src="../_images/missing.png" alt="d"></p>'
    )
    with caplog.at_level(logging.WARNING):
        out = size_page_images(tmp_path, page, html)
    assert '<img src="../_images/wide.svg" alt="a" width="400" height="100">' in out
    assert '<img src="../_images/wide.svg" width="200" alt="b" height="50">' in out
    assert '<img src="../_images/wide.svg" width="10" height="10" alt="c">' in out  # the author's size stays
    assert '<img src="../_images/missing.png" alt="d">' in out
    assert "cannot size image '../_images/missing.png'" in caplog.text
