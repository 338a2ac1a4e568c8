"""Fixtures for the image pipeline's tests: built copies of the test roots, parsed pages."""

from __future__ import annotations

import re
from io import StringIO
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from sphinx.testing.util import SphinxTestApp

from tests import conftest
from tests.markup import soup

REPORT = re.compile(
    r"images: (\d+) files, (\d+) encoded \([\d.]+ s of CPU in the worker, [\d.]+ s waited for at the end\), (\d+) from the cache"
)


def write_portrait(path: Path) -> None:
    """A 288×288 photo-like image (smooth light, noise, a face-coloured oval), like the home page's
    portrait: what a fixed-width image with a 1× and a 2× file is made of."""
    image = Image.radial_gradient("L").resize((288, 288)).convert("RGB")
    image = Image.blend(image, Image.effect_noise((288, 288), 40).convert("RGB"), 0.3)
    ImageDraw.Draw(image).ellipse((84, 40, 204, 160), fill=(200, 160, 130))
    image.save(path)


def copy_root(name: str, parent: Path) -> Path:
    """A copy of tests/roots/test-<name>/ in ``parent`` (test-images: with the portrait written in)."""
    destination = conftest.copy_root(name, parent / name)
    if name == "images":
        write_portrait(destination / "portrait.png")
    return destination


@pytest.fixture
def site_copy(tmp_path):
    """site_copy("images") -> a fresh copy of tests/roots/test-images/."""
    return lambda name: copy_root(name, tmp_path)


@pytest.fixture
def build(make_app):
    """build(srcdir, freshenv=False, **confoverrides) -> the built app; the same folders on each
    call, so the saved environment and the cache are kept from one call to the next."""

    def run(srcdir: Path, freshenv: bool = False, **confoverrides):
        return conftest.build_app(make_app, srcdir, freshenv=freshenv, confoverrides=confoverrides)

    return run


def build_once(srcdir: Path, **confoverrides) -> SphinxTestApp:
    """Build ``srcdir`` into ``srcdir/_build`` (for module-scoped fixtures: make_app is per test)."""
    app = SphinxTestApp("html", srcdir=srcdir, confoverrides=confoverrides, status=StringIO(), warning=StringIO())
    try:
        app.build()
    finally:
        app.cleanup()
    return app


def report(app) -> tuple[int, int, int]:
    """The pipeline's own account of a build: (files, encoded, taken from the cache)."""
    match = REPORT.search(app.status.getvalue())
    assert match, app.status.getvalue()
    return tuple(int(n) for n in match.groups())


def page(app, name: str):
    return soup(Path(app.outdir) / name)


no_warnings = conftest.no_warnings
