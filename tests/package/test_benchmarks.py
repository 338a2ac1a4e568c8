"""`make bench` runs each benchmark module the Makefile names: each of them must import."""

from __future__ import annotations

import importlib
import re

from tests.conftest import ROOT


def test_every_benchmark_that_make_bench_runs_imports():
    recipe = re.search(r"^bench:.*\n((?:\t.*\n)+)", (ROOT / "Makefile").read_text("utf-8"), re.M).group(1)
    modules = re.findall(r"-m (benchmarks\.\w+)", recipe)
    assert len(modules) >= 5, f"make bench runs {modules}"
    for module in modules:
        importlib.import_module(module)  # an ImportError names the module and the name it lacks
