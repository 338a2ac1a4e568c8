"""Shared by every test: Sphinx's own test fixtures (`app`, `make_app`,
`@pytest.mark.sphinx(testroot=...)`) over the small on-disk test sites in
tests/roots/test-<name>/, and what is true of the repository.

Tests of the built site (made by `make test` before pytest runs) live under
tests/site/, whose conftest provides the `site` and `page` fixtures; every other
folder tests one extension on its own roots and needs no prior build."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.util.inventory import InventoryFile

pytest_plugins = ["sphinx.testing.fixtures"]

ROOT = Path(__file__).resolve().parent.parent
ROOTS = Path(__file__).resolve().parent / "roots"
# The owner's phone number, which must appear nowhere. Built from pieces so that the
# number itself is never written in this repository.
PHONE_NUMBER = re.compile(r"\D{0,3}".join(["132", "2390", "6909"]))


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where sphinx.testing finds the test roots: tests/roots/test-<name>/."""
    return ROOTS


def read_inventory(path: Path, base: str = "") -> dict:
    """An objects.inv as intersphinx reads it: {type: {name: item}}, each URI under ``base``."""
    return InventoryFile.loads(path.read_bytes(), uri=base).data


def site_configuration() -> dict:
    """The real site's conf.py, run: its settings by name."""
    namespace: dict = {"__file__": str(ROOT / "conf.py")}
    exec((ROOT / "conf.py").read_text("utf-8"), namespace)
    return namespace


def copy_root(name: str, destination: Path, files: dict[str, str] | None = None) -> Path:
    """A copy of tests/roots/test-<name>/ at destination, with `files` written over it
    (relative path -> text): a variant of a root for `make_app(srcdir=...)`."""
    shutil.copytree(ROOTS / f"test-{name}", destination)
    for relative, text in (files or {}).items():
        path = destination / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    return destination


def build_app(make_app, srcdir: Path, buildername: str = "html", **kwargs):
    """Build srcdir with a fresh `make_app` application and undo its global
    registrations at once, so that a test can build the same site again."""
    app = make_app(buildername, srcdir=srcdir, **kwargs)
    try:
        app.build()
    finally:
        app.cleanup()
    return app


def no_warnings(app) -> str:
    """The build's warnings, asserted empty."""
    warnings = app.warning.getvalue()
    assert "WARNING" not in warnings and "ERROR" not in warnings, warnings
    return warnings


@pytest.fixture
def built(app) -> Path:
    """The output folder of the test's root, built with no warning."""
    app.build()
    no_warnings(app)
    return app.outdir


def built_files(outdir: Path) -> dict[str, bytes]:
    """Every file a build wrote (relative path: bytes), but the doctrees sphinx-build keeps in the
    output when not given ``-d``."""
    return {
        path.relative_to(outdir).as_posix(): path.read_bytes()
        for path in sorted(Path(outdir).rglob("*"))
        if path.is_file() and ".doctrees" not in path.relative_to(outdir).parts
    }


def built_page(outdir: Path, relative: str) -> BeautifulSoup:
    """A built page, parsed."""
    return BeautifulSoup((outdir / relative).read_text("utf-8"), "html.parser")


@pytest.fixture(scope="session", autouse=True)
def test_roots_stay_untouched(rootdir):
    """A build that wrote into tests/roots (a root used in place by a build that writes into its
    source, such as the publications engine's stubs) would leak into the next run: fail it."""
    before = {p for p in rootdir.rglob("*") if p.is_file()}
    yield
    added = sorted(str(p.relative_to(rootdir)) for p in rootdir.rglob("*") if p.is_file() and p not in before)
    assert not added, f"tests wrote into tests/roots (copy the root: srcdir= or copy_test_root=True): {added}"


@pytest.fixture(scope="session")
def theme_static() -> Path:
    """pydata-sphinx-theme's own static folder (its CSS, scripts and Font Awesome fonts)."""
    import pydata_sphinx_theme

    return Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static"
