"""The example plugin passes alpdoc's conformance check and is found through its entry point."""

from __future__ import annotations

import pytest

import alpdoc
from alpdoc.testing import check_format

# Run from alpdoc's own test suite too: there the plugin must be pip-installed (CI does it).
pytest.importorskip("alpdoc_answers_csv", reason="pip install ./examples/alpdoc-answers-csv")


def test_discovered_through_the_entry_point() -> None:
    spec = alpdoc.get_format("answers-csv")
    assert spec.plugin == "alpdoc-answers-csv"  # the package (distribution) name, not a built-in module


def test_conformance() -> None:
    check_format("answers-csv", max_examples=150)


def test_detected_by_content(tmp_path) -> None:
    doc = alpdoc.Document(title="Plan", sections=(alpdoc.Section(title="S", items=(alpdoc.TextItem(text="a"),)),))
    path = tmp_path / "plan.data"
    path.write_text(alpdoc.dumps(doc, "answers-csv"), encoding="utf-8")
    assert alpdoc.detect_format(path).name == "answers-csv"
    assert alpdoc.read(path) == doc
