"""archive-md: read(write(d)) == project(d) for generated documents; project is idempotent."""

from __future__ import annotations

from hypothesis import given

import alpdoc
from alpdoc.testing import check_project_idempotent, check_round_trip, documents


@given(documents())
def test_round_trip_equals_projection(doc: alpdoc.Document) -> None:
    check_round_trip("archive-md", doc)


@given(documents())
def test_project_is_idempotent(doc: alpdoc.Document) -> None:
    check_project_idempotent("archive-md", doc)


@given(documents())
def test_written_text_is_stable(doc: alpdoc.Document) -> None:
    text = alpdoc.dumps(doc, "archive-md")
    assert alpdoc.dumps(alpdoc.loads(text, "archive-md"), "archive-md") == text


def test_text_ending_in_blank_lines_then_text_without_instruction() -> None:
    doc = alpdoc.Document(
        title="t",
        sections=(alpdoc.Section(title="s", items=(alpdoc.TextItem(text="a\n\n"), alpdoc.TextItem(text="b"))),),
    )
    check_round_trip("archive-md", doc)
    check_project_idempotent("archive-md", doc)
