"""Writing the platform's CSV download, and the projection (what reading it back gives)."""

from __future__ import annotations

from collections.abc import Sequence

from ...errors import AlpdocError
from ...model import Document
from ...projection import read_back
from ..platform_sheet.cells import cell_text
from ..platform_sheet.rows import rows_from_documents
from .codec import write_records
from .reader import read_platform_csv

__all__ = [
    "write_platform_csv",
    "write_platform_csv_all",
    "write_platform_csv_questions",
    "write_platform_csv_questions_all",
    "project_platform_csv",
    "project_platform_csv_questions",
]


def _write(docs: Sequence[Document], variant: str) -> bytes:
    header, rows = rows_from_documents(docs, variant=variant)  # type: ignore[arg-type]
    text = write_records([header, *([cell_text(c) for c in row] for row in rows)])
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise AlpdocError(f"cannot write CSV: the text holds {text[exc.start]!r}, which UTF-8 cannot encode "
                          "(a lone surrogate)") from None


def write_platform_csv_all(docs: Sequence[Document]) -> bytes:
    """Every document as one row of a ``content``-variant CSV, in order."""
    return _write(list(docs), "content")


def write_platform_csv(doc: Document) -> bytes:
    """One document as a ``content``-variant CSV (header and one row)."""
    return _write([doc], "content")


def write_platform_csv_questions_all(docs: Sequence[Document]) -> bytes:
    """Every document as one row of a per-question CSV (header: the row with the most columns)."""
    return _write(list(docs), "questions")


def write_platform_csv_questions(doc: Document) -> bytes:
    """One document as a per-question CSV."""
    return _write([doc], "questions")


project_platform_csv = read_back(write_platform_csv, read_platform_csv)
"""What the ``content`` CSV keeps of a document: the platform columns, the content text as far as it
reads back (one text item without the pad's template), side columns' tags and locations; what writing
and reading back gives, by definition."""

project_platform_csv_questions = read_back(write_platform_csv_questions, read_platform_csv)
"""What the per-question CSV keeps of a document (see :mod:`..platform_sheet.questions`)."""
