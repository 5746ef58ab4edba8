"""What the XLSX download keeps of a document: what reading back the written workbook gives.

``data-main`` goes through the row mapping the CSV download shares, whose
reading depends on the templates in the options (the ``content`` text is
matched to the pad's template); it is computed by writing and reading back,
as the CSV formats compute theirs, so it is exactly what the format gives.
The side sheets keep a pad's tags (type, key, name; not ``tag_id``),
locations and metadata (type, name, value) when the pad has a ``pad_id``;
the tests check those lists against an independent description.
"""

from __future__ import annotations

from ...model import Document
from ...options import ReaderOptions

__all__ = ["project_content", "project_questions"]


def _read_back(data: bytes, options: ReaderOptions | None) -> Document:
    from .reader import read_workbook

    return read_workbook(data, options or ReaderOptions())


def project_content(doc: Document, options: ReaderOptions | None = None, written: bytes | None = None) -> Document:
    """What ``platform-xlsx`` (the ``content`` variant) keeps of ``doc``."""
    from .writer import write_content

    return _read_back(written if written is not None else write_content(doc), options)


def project_questions(doc: Document, options: ReaderOptions | None = None, written: bytes | None = None) -> Document:
    """What ``platform-xlsx-questions`` (the per-question variant) keeps of ``doc``."""
    from .writer import write_questions

    return _read_back(written if written is not None else write_questions(doc), options)
