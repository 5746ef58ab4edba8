"""The ``platform-xlsx`` formats: the SDG Commons platform's XLSX download.

One workbook holds many pads: sheet ``data-main`` has one row per pad, in
the ``content`` variant (the pad's text in one column) or the per-question
variant (``use_templates``: one column per question); the side sheets
``data-media``, ``metadata-tags``, ``metadata-locations``,
``metadata-other``, ``metadata-engagement`` and ``metadata-comments`` list
each pad's images, tags, locations, metadata, engagement and comments by
``pad_id``, and are joined back into each pad's
:attr:`~alpdoc.model.Document.platform` when read. ``platform-xlsx`` reads
both variants and writes the ``content`` one; ``platform-xlsx-questions``
writes the per-question one. Workbooks as SheetJS writes them (the
platform) and as Excel re-saves them are read alike. See
``docs/formats/platform-xlsx.md``.
"""

from __future__ import annotations

from ...hookspecs import hookimpl
from ...plugins import FormatSpec
from .project import project_content, project_questions
from .reader import iter_workbook, read_workbook
from .writer import write_all_content, write_all_questions, write_content, write_pads, write_questions

__all__ = [
    "iter_workbook",
    "read_workbook",
    "write_pads",
    "write_content",
    "write_questions",
    "project_content",
    "project_questions",
    "FORMAT",
    "QUESTIONS_FORMAT",
]


def _sniff(head: bytes) -> bool:
    """A zip whose first entries are a spreadsheet's (``xl/`` parts; a Word or PowerPoint file is not one)."""
    if not head.startswith(b"PK\x03\x04"):
        return False
    return b"xl/" in head and b"word/" not in head and b"ppt/" not in head


FORMAT = FormatSpec(
    name="platform-xlsx",
    description="the platform's XLSX download: data-main (content or per-question) and its side sheets",
    aliases=("xlsx",),
    extensions=(".xlsx",),
    reader=read_workbook,
    writer=write_content,
    project=project_content,
    sniff=_sniff,
    binary=True,
    read_all=iter_workbook,
    write_all=write_all_content,
    platform_content=True,
)

QUESTIONS_FORMAT = FormatSpec(
    name="platform-xlsx-questions",
    description="the platform's XLSX download, per-question variant (use_templates): one column per question",
    aliases=("xlsx-questions",),
    extensions=(".xlsx",),
    reader=read_workbook,
    writer=write_questions,
    project=project_questions,
    sniff=None,
    binary=True,
    read_all=iter_workbook,
    write_all=write_all_questions,
    platform_content=True,
)


@hookimpl
def alpdoc_formats() -> list[FormatSpec]:
    return [FORMAT, QUESTIONS_FORMAT]
