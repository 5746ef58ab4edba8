"""The ``html`` format: one standalone, accessible, printable web page per document (write-only).

The page holds the title, the tags as chips, each section with its heading
and lead, each question with its answer (every option of a choice, checked
ones marked by a symbol, bold type and a screen-reader note, not by colour
alone), an interview answer's time before its question and its own tags
as chips, a quotation as a ``blockquote``, images with their alt texts,
links, and each record of a group as a bordered block. Everything the document says is escaped; the page has no
script, its style sheet inline, and a content security policy that lets it
fetch nothing but the document's own images. :func:`write_index` writes a
page linking a folder of converted documents.
"""

from __future__ import annotations

from ...hookspecs import hookimpl
from ...plugins import FormatSpec
from .index import write_index
from .project import project_html
from .writer import write_html

__all__ = ["write_html", "write_index", "project_html", "FORMAT"]

FORMAT = FormatSpec(
    name="html",
    description="a standalone, accessible web page per document (write-only)",
    aliases=("page-html",),
    extensions=(".html", ".htm"),
    writer=write_html,
    project=project_html,
)


@hookimpl
def alpdoc_formats() -> list[FormatSpec]:
    return [FORMAT]
