"""Every reference in the built site resolves: internal links, anchors and assets
(href, src, srcset, CSS url() and @import); external links are well-formed https
(checking that they answer is `make linkcheck`'s job, over the network)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

URL_ATTRIBUTES = {  # tag -> attributes holding one URL
    "a": ["href"],
    "area": ["href"],
    "link": ["href"],
    "form": ["action"],
    "img": ["src"],
    "script": ["src"],
    "source": ["src"],
    "iframe": ["src"],
    "video": ["src", "poster"],
    "audio": ["src"],
    "track": ["src"],
    "input": ["src"],
    "object": ["data"],
    "embed": ["src"],
}
SRCSET_TAGS = ["img", "source"]
# Hosts with no https version, each checked by hand: FACTS.md gives THUMT's site as http only.
HTTP_ONLY_HOSTS = {"thumt.thunlp.org"}
HOST = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", re.IGNORECASE)
CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)|@import\s+(['"])(.*?)\3""")


@cache
def anchors_of(page: Path) -> frozenset[str]:
    soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
    return frozenset(
        [tag["id"] for tag in soup.find_all(id=True)]
        + [tag["name"] for tag in soup.find_all("a", attrs={"name": True})]
    )


def problem_with(url: str, document: Path, site: Path) -> str | None:
    """Why `url`, found in the file `document`, is broken; None when it is fine."""
    if re.search(r"\s", url):
        return "contains whitespace"
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "https" or (scheme == "http" and parts.hostname in HTTP_ONLY_HOSTS):
        return None if parts.hostname and HOST.match(parts.hostname) else "is not a well-formed web address"
    if scheme == "http":
        return "uses http (only allowed for hosts without https, listed in HTTP_ONLY_HOSTS)"
    if scheme == "mailto":
        return None if EMAIL.match(unquote(parts.path)) else "is not a valid mailto: address"
    if scheme == "data":
        return None
    if scheme or parts.netloc:
        return f"uses the {scheme or 'protocol-relative'} scheme"
    if not parts.path:
        target = document
    elif parts.path.startswith("/"):  # the 404 page links from the site root
        target = site / unquote(parts.path).lstrip("/")
    else:
        target = document.parent / unquote(parts.path)
    if parts.path.endswith("/"):
        target = target / "index.html"
    target = target.resolve()
    if site.resolve() not in (target, *target.parents):
        return "points outside the site"
    if not target.is_file():
        return f"{target.relative_to(site.resolve())} does not exist"
    fragment = unquote(parts.fragment)
    if fragment and target.suffix == ".html" and fragment not in anchors_of(target):
        return f"anchor #{fragment} is not in {target.relative_to(site.resolve())}"
    return None


def references_in(soup: BeautifulSoup):
    for tag in soup.find_all(list(URL_ATTRIBUTES)):
        for attribute in URL_ATTRIBUTES[tag.name]:
            if tag.get(attribute) is not None:
                yield tag, attribute, tag[attribute]
    for tag in soup.find_all(SRCSET_TAGS, srcset=True):
        for candidate in tag["srcset"].split(","):
            if candidate.strip():
                yield tag, "srcset", candidate.split()[0]


def test_every_reference_on_the_page_resolves(built_page, site, page):
    document = site / built_page
    broken, checked = [], 0
    for tag, attribute, url in references_in(page(built_page)):
        if tag.name == "a" and url == "#":
            continue  # pydata-sphinx-theme's link to the current page
        checked += 1
        problem = problem_with(url, document, site)
        if problem:
            broken.append(f"<{tag.name} {attribute}={url!r}> {problem}: {str(tag)[:140]}")
    # Every page links to the site's sections and loads the theme's scripts at least.
    assert checked >= 10, f"{built_page}: only {checked} references checked"
    assert not broken, f"{built_page}: broken references:\n  " + "\n  ".join(broken)


def css_files(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.css"))


@pytest.fixture(scope="module")
def stylesheets(site):
    files = css_files(site)
    assert files, f"no style sheets in {site}"
    return files


def test_every_css_url_resolves(site, stylesheets):
    broken, checked = [], 0
    for relative in stylesheets:
        sheet = site / relative
        text = re.sub(r"/\*.*?\*/", "", sheet.read_text("utf-8"), flags=re.DOTALL)
        for match in CSS_URL.finditer(text):
            url = match.group(2) if match.group(2) is not None else match.group(4)
            if not url or url.startswith(("data:", "#")):
                continue
            checked += 1
            problem = problem_with(url, sheet, site)
            if urlsplit(url).scheme in ("http", "https"):
                problem = "loads from another host (assets must be self-hosted)"
            if problem:
                broken.append(f"{relative}: url({url}) {problem}")
    assert checked, "no url() or @import in any style sheet: the theme's fonts should be there"
    assert not broken, "broken references in style sheets:\n  " + "\n  ".join(broken)
