"""Fixtures for the static checks on the built HTML."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from sphinx_academic.languages import nested_outputs
from tests.conftest import ROOT
from tests.site.conftest import html_pages

# Installed by tools/ensure-test-tools (npm package vnu-jar, pinned there).
VNU_JAR = ROOT / ".tools" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@pytest.fixture(scope="session")
def vnu_messages(site, built_pages) -> dict[str, list[dict]]:
    """The Nu HTML Checker's messages for every built page, the other languages' (zh/) too, one
    Java run for all of them: {"cv/index.html": [...], "zh/cv/index.html": [...]}."""
    built_pages = built_pages + [
        path.relative_to(site).as_posix() for folder in sorted(nested_outputs(site)) for path in html_pages(folder)
    ]
    if not VNU_JAR.is_file():
        pytest.fail(f"{VNU_JAR} is missing: run tools/ensure-test-tools (make test does).")
    run = subprocess.run(
        [
            "java",
            "-jar",
            str(VNU_JAR),
            "--format",
            "json",
            "--exit-zero-always",
            "--stdout",
            *(str(site / p) for p in built_pages),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, f"vnu failed to run: {run.stderr[-2000:]}"
    by_page: dict[str, list[dict]] = {p: [] for p in built_pages}
    for message in json.loads(run.stdout)["messages"]:
        path = Path(message.get("url", "").removeprefix("file:")).resolve()
        by_page[path.relative_to(site.resolve()).as_posix()].append(message)
    # vnu lists no file it found nothing to say about; every page of ours gets its notes at least
    # (the accepted warnings, the CSS checker's gaps), so a page without any was not checked.
    unread = [page for page, messages in by_page.items() if not messages]
    assert not unread, f"vnu said nothing about {unread}: were they checked? {run.stderr[-2000:]}"
    return by_page
