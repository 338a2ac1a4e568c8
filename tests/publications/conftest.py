"""Fixtures for the publications engine's tests, on the root tests/roots/test-publications/.

The engine writes paper-page stubs into its source folder, so every build runs on a
copy of the root: `@pytest.mark.sphinx(..., srcdir=...)`, `shared_result` (a copy
named after the key) or `make_app(srcdir=copy_root(...))`; never in tests/roots/."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup


@dataclass
class Built:
    """A finished build: its output folder and what it warned."""

    out: Path
    warnings: str

    @classmethod
    def of(cls, app) -> Built:
        return cls(Path(app.outdir), app.warning.getvalue())

    def html(self, relative: str) -> str:
        return (self.out / relative).read_text("utf-8")

    def soup(self, relative: str) -> BeautifulSoup:
        return BeautifulSoup(self.html(relative), "html.parser")


@pytest.fixture
def fixture_site(app) -> Built:
    """The test's root, built (once per `shared_result` key: later tests reuse the output)."""
    app.build()
    return Built.of(app)
