"""The ``table`` format: one CSV row per answer, for analysts (write-only).

Columns (see :data:`alpdoc.analysis.COLUMNS`): document id, kind, title,
year, countries, section, instruction, record index inside groups, answer
text, checked choices joined by ``"; "``, item kind. It cannot be read back:
the table keeps answers, not the structure needed to rebuild a document, and
its ``project`` says what it keeps. ``alpdoc table FILES -o OUT.csv`` (or
``.jsonl``) writes the rows of many documents into one file.
"""

from __future__ import annotations

from ...analysis import csv_text, iter_rows
from ...hookspecs import hookimpl
from ...model import (
    ChoiceItem,
    Document,
    EmbedItem,
    GroupItem,
    Image,
    ImageItem,
    Item,
    LinkItem,
    MetaItem,
    MosaicItem,
    Option,
    Section,
    Tag,
    TextItem,
)
from ...plugins import FormatSpec

__all__ = ["write_table", "project_table", "FORMAT"]


def write_table(doc: Document) -> str:
    """``doc`` as CSV text: the header row and one row per answer."""
    return csv_text(iter_rows(doc))


def _project_item(item: Item) -> Item | None:
    if isinstance(item, TextItem):
        return TextItem(instruction=item.instruction, text=item.text)
    if isinstance(item, ChoiceItem):
        kept = tuple(Option(name=o.name) for o in item.options if o.checked)
        return ChoiceItem(instruction=item.instruction, options=kept, multiple=item.multiple)
    if isinstance(item, ImageItem):
        return ImageItem(instruction=item.instruction, src=item.src)
    if isinstance(item, MosaicItem):
        return MosaicItem(instruction=item.instruction, images=tuple(Image(src=i.src) for i in item.images))
    if isinstance(item, LinkItem):
        return LinkItem(instruction=item.instruction, url=item.url)
    if isinstance(item, EmbedItem):
        return EmbedItem(instruction=item.instruction, src=item.src) if item.src else EmbedItem(
            instruction=item.instruction, html=item.html
        )
    if isinstance(item, MetaItem):
        return MetaItem(type=item.type, instruction=item.instruction, data=item.data)
    if isinstance(item, GroupItem):
        records = tuple(
            tuple(p for p in (_project_item(sub) for sub in record) if p is not None) for record in item.records
        )
        return GroupItem(instruction=item.instruction, records=tuple(r for r in records if r))
    return None


def project_table(doc: Document) -> Document:
    """What the table keeps: title, first kind and year tags, country names, section titles of
    sections with items, instructions, answers, checked choices (radio or checklist), image and
    link addresses, group records. Leads, other tags, unchecked options, link texts, image alt
    texts and platform data are dropped."""
    tags: list[Tag] = []
    for key in ("type", "year"):
        value = doc._first(key)
        if value is not None:
            tags.append(Tag(key=key, value=value))
    tags.extend(Tag(key="country", value=c.name) for c in doc.countries)
    sections = []
    for section in doc.sections:
        items = tuple(p for p in (_project_item(i) for i in section.items) if p is not None)
        if items:
            sections.append(Section(title=section.title, items=items))
    return Document(title=doc.title, tags=tuple(tags), sections=tuple(sections))


FORMAT = FormatSpec(
    name="table",
    description="one CSV row per answer, for analysts (write-only; 'alpdoc table' for many files)",
    extensions=(".csv",),
    writer=write_table,
    project=project_table,
    platform_content=True,  # the pad id becomes the document id column
)


@hookimpl
def alpdoc_formats() -> list[FormatSpec]:
    return [FORMAT]
