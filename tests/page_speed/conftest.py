"""Helpers for the speed steps' tests (the theme's real assets: `theme_static`, in tests/conftest.py)."""

from __future__ import annotations

from pathlib import Path


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path
