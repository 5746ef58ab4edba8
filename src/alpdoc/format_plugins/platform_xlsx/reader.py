"""Reading the platform's XLSX download: ``data-main`` row by row, the side sheets joined to each pad.

``data-main`` goes through the row mapping the CSV download shares
(:func:`alpdoc.format_plugins.platform_sheet.documents_from_rows`). The side
sheets (:mod:`.side_sheets`) are read first, grouped by pad id; each pad's
tags are handed to the row mapping as the CSV's ``<type>-tag-j`` columns
would be (the per-question variant tells an SDG item from a thematic-area
item by them), and its tags, locations, metadata, images, engagement and
comments are then set on its :attr:`~alpdoc.model.Document.platform`.
``data-main`` is streamed: one pad's row is in memory at a time, beside the
side sheets. Errors name the cell, ``data-main!C7``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from attrs import evolve

from ...errors import ParseError
from ...model import Document
from ...options import ReaderOptions
from .media import attach_media
from .side_sheets import MAIN_SHEET, SideInfo, read_side_sheets
from .workbook_reader import Cell, Workbook, cell_name, fail

__all__ = ["iter_workbook", "read_workbook"]

_CONTRIBUTOR_SHEETS = ("data-teams", "data-contributions")


def _check_sheets(book: Workbook) -> None:
    names = book.sheetnames
    if any(name in names for name in _CONTRIBUTOR_SHEETS):
        fail("this is the platform's contributors export (sheets " + ", ".join(names) + "): people, not pads; "
             "alpdoc reads pad exports only", book.source, expected="a pad export with a data-main sheet of pads")
    if MAIN_SHEET not in names:
        fail(f"not a platform pad export: no sheet named {MAIN_SHEET!r} (sheets: {', '.join(names) or 'none'})",
             book.source, expected="the platform's XLSX download (sheet data-main, one row per pad)")


class _MainRows:
    """``data-main``'s rows for the row mapping, each pad's tag columns added (an empty row is an empty pad,
    as in the CSV: SheetJS writes a pad with no values as no cells at all);
    remembers the sheet row being read, so an error can name it."""

    def __init__(self, book: Workbook, side: SideInfo) -> None:
        self.book = book
        self.side = side
        self.number = 1
        self._rows = book.rows(MAIN_SHEET)
        first = next(self._rows, None)
        header: tuple[Cell, ...] = first[1] if first is not None else ()
        if not header:
            fail("the sheet is empty", book.source, MAIN_SHEET, 1, 1,
                 expected="the platform's data-main header: pad_id, contributor_id, ...")
        for column, name in enumerate(header, start=1):
            if not isinstance(name, str):
                fail(f"a column name must be text, not {name!r}", book.source, MAIN_SHEET, 1, column,
                     expected="the platform's data-main header")
        self.width = len(header)
        taken = set(header)
        self.tag_columns = [
            (name, count) for name, count in side.tag_names().items()
            if name and not any(f"{name}-tag-{j}" in taken for j in range(1, count + 1))
        ]
        self.header: tuple[str, ...] = tuple(header) + tuple(
            f"{name}-tag-{j}" for name, count in self.tag_columns for j in range(1, count + 1))

    def _tag_cells(self, cells: Sequence[Cell]) -> tuple[Cell, ...]:
        pad = cells[0] if cells else None
        tags = self.side.tags.get(pad, ()) if isinstance(pad, int) and not isinstance(pad, bool) else ()
        out: list[Cell] = []
        for name, count in self.tag_columns:
            names = [t.name for t in tags if t.type == name and t.name]
            out.extend(names[j] if j < len(names) else None for j in range(count))
        return tuple(out)

    def __iter__(self) -> Iterator[tuple[Cell, ...]]:
        for number, cells in self._rows:
            self.number = number
            if len(cells) > self.width:
                fail(f"a value beyond the header's last column ({cells[self.width]!r})", self.book.source,
                     MAIN_SHEET, number, self.width + 1, expected=f"at most {self.width} columns, as the header")
            padded = (*cells, *([None] * (self.width - len(cells))))
            yield padded + self._tag_cells(padded) if self.tag_columns else padded


def _joined(doc: Document, side: SideInfo) -> Document:
    if doc.platform is None:
        return doc
    platform = side.join(doc.platform)
    if platform is not doc.platform:
        doc = evolve(doc, platform=platform)
    pad = platform.pad_id
    paths = side.media.get(pad) if pad is not None else None
    return attach_media(doc, paths) if paths else doc


def iter_workbook(data: bytes, options: ReaderOptions | None = None) -> Iterator[Document]:
    """Every pad of a platform XLSX download (either variant), with its side sheets' rows."""
    from ..platform_sheet import documents_from_rows

    options = options if options is not None else ReaderOptions()
    source = options.source or "<xlsx>"
    with Workbook(data, source) as book:
        _check_sheets(book)
        side = read_side_sheets(book)
        rows = _MainRows(book, side)
        try:
            for doc in documents_from_rows(rows.header, rows, options, source=source,
                                           side_columns=bool(rows.tag_columns)):
                yield _joined(doc, side)
        except ParseError as err:
            if err.reason.startswith(f"{MAIN_SHEET}!"):
                raise
            row = 1 if err.line == 1 else rows.number
            column = min(err.column, rows.width) if err.column >= 1 else 1
            raise ParseError(f"{cell_name(MAIN_SHEET, row, column)}: {err.reason}", line=row, column=column,
                             source=source, expected=err.expected) from None


def read_workbook(data: bytes, options: ReaderOptions | None = None) -> Document:
    """The one pad of a workbook (a :class:`ParseError` when it holds none or several: use ``read_all``)."""
    found = iter_workbook(data, options)
    first = next(found, None)
    source = (options.source if options is not None else None) or "<xlsx>"
    if first is None:
        raise ParseError("the workbook holds no pad (data-main has a header and no rows)", source=source,
                         line=2, expected="one row per pad under the header")
    if next(found, None) is not None:
        raise ParseError("the workbook holds several pads: read them with alpdoc.read_all (or write each to "
                         "a file of its own)", source=source, line=3)
    return first
