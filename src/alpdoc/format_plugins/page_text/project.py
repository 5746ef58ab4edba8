"""What page text can carry: ``project(doc)`` for the ``page-text`` format.

The page shows no title, tags, leads, pictures (an image and a mosaic look
the same: an image question without picture), image or link addresses; it
shows answers on one line (white space runs become one space), instructions
one line per non-empty line (``&amp;`` as ``&``), only checked options, and
nothing for a question without instruction or answer. A group record with
nothing to show keeps only its place (the group's instruction is repeated). What remains is what the reader gets back
when the document follows a registered template.
"""

from __future__ import annotations

from ...model import ChoiceItem, Document, GroupItem, ImageItem, Item, LinkItem, MosaicItem, Option, Section, TextItem
from .vocabulary import flatten, page_instruction

__all__ = ["project_page_text"]


def _item(item: Item) -> Item | None:
    ins = page_instruction(item.instruction)
    out: Item
    if isinstance(item, GroupItem):
        records = tuple(tuple(x for x in map(_item, record) if x is not None) for record in item.records)
        # A record with nothing to show still repeats the group's instruction; one empty record alone
        # reads back as a group without records.
        out = GroupItem(instruction=ins, records=() if records == ((),) else records)
    elif isinstance(item, TextItem):
        out = TextItem(instruction=ins, text=flatten(item.text))
    elif isinstance(item, ChoiceItem):
        names = (flatten(o.name) for o in item.options if o.checked)
        out = ChoiceItem(instruction=ins, options=tuple(Option(name=n) for n in names if n), multiple=item.multiple)
    elif isinstance(item, (ImageItem, MosaicItem)):
        out = ImageItem(instruction=ins)  # the page shows no pictures: one image or several look the same
    elif isinstance(item, LinkItem):
        out = LinkItem(instruction=ins)
    else:  # pragma: no cover
        raise TypeError(f"not an item: {item!r}")
    visible = ins or (out.answered and not isinstance(out, GroupItem))
    return out if visible else None


def project_page_text(doc: Document) -> Document:
    """``doc`` as it reads back from its page text."""
    sections = []
    for section in doc.sections:
        title = flatten(section.title)
        items = tuple(x for x in map(_item, section.items) if x is not None)
        if title or items:
            sections.append(Section(title=title, items=items))
    return Document(sections=tuple(sections))
