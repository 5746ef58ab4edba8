"""The platform's ``data-main`` sheet (CSV and XLSX downloads): columns, the ``content`` text, the
per-question block, and rows to documents and back. A library for the ``platform-csv`` and XLSX formats
(no format of its own); the interface is :func:`documents_from_rows` and :func:`rows_from_documents`
(see :mod:`.rows`)."""

from .cells import Cell, cell_text, general_number, js_number
from .content import build_content, parse_content
from .questions import question_cells
from .rows import BASE_COLUMNS, OWNER_COLUMNS, documents_from_rows, is_platform_header, rows_from_documents

__all__ = [
    "Cell",
    "BASE_COLUMNS",
    "OWNER_COLUMNS",
    "documents_from_rows",
    "rows_from_documents",
    "is_platform_header",
    "cell_text",
    "general_number",
    "js_number",
    "build_content",
    "parse_content",
    "question_cells",
]
