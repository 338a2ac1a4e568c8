"""The site's benchmarks (``make bench``): each module writes ``results/<name>.md`` and ``.json``."""

from __future__ import annotations

import json
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def save_results(name: str, result: dict, text: str) -> None:
    """Write a benchmark's figures (JSON) and its report (Markdown), and print the report."""
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps(result, indent=1) + "\n", "utf-8")
    (RESULTS / f"{name}.md").write_text(text, "utf-8")
    print(text)
