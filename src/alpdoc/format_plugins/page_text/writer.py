"""Writing a document as page text: the lines its web page shows."""

from __future__ import annotations

from attrs import frozen

from ...model import ChoiceItem, Document, GroupItem, Item, TextItem
from .vocabulary import FOOTER, LABEL, disclaimer_for, flatten, instruction_lines

__all__ = ["Page", "page_of", "render_page", "write_page_text", "answer_line", "DISCLAIMER_ENTRY"]

DISCLAIMER_ENTRY = "page-disclaimer"
"""The layout header entry that keeps the disclaimer a document was read with (and marks it read from a page)."""


@frozen
class Page:
    """What page text holds: the disclaimer sentence, the body lines (none empty, none with a line
    break), and whether a final newline follows the footer."""

    disclaimer: str
    lines: tuple[str, ...]
    final_newline: bool = False


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
    """The page ``doc`` shows: its disclaimer and lines (no final newline unless it was read with one)."""
    lines: list[str] = []
    for section in doc.sections:
        title = flatten(section.title)
        if title:
            lines.append(title)
        for item in section.items:
            _item_lines(item, lines)
    kept = _read_from_page(doc)
    final_newline = kept is not None and doc.layout is not None and doc.layout.final_newline
    return Page(disclaimer=kept or disclaimer_for(doc.kind), lines=tuple(lines), final_newline=final_newline)


def render_page(page: Page) -> str:
    """The text of ``page``."""
    text = "\n".join((LABEL, page.disclaimer, *page.lines, *FOOTER))
    return text + "\n" if page.final_newline else text


def write_page_text(doc: Document) -> str:
    """The page text of ``doc`` (no final newline unless it was read with one)."""
    return render_page(page_of(doc))
