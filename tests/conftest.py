"""Shared test helpers: where the real data lives (tests skip cleanly without it)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("ALPDOC_SHARED", REPO.parent / "shared"))
CORPUS = SHARED / "corpus" / "archive-md"
SEEDS = SHARED / "seeds"

settings.register_profile("default", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("ci", deadline=None, max_examples=300, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "default"))


def need(path: Path) -> Path:
    """``path``, or skip the test when the shared data is not there."""
    if not path.exists():
        pytest.skip(f"shared data not available: {path}")
    return path


@pytest.fixture
def corpus_dir() -> Path:
    return need(CORPUS)


@pytest.fixture
def seeds_dir() -> Path:
    return need(SEEDS)
