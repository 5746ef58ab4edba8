"""Fuzzing every registered reader: mutated real files, random text, random bytes.

Only alpdoc errors may escape, and every ParseError has a line and column.
The "fuzz" hypothesis profile (2,000 inputs per reader and source) is on in CI
and when ALPDOC_FUZZ is set; otherwise a short run. benchmarks/fuzz.py does
long seeded runs (100,000 inputs) and prints the counts.
"""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest
from conftest import CORPUS, SEEDS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import alpdoc
from alpdoc.testing import check_bad_input, mangle

FUZZ = bool(os.environ.get("CI") or os.environ.get("ALPDOC_FUZZ"))
settings.register_profile(
    "fuzz", max_examples=int(os.environ.get("ALPDOC_FUZZ_EXAMPLES", "2000")), deadline=None,
    suppress_health_check=list(HealthCheck), database=None,
)
BUDGET = settings.get_profile("fuzz") if FUZZ else settings(max_examples=30, deadline=None)

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "sample_plan.md"
READERS = [s.name for s in alpdoc.formats() if s.reader is not None]


def _samples() -> list[bytes]:
    paths = [EXAMPLE, *sorted(SEEDS.glob("*"))] if SEEDS.is_dir() else [EXAMPLE]
    if CORPUS.is_dir():
        paths += random.Random(7).sample(sorted(CORPUS.glob("*.md")), 30)
    return [p.read_bytes() for p in paths]


SAMPLES = _samples()
mutated = st.builds(mangle, st.sampled_from(SAMPLES), st.randoms(use_true_random=False))


@pytest.mark.parametrize("name", READERS)
@BUDGET
@given(data=st.one_of(mutated, st.text(max_size=400).map(str.encode), st.binary(max_size=400)))
def test_readers_raise_only_parse_errors(name: str, data: bytes) -> None:
    check_bad_input(name, data)
