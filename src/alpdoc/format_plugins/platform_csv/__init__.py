"""The platform's CSV download: ``platform-csv`` (the ``content`` variant) and ``platform-csv-questions``
(the per-question variant, ``use_templates``).

Both read either variant (told from the header) and files of many pads
(``alpdoc.read_all``; the single-document reader refuses a file of several
pads). ``platform-csv`` writes the ``content`` variant, ``platform-csv-questions``
the per-question one, byte for byte as SheetJS writes them (:mod:`.codec`).
A ``.csv`` file is read as a platform CSV when its header starts
``pad_id,contributor_id`` (with or without a byte order mark); writing a
``.csv`` path still means the ``table`` format unless one of these is named.
"""

from __future__ import annotations

from ...hookspecs import hookimpl
from ...plugins import FormatSpec
from .reader import iter_platform_csv, read_platform_csv, sniff_platform_csv
from .writer import (
    project_platform_csv,
    project_platform_csv_questions,
    write_platform_csv,
    write_platform_csv_all,
    write_platform_csv_questions,
    write_platform_csv_questions_all,
)

__all__ = [
    "read_platform_csv",
    "iter_platform_csv",
    "write_platform_csv",
    "write_platform_csv_all",
    "write_platform_csv_questions",
    "write_platform_csv_questions_all",
    "FORMAT",
    "QUESTIONS_FORMAT",
]

FORMAT = FormatSpec(
    name="platform-csv",
    description="the platform's CSV download (content variant; reads both variants, many pads)",
    sniff_extensions=(".csv",),
    reader=read_platform_csv,
    read_all=iter_platform_csv,
    writer=write_platform_csv,
    write_all=write_platform_csv_all,
    project=project_platform_csv,
    sniff=sniff_platform_csv,
    platform_content=True,
)

QUESTIONS_FORMAT = FormatSpec(
    name="platform-csv-questions",
    description="the platform's per-question CSV download (use_templates: one column per question)",
    reader=read_platform_csv,
    read_all=iter_platform_csv,
    writer=write_platform_csv_questions,
    write_all=write_platform_csv_questions_all,
    project=project_platform_csv_questions,
    platform_content=True,
)


@hookimpl
def alpdoc_formats() -> list[FormatSpec]:
    return [FORMAT, QUESTIONS_FORMAT]
