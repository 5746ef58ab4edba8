"""The ``docx`` format: the SDG Commons platform's Word download, read and written.

Reads the platform's layout (``Heading2`` pad titles, ``Heading3`` sections,
``Heading4`` questions, ``main`` answers, bold bullets for checked options,
SDG icons by their alt text; one or many pads per file, chapters skipped)
and writes the same layout, groups included (each record a row of a bordered
table, which the platform's own export leaves out). :func:`project_docx`
says what a document keeps; ``alpdoc.read_all`` / ``write_all`` handle files
of several pads, like the platform's single-document download.
"""

from __future__ import annotations

from ...hookspecs import hookimpl
from ...plugins import FormatSpec
from .project import project_docx
from .reader import read_docx, read_docx_all
from .writer import write_docx, write_docx_all

__all__ = ["read_docx", "read_docx_all", "write_docx", "write_docx_all", "project_docx", "FORMAT"]


def _sniff(head: bytes) -> bool:
    """A zip archive whose entry names (stored uncompressed in each local header) include ``word/``."""
    return head.startswith(b"PK\x03\x04") and b"word/" in head


FORMAT = FormatSpec(
    name="docx",
    description="the platform's Word download (read and write; many pads per file with read_all/write_all)",
    aliases=("word",),
    extensions=(".docx",),
    reader=read_docx,
    writer=write_docx,
    project=project_docx,
    sniff=_sniff,
    binary=True,
    read_all=read_docx_all,
    write_all=write_docx_all,
    platform_content=True,  # index icons and tag lists are written from platform meta items
)


@hookimpl
def alpdoc_formats() -> list[FormatSpec]:
    return [FORMAT]
