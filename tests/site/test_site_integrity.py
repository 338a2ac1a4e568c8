"""The built site is whole: no private data, every section is searchable.

(Links and anchors: tests/site/static/test_links.py; warnings: tests/site/static/test_build.py;
citations: tests/site/publications/test_real_site.py.)"""

import json
import subprocess
from pathlib import Path

import pytest
from sphinx.search.en import SearchEnglish

from tests.conftest import PHONE_NUMBER, ROOT


def test_phone_number_is_nowhere_in_the_built_site(site):
    files = [path for path in site.rglob("*") if path.is_file()]
    assert len(files) > 50 and site / "cv" / "ruoyu-qin-cv.pdf" in files, f"only {len(files)} files checked"
    leaks = [
        str(path.relative_to(site))
        for path in files
        if PHONE_NUMBER.search(path.read_bytes().decode("utf-8", "ignore"))
    ]
    assert not leaks, f"the phone number appears in {leaks}"


def test_phone_number_is_nowhere_in_the_repository():
    tracked = subprocess.run(["git", "ls-files", "-z"], capture_output=True, cwd=ROOT, check=True).stdout
    names = [name for name in tracked.decode().split("\0") if name and (ROOT / name).is_file()]
    assert len(names) > 100 and "refs.bib" in names, f"only {len(names)} tracked files checked"
    leaks = [name for name in names if PHONE_NUMBER.search((ROOT / name).read_bytes().decode("utf-8", "ignore"))]
    assert not leaks, f"the phone number appears in tracked files {leaks}"


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


def test_no_header_or_footer_item_is_empty_on_any_page(site):
    """conf.py spares the theme its check of whether some templates render empty
    (``templates_skip_empty_check``): on no page, English or Chinese, may one of them be, or it
    would leave an empty item in the header or footer where the theme leaves none."""
    from bs4 import BeautifulSoup

    from sphinx_academic.languages import nested_outputs
    from tests.site.conftest import html_pages

    pages = html_pages(site) + [page for nested in nested_outputs(site) for page in html_pages(nested)]
    items = 0
    for path in pages:
        soup = BeautifulSoup(path.read_text("utf-8"), "html.parser")
        found = soup.select("div.navbar-item, div.footer-item")
        empty = [
            item for item in found if not item.get_text(strip=True) and not item.find(["img", "svg", "i", "button"])
        ]
        assert empty == [], f"{path.relative_to(site)}: {empty[0]}"
        items += len(found)
    assert any("zh" in path.relative_to(site).parts for path in pages)  # both languages looked at
    assert items > 6 * len(pages)  # every page has its header and footer items
