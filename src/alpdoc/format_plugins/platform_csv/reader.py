"""Reading the platform's CSV download: records (:mod:`.codec`) to documents (:mod:`..platform_sheet`)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from ...errors import ParseError
from ...model import Document
from ...options import ReaderOptions
from ..platform_sheet.rows import documents_from_rows
from .codec import BOM, decode_csv, iter_records

__all__ = ["iter_platform_csv", "read_platform_csv", "sniff_platform_csv"]

_HEAD = b"pad_id,contributor_id,"


def sniff_platform_csv(head: bytes) -> bool:
    """Whether a file starts with the platform's header row (with or without a byte order mark)."""
    return head.removeprefix(BOM.encode()).startswith(_HEAD)


def iter_platform_csv(data: bytes | str, options: ReaderOptions | None = None) -> Iterator[Document]:
    """Every pad of a platform CSV (either variant), one document per row."""
    options = options or ReaderOptions()
    source = options.source
    text = decode_csv(data, source)
    records = iter_records(text, source)
    first = next(records, None)
    if first is None:
        raise ParseError("empty file: no header row", source=source,
                         expected="the header row pad_id,contributor_id,...")
    second = next(records, None)
    if second is None:  # one line: the API's CSV has no line breaks at all
        _refuse_api_csv(first[1], source)
    else:
        records = itertools.chain([second], records)
    lines: list[int] = []

    def rows() -> Iterator[list[str]]:
        for line, fields in records:
            if fields == []:
                continue
            lines.append(line)
            yield fields

    try:
        yield from documents_from_rows(first[1], rows(), options, source=source, first_line=2)
    except ParseError as exc:
        if exc.line > 1 and lines and exc.reason and not exc.reason.startswith("malformed CSV"):
            raise ParseError(exc.reason, line=lines[-1], column=exc.column, source=exc.source, text=exc.text,
                             expected=exc.expected) from None
        raise


def _refuse_api_csv(header: list[str], source: str | None) -> None:
    for column, name in enumerate(header, 1):
        if "<br/>" in name:
            raise ParseError("this is the API's CSV (/apis/fetch/pads?output=csv: every newline written <br/>), "
                             "not the download: its records cannot be told apart", line=1, column=column,
                             source=source, expected="the CSV download (newlines between records)")


def read_platform_csv(data: bytes | str, options: ReaderOptions | None = None) -> Document:
    """The one pad of a platform CSV; a file of several pads is refused (use ``alpdoc.read_all``)."""
    options = options or ReaderOptions()
    docs = iter_platform_csv(data, options)
    doc = next(docs, None)
    if doc is None:
        raise ParseError("no pad: the file has a header row only", source=options.source,
                         expected="one row per pad after the header")
    if next(docs, None) is not None:
        raise ParseError("the file holds several pads; read them with alpdoc.read_all (or convert them "
                         "one file per pad)", line=3, column=1, source=options.source,
                         expected="a single pad")
    return doc
