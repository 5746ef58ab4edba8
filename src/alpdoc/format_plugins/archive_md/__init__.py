"""The ``archive-md`` format: SDG Commons archive markdown.

One file per document: a ``# title``, ``[[key:value]]`` tags, ``## section``
headings with a ``**lead**``, ``> instruction`` lines followed by answers, and
``<div class="group">`` blocks for repeated groups. Reading is exact: writing
a document read from a file gives the file back byte for byte. Writing never
gives what the reader cannot read (escapes, or the least change, see
:mod:`.carry`), and ``project(doc, options)`` is exactly what a write and a
read give. :func:`archive_page_warnings` lists what the archive's web page
will not show as intended.
"""

from __future__ import annotations

from ...hookspecs import hookimpl
from ...plugins import FormatSpec
from .page import PageWarning, archive_page_warnings, page_notes
from .project import project_archive_md
from .reader import read_archive_md
from .writer import write_archive_md

__all__ = [
    "read_archive_md", "write_archive_md", "project_archive_md", "archive_page_warnings", "PageWarning", "FORMAT",
]


def _sniff(head: bytes) -> bool:
    text = head.lstrip(b"\n")
    return text.startswith((b"# ", b"[["))


FORMAT = FormatSpec(
    name="archive-md",
    description="SDG Commons archive markdown (one document per .md file)",
    aliases=("archive", "md"),
    extensions=(".md", ".markdown"),
    reader=read_archive_md,
    writer=write_archive_md,
    project=project_archive_md,
    sniff=_sniff,
    viewer_notes=page_notes,
)


@hookimpl
def alpdoc_formats() -> list[FormatSpec]:
    return [FORMAT]
