"""Writing pads as the platform's XLSX download: ``data-main``, then the non-empty side sheets.

``data-main`` comes from the row mapping the CSV download shares
(:func:`alpdoc.format_plugins.platform_sheet.rows_from_documents`, without
side columns), in the ``content`` or the per-question variant; tags,
locations, metadata, images, engagement and comments go to the side sheets
(:mod:`.side_sheets`), keyed by pad id, sorted by it, as the platform writes
them. A pad without a pad id has nothing to join its side rows on: its
lists are not written (the projection says so).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Literal

from ...errors import FormatError
from ...model import Document
from .media import media_of
from .side_sheets import MAIN_SHEET, side_sheet_rows
from .workbook_writer import write_workbook

__all__ = ["write_pads", "write_content", "write_questions", "write_all_content", "write_all_questions"]


def _has_side_rows(doc: Document) -> bool:
    info = doc.platform
    return info is not None and bool(info.tags or info.locations or info.metadata or media_of(doc))


def write_pads(docs: Iterable[Document], variant: Literal["content", "questions"]) -> bytes:
    """The workbook of ``docs`` (``variant``: ``"content"`` or ``"questions"``)."""
    from ..platform_sheet import rows_from_documents

    docs = list(docs)
    seen: dict[int, int] = {}
    for number, doc in enumerate(docs, start=1):
        pad = doc.platform.pad_id if doc.platform is not None else None
        if pad is None or not _has_side_rows(doc):
            continue
        if pad in seen:
            raise FormatError(f"documents {seen[pad]} and {number} both have pad_id {pad}: the side sheets "
                              "(tags, locations, metadata, media) join rows to pads by pad_id, so it must be unique")
        seen[pad] = number
    header, rows = rows_from_documents(docs, variant=variant, side_columns=False)
    media: dict[int, list[str]] = {}
    for doc in docs:
        pad = doc.platform.pad_id if doc.platform is not None else None
        paths = media_of(doc) if pad is not None else []
        if pad is not None and paths:
            media.setdefault(pad, []).extend(paths)
    infos = [doc.platform for doc in docs if doc.platform is not None]
    return write_workbook([(MAIN_SHEET, header, rows), *side_sheet_rows(infos, media)])


def write_content(doc: Document) -> bytes:
    """One pad as the XLSX download's ``content`` variant."""
    return write_pads([doc], "content")


def write_questions(doc: Document) -> bytes:
    """One pad as the XLSX download's per-question variant (``use_templates``)."""
    return write_pads([doc], "questions")


def write_all_content(docs: Sequence[Document]) -> bytes:
    """Every pad of ``docs`` in one ``content`` workbook."""
    return write_pads(docs, "content")


def write_all_questions(docs: Sequence[Document]) -> bytes:
    """Every pad of ``docs`` in one per-question workbook."""
    return write_pads(docs, "questions")
