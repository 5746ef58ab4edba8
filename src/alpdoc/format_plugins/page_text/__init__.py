"""The ``page-text`` format: the visible text of a pad's web page on SDG Commons.

It has no markers: which line is a section title, an instruction or an answer
is recovered with the reader options' templates (the best match per
document); a line no template places is an answer without instruction.
"""

from __future__ import annotations

from ...hookspecs import hookimpl
from ...plugins import FormatSpec
from .project import project_page_text
from .reader import read_page_text
from .writer import write_page_text

__all__ = ["read_page_text", "write_page_text", "project_page_text", "FORMAT"]


# Page text comes as .txt, which too many other files use: it claims no extension, but reads a .txt
# file whose first line is the disclaimer label (``sniff_extensions``; after a byte order mark, LF or CRLF).
def _sniff(head: bytes) -> bool:
    head = head.removeprefix(b"\xef\xbb\xbf")
    return head.startswith((b"Disclaimer:\n", b"Disclaimer:\r\n"))


FORMAT = FormatSpec(
    name="page-text",
    description="SDG Commons web page text (structure recovered with templates)",
    aliases=("page",),
    reader=read_page_text,
    writer=write_page_text,
    project=project_page_text,
    sniff=_sniff,
    sniff_extensions=(".txt",),
)


@hookimpl
def alpdoc_formats() -> list[FormatSpec]:
    return [FORMAT]
