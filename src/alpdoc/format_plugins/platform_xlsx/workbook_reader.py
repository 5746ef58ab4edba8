"""Reading the sheets of an XLSX workbook as typed cells, streaming (openpyxl's read-only mode).

Strings come back with their ``_xHHHH_`` escapes decoded, whichever way the
workbook stores them (SheetJS's inline ``t="str"`` cells, Excel's shared
strings, ``_x000d_`` or ``_x000D_``). Numbers are ``int`` or ``float``,
booleans ``bool``, cells in a date format ``datetime.datetime`` (to the
millisecond), empty cells ``None``. Every failure, a corrupt zip or a sheet
whose XML breaks half way, is a :class:`~alpdoc.ParseError` naming the file,
the sheet and the row.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from collections.abc import Iterator
from typing import Any, NoReturn

from ...errors import ParseError
from .escapes import decode_escapes
from .workbook_writer import column_letters

__all__ = ["Cell", "Workbook", "cell_name", "fail"]

Cell = Any
"""``str | int | float | bool | datetime.datetime | None``."""

_EPOCH = datetime.datetime(1899, 12, 30)
_MAX_UNCOMPRESSED = 2 * 1024 * 1024 * 1024
"""Most bytes a workbook may hold decompressed, all parts together (a zip bomb is refused before parsing)."""


def cell_name(sheet: str, row: int, column: int) -> str:
    """``data-main!C7`` for 1-based ``row`` and ``column``."""
    return f"{sheet}!{column_letters(column)}{row}"


def fail(message: str, source: str, sheet: str | None = None, row: int = 1, column: int = 1,
         expected: str | None = None) -> NoReturn:
    """Raise a :class:`ParseError` for a cell of ``sheet`` (its name, e.g. ``data-main!C7``, starts the message)."""
    where = f"{cell_name(sheet, row, column)}: " if sheet is not None else ""
    raise ParseError(where + message, line=row, column=column, source=source, expected=expected)


def _plain(value: Any) -> Cell:
    """A cell value as one of the :data:`Cell` types (strings decoded)."""
    if value is None or isinstance(value, (bool, int, float, datetime.datetime)):
        return value
    if isinstance(value, str):
        return decode_escapes(value) if value else None
    if isinstance(value, datetime.time):  # a date-formatted serial below 1: a day before 1900
        return datetime.datetime.combine(_EPOCH.date(), value)
    if isinstance(value, datetime.date):
        return datetime.datetime.combine(value, datetime.time())
    if isinstance(value, datetime.timedelta):
        return value.total_seconds() / 86_400
    return decode_escapes(str(value))


def _excel_reader() -> type:
    from openpyxl.cell.text import Text
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.xml.constants import SHARED_STRINGS, SHEET_MAIN_NS
    from openpyxl.xml.functions import iterparse

    string_tag = f"{{{SHEET_MAIN_NS}}}si"

    class _Reader(ExcelReader):
        """openpyxl's reader, keeping shared strings as stored (it drops every ``x005F_``, which is
        half of an escaped literal ``_xHHHH_``; :func:`decode_escapes` decodes them whole)."""

        def read_strings(self) -> None:
            part = next(self.package.findall(SHARED_STRINGS), None)  # what Manifest.find does
            if part is None:
                return
            strings: list[str] = []
            with self.archive.open(part.PartName[1:]) as src:
                for _event, node in iterparse(src):
                    if node.tag == string_tag:
                        text = Text.from_tree(node)
                        strings.append("" if text is None else text.content)
                        node.clear()
            self.shared_strings = strings

    return _Reader


class Workbook:
    """An open workbook: its sheet names, and each sheet's rows as tuples of :data:`Cell`.

    Use as a context manager (the zip is closed at the end).
    """

    def __init__(self, data: bytes, source: str) -> None:
        self.source = source
        if isinstance(data, str):
            fail("an XLSX workbook is binary: pass its bytes, not text", source)
        if not data.startswith(b"PK"):
            fail("not an XLSX workbook (an XLSX file is a zip archive, starting with the bytes 'PK')", source,
                 expected="the bytes of an .xlsx file")
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
            names = set(archive.namelist())
            total = sum(info.file_size for info in archive.infolist())
        except Exception as exc:  # noqa: BLE001 - zipfile raises many kinds on a damaged archive
            fail(f"not a readable XLSX workbook: the zip archive is damaged ({type(exc).__name__}: {exc})", source)
        if "xl/workbook.xml" not in names and not any(n.endswith("workbook.xml") for n in names):
            hint = " (it looks like a Word document)" if "word/document.xml" in names else ""
            fail(f"not an XLSX workbook: the zip has no xl/workbook.xml{hint}", source,
                 expected="a workbook of the platform's XLSX download")
        if total > _MAX_UNCOMPRESSED:
            fail(f"the workbook would decompress to {total:,} bytes, more than {_MAX_UNCOMPRESSED:,}: not read", source)
        archive.close()
        try:
            reader = _excel_reader()(io.BytesIO(data), read_only=True, data_only=True)
            reader.read()
        except Exception as exc:  # noqa: BLE001 - openpyxl raises anything on a damaged workbook
            fail(f"not a readable XLSX workbook ({type(exc).__name__}: {exc})", source)
        self._book = reader.wb
        self.sheetnames: tuple[str, ...] = tuple(self._book.sheetnames)

    def __enter__(self) -> Workbook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._book.close()

    def rows(self, sheet: str) -> Iterator[tuple[int, tuple[Cell, ...]]]:
        """``(row number, cells)`` for every row of ``sheet``, empty rows included, trailing empty cells cut."""
        ws = self._book[sheet]
        ws.reset_dimensions()  # a stated size that lies (or is huge) must not pad rows with empty cells
        number = 0
        try:
            for number, row in enumerate(ws.iter_rows(values_only=True), start=1):
                cells = [_plain(value) for value in row]
                while cells and cells[-1] is None:
                    cells.pop()
                yield number, tuple(cells)
        except ParseError:
            raise
        except Exception as exc:  # noqa: BLE001 - a sheet whose XML or values break part way
            fail(f"the sheet cannot be read after row {number} ({type(exc).__name__}: {exc})", self.source,
                 sheet, number + 1)
