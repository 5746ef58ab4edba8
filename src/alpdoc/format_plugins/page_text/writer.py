"""Writing a document as page text: the lines its web page shows."""

from __future__ import annotations

from attrs import frozen

from ...model import ChoiceItem, Document, DocumentLayout, GroupItem, HeaderEntry, Item, TextItem
from .vocabulary import FOOTER, LABEL, disclaimer_for, flatten, instruction_lines

__all__ = ["Page", "page_of", "render_page", "write_page_text", "answer_line", "DISCLAIMER_ENTRY", "LINE_ENDS_ENTRY",
           "page_layout"]

DISCLAIMER_ENTRY = "page-disclaimer"
"""The layout header entry that keeps the disclaimer a document was read with (and marks it read from a page)."""

LINE_ENDS_ENTRY = "page-line-ends"
"""The layout header entry of a page read with CRLF line ends (``raw`` is ``"\r\n"``)."""

CRLF = "\r\n"


@frozen
class Page:
    """What page text holds: the disclaimer sentence, the body lines (none empty, none with a line
    break), and whether a final newline follows the footer."""

    disclaimer: str
    lines: tuple[str, ...]
    final_newline: bool = False
    bom: bool = False
    """The text starts with a UTF-8 byte order mark."""
    crlf: bool = False
    """Its lines end in CRLF (else LF)."""


def answer_line(item: Item) -> str:
    """The one line that shows an answer ("" when the page shows none: unanswered, images, links)."""
    if isinstance(item, TextItem):
        return flatten(item.text)
    if isinstance(item, ChoiceItem):
        return ", ".join(name for name in (flatten(o.name) for o in item.options if o.checked) if name)
    return ""


def _item_lines(item: Item, out: list[str]) -> None:
    if isinstance(item, GroupItem):
        # The group's instruction stands before every record (once when there is none).
        for record in item.records or ((),):
            out.extend(instruction_lines(item.instruction))
            for inner in record:
                _item_lines(inner, out)
        return
    out.extend(instruction_lines(item.instruction))
    answer = answer_line(item)
    if answer:
        out.append(answer)


def _read_from_page(doc: Document) -> str | None:
    """The disclaimer ``doc`` was read with, when it was read from page text."""
    if doc.layout is not None:
        for entry in doc.layout.header:
            if entry.kind == DISCLAIMER_ENTRY:
                return flatten(entry.raw)
    return None


def page_of(doc: Document) -> Page:
    """The page ``doc`` shows: its disclaimer and lines (no final newline, byte order mark or CRLF unless
    it was read from a page with them)."""
    lines: list[str] = []
    for section in doc.sections:
        title = flatten(section.title)
        if title:
            lines.append(title)
        for item in section.items:
            _item_lines(item, lines)
    kept = _read_from_page(doc)
    layout = doc.layout if kept is not None else None
    return Page(
        disclaimer=kept or disclaimer_for(doc.kind),
        lines=tuple(lines),
        final_newline=layout is not None and layout.final_newline,
        bom=layout is not None and layout.bom,
        crlf=layout is not None and any(e.kind == LINE_ENDS_ENTRY and e.raw == CRLF for e in layout.header),
    )


def page_layout(page: Page) -> DocumentLayout:
    """The layout a document read from ``page`` keeps: its disclaimer, final newline, byte order mark and
    line ends (what :func:`page_of` gives back)."""
    header = [HeaderEntry(kind=DISCLAIMER_ENTRY, raw=page.disclaimer)]
    if page.crlf:
        header.append(HeaderEntry(kind=LINE_ENDS_ENTRY, raw=CRLF))
    return DocumentLayout(header=tuple(header), final_newline=page.final_newline, bom=page.bom)


def render_page(page: Page) -> str:
    """The text of ``page``."""
    end = CRLF if page.crlf else "\n"
    text = end.join((LABEL, page.disclaimer, *page.lines, *FOOTER))
    return ("\ufeff" if page.bom else "") + text + (end if page.final_newline else "")


def write_page_text(doc: Document) -> str:
    """The page text of ``doc`` (no final newline unless it was read with one)."""
    return render_page(page_of(doc))
