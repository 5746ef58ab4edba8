"""The example plugin passes alpdoc's conformance check and is found through its entry point."""

from __future__ import annotations

import alpdoc
from alpdoc.testing import check_format


def test_discovered_through_the_entry_point() -> None:
    spec = alpdoc.get_format("answers-csv")
    assert spec.plugin == "answers-csv"  # the entry point's name, not a built-in module


def test_conformance() -> None:
    check_format("answers-csv", max_examples=150)


def test_detected_by_content(tmp_path) -> None:  # noqa: ANN001
    doc = alpdoc.Document(title="Plan", sections=(alpdoc.Section(title="S", items=(alpdoc.TextItem(text="a"),)),))
    path = tmp_path / "plan.data"
    path.write_text(alpdoc.dumps(doc, "answers-csv"), encoding="utf-8")
    assert alpdoc.detect_format(path).name == "answers-csv"
    assert alpdoc.read(path) == doc
