"""Fixtures for the speed steps: the extension on the import path, the theme's real assets."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def theme_static() -> Path:
    """pydata-sphinx-theme's own static folder (its CSS, scripts and Font Awesome fonts)."""
    import pydata_sphinx_theme

    return Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path
