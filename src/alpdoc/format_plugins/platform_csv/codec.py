"""The CSV dialect SheetJS (xlsx 0.18.5) writes for the platform's CSV download, read and written exactly.

Written: UTF-8 with a byte order mark, fields separated by ``,``, records by
``\\n``, no newline after the last record; a field is quoted (``"`` doubled
inside) when it holds ``,``, ``\\n`` or ``"``, or is exactly ``ID``. A lone
``\\r`` is data and is never quoted.

Read: the same, and what a re-save or another tool makes of it: no byte
order mark, CRLF record ends (when the header line ends in CRLF, every
record end is CRLF), a final newline. Records are split only on an
unquoted ``\\n``; a ``\\r`` elsewhere stays in its field.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Sequence

from ...errors import ParseError

__all__ = ["BOM", "decode_csv", "iter_records", "write_records", "quote_field"]

BOM = "\ufeff"
_CR_STANDIN = "\ue000"
"""A private-use character a CR is swapped with while :mod:`csv` splits the text (it would end a record)."""


def decode_csv(data: bytes | str, source: str | None = None) -> str:
    """``data`` as text, without its byte order mark."""
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            head = data[: exc.start]
            line = head.count(b"\n") + 1
            column = exc.start - (head.rfind(b"\n") + 1) + 1
            raise ParseError(
                f"not UTF-8: byte 0x{data[exc.start]:02x} cannot be decoded", line=line, column=column,
                source=source, expected="a UTF-8 CSV file",
            ) from None
    else:
        text = data
    return text[1:] if text.startswith(BOM) else text


def iter_records(text: str, source: str | None = None) -> Iterator[tuple[int, list[str]]]:
    """``(line, fields)`` for every record of ``text`` (decoded, no BOM); ``line`` is 1-based, physical."""
    first_end = text.find("\n")
    crlf = first_end > 0 and text[first_end - 1] == "\r"
    standin = _CR_STANDIN
    if standin in text:
        standin = next(c for c in map(chr, range(0xE001, 0xF8FF)) if c not in text)
    if crlf:
        text = text.replace("\r\n", "\n")
    swapped = text.replace("\r", standin)
    if swapped.endswith("\n"):  # a final newline (written by other tools) ends the last record, adds none
        swapped = swapped[:-1]
    if swapped == "":
        return
    has_cr = "\r" in text
    reader = csv.reader(swapped.split("\n") if '"' not in swapped else _lines(swapped), strict=True)
    try:
        for fields in reader:
            line = reader.line_num
            if has_cr:
                fields = [f.replace(standin, "\r") if standin in f else f for f in fields]
            yield line, fields
    except csv.Error as exc:
        line = reader.line_num
        lines = swapped.split("\n")
        shown = lines[line - 1].replace(standin, "\r") if 0 < line <= len(lines) else None
        raise ParseError(f"malformed CSV: {exc}", line=line, column=1, source=source, text=shown,
                         expected="fields separated by ',' and quoted with '\"'") from None


def _lines(text: str) -> Iterator[str]:
    """The text's lines, each with its ``\\n`` (so :mod:`csv` keeps newlines inside quoted fields)."""
    start = 0
    while True:
        end = text.find("\n", start)
        if end < 0:
            yield text[start:]
            return
        yield text[start : end + 1]
        start = end + 1


def quote_field(value: str) -> str:
    """``value`` as SheetJS writes a CSV field."""
    if value == "ID" or "," in value or "\n" in value or '"' in value:
        return '"' + value.replace('"', '""') + '"'
    return value


def write_records(records: Iterable[Sequence[str]]) -> str:
    """The records as the platform's CSV text: byte order mark, LF between records, none after the last."""
    return BOM + "\n".join(",".join(map(quote_field, record)) for record in records)
