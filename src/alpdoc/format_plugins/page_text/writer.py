"""Writing a document as page text: the lines its web page shows."""

from __future__ import annotations

from ...model import ChoiceItem, Document, GroupItem, Item, TextItem
from .vocabulary import FOOTER, LABEL, disclaimer_for, flatten, instruction_lines

__all__ = ["write_page_text", "answer_line"]


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


def _disclaimer(doc: Document) -> str:
    if doc.layout is not None:
        for entry in doc.layout.header:
            if entry.kind == "page-disclaimer":
                return entry.raw
    return disclaimer_for(doc.kind)


def write_page_text(doc: Document) -> str:
    """The page text of ``doc`` (no final newline unless it was read with one)."""
    out = [LABEL, _disclaimer(doc)]
    for section in doc.sections:
        title = flatten(section.title)
        if title:
            out.append(title)
        for item in section.items:
            _item_lines(item, out)
    out.extend(FOOTER)
    text = "\n".join(out)
    if doc.layout is not None and doc.layout.final_newline and _read_as_page(doc):
        text += "\n"
    return text


def _read_as_page(doc: Document) -> bool:
    return doc.layout is not None and any(e.kind == "page-template" for e in doc.layout.header)
