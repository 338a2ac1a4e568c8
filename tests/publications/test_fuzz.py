"""A fixed-seed sample of the fuzzing (fuzzing.py): mutated real exports never crash the engine or
a build, every warning is located, and nothing hostile reaches a page. `make fuzz` runs 2,000+ cases."""

from __future__ import annotations

from .fuzzing import run


def test_a_fixed_sample_of_mutated_exports(tmp_path):
    engine, builds = run(examples=150, builds=3, random_seed=20251201, workdir=tmp_path)
    assert (engine, builds) == (150, 3)  # every case ran
