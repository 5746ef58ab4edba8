"""What the HTML page shows: ``project(doc)`` for the write-only ``html`` format."""

from __future__ import annotations

from ...model import (
    ChoiceItem,
    Document,
    GroupItem,
    Image,
    ImageItem,
    Item,
    LinkItem,
    MosaicItem,
    Option,
    Section,
    Tag,
    TextItem,
)
from .writer import clean, shown_timestamp

__all__ = ["project_html"]


def _shown(text: str | None) -> str | None:
    return None if text is None else clean(text)


def _tags(tags: tuple[Tag, ...]) -> tuple[Tag, ...]:
    return tuple(Tag(key=clean(t.key), value=clean(t.value)) for t in tags)


def _item(item: Item) -> Item:
    instruction = _shown(item.instruction)
    if isinstance(item, TextItem):
        text = clean(item.text)
        return TextItem(instruction=instruction, text=text, timestamp=shown_timestamp(item.timestamp),
                        tags=_tags(item.tags), quote=item.quote and text != "")
    if isinstance(item, ChoiceItem):
        options = tuple(Option(name=clean(o.name), checked=o.checked) for o in item.options)
        return ChoiceItem(instruction=instruction, options=options, multiple=item.multiple)
    if isinstance(item, ImageItem):
        return ImageItem(instruction=instruction, src=clean(item.src), alt=clean(item.alt))
    if isinstance(item, MosaicItem):
        images = tuple(Image(src=clean(i.src), alt=clean(i.alt)) for i in item.images)
        return MosaicItem(instruction=instruction, images=images)
    if isinstance(item, LinkItem):
        return LinkItem(instruction=instruction, url=clean(item.url), text=clean(item.text) if item.text else None)
    if isinstance(item, GroupItem):
        return GroupItem(instruction=instruction, records=tuple(tuple(map(_item, r)) for r in item.records))
    return item  # the registry hands the page documents without platform items (drop_platform)


def project_html(doc: Document) -> Document:
    """What the page shows: everything of the content (title, tags, sections, leads, every item and option,
    image and link addresses and texts, group records; an interview answer's timestamp and own tags, the
    quotation mark) less layout and the platform record (its tags, locations and metadata become tags, as
    for every non-platform format); control characters HTML cannot hold are dropped and CR becomes LF; a
    link without text shows its address; a blank timestamp shows nothing (``None``), an empty quotation
    shows "No answer" (not a quotation); embeds become links or text, meta items are dropped (see
    ``drop_platform``)."""
    sections = tuple(
        Section(
            title=clean(s.title),
            lead=clean(s.lead),
            items=tuple(map(_item, s.items)),
        )
        for s in doc.sections
    )
    return Document(title=clean(doc.title), tags=_tags(doc.tags), sections=sections)
