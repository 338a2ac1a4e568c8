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
