"""The built site is whole: no warnings, no broken links, no private data, searchable."""

import json
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from sphinx.search.en import SearchEnglish

from tests.conftest import ROOT, html_pages

# Built from pieces so that the number itself is never written in this repository.
PHONE = re.compile(r"132\D{0,3}" + "2390" + r"\D{0,3}" + "6909")
TEXT_SUFFIXES = {".html", ".js", ".css", ".txt", ".xml", ".json", ".bib", ".inv", ".svg", ".map", ""}


def test_nitpicky_build_has_no_warnings(tmp_path):
    """A clean nitpicky build into a fresh folder reports no warning at all."""
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-n", "-q", "-b", "html", "-d", str(tmp_path / "doctrees"), str(ROOT), str(tmp_path / "html")],
        capture_output=True, text=True, cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "", f"the build warned:\n{result.stderr}"


def test_phone_number_is_nowhere_in_the_built_site(site):
    leaks = [
        str(path.relative_to(site))
        for path in site.rglob("*")
        if path.is_file() and PHONE.search(path.read_bytes().decode("utf-8", "ignore"))
    ]
    assert not leaks, f"the phone number appears in {leaks}"


def test_phone_number_is_nowhere_in_the_repository():
    tracked = subprocess.run(["git", "ls-files", "-z"], capture_output=True, cwd=ROOT, check=True).stdout
    leaks = [
        name
        for name in tracked.decode().split("\0")
        if name and (ROOT / name).is_file() and PHONE.search((ROOT / name).read_bytes().decode("utf-8", "ignore"))
    ]
    assert not leaks, f"the phone number appears in tracked files {leaks}"


def _local_references(soup: BeautifulSoup):
    for tag, attribute in (("a", "href"), ("link", "href"), ("img", "src"), ("script", "src"), ("source", "src")):
        for element in soup.find_all(tag, attrs={attribute: True}):
            value = element[attribute]
            if urlsplit(value).scheme or value.startswith("//"):
                continue  # external: checked by `make linkcheck`, not offline
            yield element, value


def test_every_internal_link_and_anchor_resolves(site):
    ids_by_page: dict[Path, set[str]] = {}

    def ids(path: Path) -> set[str]:
        if path not in ids_by_page:
            soup = BeautifulSoup(path.read_text("utf-8"), "html.parser")
            ids_by_page[path] = {e["id"] for e in soup.find_all(id=True)} | {
                e["name"] for e in soup.find_all("a", attrs={"name": True})
            }
        return ids_by_page[path]

    broken = []
    for source in html_pages(site):
        if source.name == "404.html":
            continue  # its links are absolute from the site root by design; checked below
        soup = BeautifulSoup(source.read_text("utf-8"), "html.parser")
        for element, value in _local_references(soup):
            parts = urlsplit(value)
            target = (source.parent / unquote(parts.path)).resolve() if parts.path else source
            if target.is_dir():
                target = target / "index.html"
            where = f"{source.relative_to(site)}: <{element.name}> {value!r}"
            if not target.is_file():
                broken.append(f"{where} -> missing file")
            elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in ids(target):
                broken.append(f"{where} -> no element with id {parts.fragment!r}")
    assert not broken, "broken internal references:\n" + "\n".join(broken)


def test_404_page_links_resolve_from_the_site_root(site, page):
    """notfound's links are absolute paths; strip the configured prefix and they must exist."""
    soup = page("404.html")
    prefixes = sorted({href.split("_static/")[0] for href in (l["href"] for l in soup.find_all("link", href=True)) if "_static/" in href})
    assert len(prefixes) == 1, prefixes
    prefix = prefixes[0]
    for element, value in _local_references(soup):
        path = urlsplit(value).path
        if not path:
            continue  # a link within the page, such as the skip link
        assert path.startswith(prefix), f"404.html: {value!r} does not start with {prefix!r}"
        target = site / path[len(prefix):]
        assert target.is_file() or (target / "index.html").is_file(), f"404.html: {value!r} -> missing"


@pytest.mark.parametrize(
    ("relative",), [("research/index.html",), ("projects/mooncake-store.html",)]
)
def test_citations_link_to_the_paper_page(page, relative):
    links = [a["href"] for a in page(relative).select("article a[href]")]
    assert any(urlsplit(h).path.endswith("publications/qin2025mooncake.html") for h in links), (
        f"{relative}: no citation link to the paper page among {links}"
    )


def _search_index(site: Path) -> dict:
    text = (site / "searchindex.js").read_text("utf-8")
    return json.loads(text[text.index("(") + 1 : text.rindex(")")])


@pytest.mark.parametrize(
    ("query", "expected_pages"),
    [
        ("Mooncake", {"publications/index", "projects/mooncake-store"}),
        ("Riedel", {"publications/index", "cv/index"}),
        ("THUMT", {"cv/index"}),
        ("FlashAttention", {"projects/flash-attention-from-scratch"}),
    ],
)
def test_search_index_finds_each_section(site, query, expected_pages):
    index = _search_index(site)
    term = SearchEnglish({}).stem(query.lower())
    found = set()
    for table in ("terms", "titleterms"):
        hits = index[table].get(term, [])
        found |= {index["docnames"][i] for i in ([hits] if isinstance(hits, int) else hits)}
    assert expected_pages <= found, f"search for {query!r} ({term!r}) finds {sorted(found)}"
