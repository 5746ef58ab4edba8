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

from ...projection import read_back
from .reader import read_workbook
from .writer import write_content, write_questions

__all__ = ["project_content", "project_questions"]


project_content = read_back(write_content, read_workbook)
"""What ``platform-xlsx`` (the ``content`` variant) keeps of a document: what its workbook reads back as."""

project_questions = read_back(write_questions, read_workbook)
"""What ``platform-xlsx-questions`` (the per-question variant) keeps of a document."""
