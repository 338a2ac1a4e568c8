"""sphinx_academic.builders: html and dirhtml work (sitemap, canonical URL and links right in
both); any other builder stops at once with one line, no traceback, before writing anything."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree as ET

import pytest
from bs4 import BeautifulSoup

SITEMAP = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
BASE = "https://example.org/site/"


def sphinx_build(builder: str, src: Path, out: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "--no-color",
            "-q",
            "-W",
            "--keep-going",
            "-n",
            "-b",
            builder,
            str(src),
            str(out),
        ],
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize("builder", ["latex", "singlehtml", "epub"])
def test_unsupported_builder_stops_at_once_in_one_line(builder, rootdir, tmp_path):
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-site", src)
    run = sphinx_build(builder, src, tmp_path / "out")
    assert run.returncode == 2, run.stderr
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert lines == [
        f"ERROR: this site cannot be built with the {builder!r} builder; use one of: html, dirhtml, linkcheck, gettext"
    ]
    assert not [p for p in (tmp_path / "out").rglob("*") if p.is_file()]  # nothing written
    assert not list((src / "publications").glob("*.rst"))  # stopped before the engine's own set-up


def local_target(outdir: Path, page: Path, href: str) -> Path | None:
    """The file a local link of ``page`` points to (a folder means its index.html)."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    target = (page.parent / unquote(parts.path)).resolve()
    return target / "index.html" if target.is_dir() else target


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_sitemap_canonical_and_links_are_right(builder, make_app, rootdir, tmp_path):
    shutil.copytree(rootdir / "test-site", tmp_path / "src")
    app = make_app(builder, srcdir=tmp_path / "src", builddir=tmp_path / builder)
    app.build()
    assert "WARNING" not in app.warning.getvalue(), app.warning.getvalue()
    out = Path(app.outdir)
    urls = [loc.text for loc in ET.parse(out / "sitemap.xml").getroot().findall("sm:url/sm:loc", SITEMAP)]
    pages = sorted(
        p
        for p in out.rglob("*.html")
        if "_static" not in p.parts
        and p.name not in {"search.html", "genindex.html"}
        and p.parent.name not in {"search", "genindex"}
    )
    assert len(urls) == 7 and urls == sorted(urls)  # every page but the 404 page, sorted
    for url in urls:
        assert url.startswith(BASE)
        path = out / url.removeprefix(BASE)
        page = path / "index.html" if url.endswith("/") else path
        assert page.is_file(), f"{builder}: the sitemap lists {url}, which is not a built page"
        canonical = BeautifulSoup(page.read_text("utf-8"), "html.parser").find("link", rel="canonical")
        assert canonical is not None and canonical["href"] == url, f"{builder}: {page} has canonical {canonical}"
    checked = 0
    for page in pages:
        soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        for tag in soup.find_all(["a", "link"], href=True):
            target = local_target(out, page, tag["href"])
            if target is not None:
                assert target.exists(), f"{builder}: {page.relative_to(out)} links to missing {tag['href']}"
                checked += 1
    assert checked > 50, f"only {checked} local links checked"
