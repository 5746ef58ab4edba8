"""What archive markdown can carry: ``project(doc)`` for the ``archive-md`` format.

The archive writes no escapes and keeps only part of a pad, so a document
written and read back (without templates) is, precisely:

* layout dropped (a fresh document is written with default spacing);
* choices: only checked options remain, all as checklists; a choice with
  none checked, like any unanswered question, reads back as an unanswered text;
* a text answer that is one run of ``- `` lines reads back as a checklist;
  leading and trailing blank lines of texts are not kept;
* a mosaic of one image is an image; link text equal to its URL is dropped;
* an untitled first section without a lead is the document's preamble: if it
  is empty it disappears;
* an empty group record, or an item without instruction that follows an
  unanswered question (it becomes that question's answer), cannot be told
  apart from its neighbours and is merged or dropped the same way.

Content the dialect cannot delimit at all (a text line starting with
``> ``, ``## ``, ``- ``, ``[[key:``, an image or link line, or an instruction
or title spanning lines) is outside this projection: the strategies in
``alpdoc.testing`` do not generate it.
"""

from __future__ import annotations

from attrs import evolve

from ...model import (
    ChoiceItem,
    Document,
    GroupItem,
    ImageItem,
    Item,
    LinkItem,
    MosaicItem,
    Option,
    Section,
    TextItem,
)
from ...projection import drop_platform

__all__ = ["project_archive_md"]


def _is_bullet_run(text: str) -> bool:
    return all(line.startswith("- ") for line in text.split("\n"))


def _item(item: Item) -> Item | None:
    ins = item.instruction
    if isinstance(item, TextItem):
        text = item.text.strip("\n")
        if text and _is_bullet_run(text):
            return ChoiceItem(instruction=ins, options=tuple(Option(name=line[2:]) for line in text.split("\n")))
        return TextItem(instruction=ins, text=text)
    if isinstance(item, ChoiceItem):
        options = tuple(Option(name=o.name) for o in item.options if o.checked)
        return ChoiceItem(instruction=ins, options=options) if options else TextItem(instruction=ins)
    if isinstance(item, MosaicItem):
        if not item.images:
            return TextItem(instruction=ins)
        if len(item.images) == 1:
            return ImageItem(instruction=ins, src=item.images[0].src, alt=item.images[0].alt)
        return MosaicItem(instruction=ins, images=item.images)
    if isinstance(item, ImageItem):
        return ImageItem(instruction=ins, src=item.src, alt=item.alt) if item.src else TextItem(instruction=ins)
    if isinstance(item, LinkItem):
        if not item.url:
            return TextItem(instruction=ins)
        return LinkItem(instruction=ins, url=item.url, text=None if item.text == item.url else item.text)
    if isinstance(item, GroupItem):
        return _group(item)
    raise TypeError(f"not an item: {item!r}")  # pragma: no cover


def _text_of(item: Item) -> str | None:
    """The text block an answered text or checklist writes, else ``None``."""
    if isinstance(item, TextItem) and item.text.strip("\n"):
        return item.text
    if isinstance(item, ChoiceItem) and item.answered:
        return "\n".join("- " + o.name for o in item.options if o.checked)
    return None


def _writes_nothing(item: Item) -> bool:
    return item.instruction is None and not item.answered


def _items(items: tuple[Item, ...]) -> tuple[Item, ...]:
    out: list[Item] = []
    written: list[str | None] = []  # the text block each kept item writes (before blank lines are stripped)
    for raw in items:
        item = _item(raw)
        if _writes_nothing(item):
            continue
        prev = out[-1] if out else None
        if item.instruction is None and prev is not None:
            if not prev.answered:
                # Read back as the answer of the unanswered question before it.
                item = evolve(item, instruction=prev.instruction)
                out[-1] = _group(item) if isinstance(item, GroupItem) else item
                written[-1] = _text_of(raw)
                continue
            if isinstance(item, GroupItem) and isinstance(prev, GroupItem):
                out[-1] = _group(GroupItem(instruction=prev.instruction, records=prev.records + item.records))
                continue
            before, after = written[-1], _text_of(raw)
            if before is not None and after is not None:
                # One blank line between them (the default spacing): the reader sees one text.
                merged = before + "\n\n" + after
                out[-1] = TextItem(instruction=prev.instruction, text=merged.strip("\n"))
                written[-1] = merged
                continue
        out.append(item)
        written.append(_text_of(raw))
    return tuple(out)


def _group(item: GroupItem) -> Item:
    """Records as the reader recovers them without a template: a repeated question starts a new one."""
    records: list[tuple[Item, ...]] = []
    current: list[Item] = []
    seen: set[str | None] = set()
    for record in item.records:
        for raw in record:
            inner = _item(raw)
            if _writes_nothing(inner):
                continue
            if current and inner.instruction in seen:
                records.append(tuple(current))
                current, seen = [], set()
            current.append(inner)
            seen.add(inner.instruction)
    if current:
        records.append(tuple(current))
    if not records:
        return TextItem(instruction=item.instruction)
    return GroupItem(instruction=item.instruction, records=tuple(records))


def project_archive_md(doc: Document) -> Document:
    """``doc`` as it reads back after being written as archive markdown (without templates)."""
    doc = drop_platform(doc)
    sections = []
    for index, section in enumerate(doc.sections):
        items = _items(section.items)
        if index == 0 and not section.title and not section.lead and section.items and not items:
            continue  # an untitled preamble that writes nothing
        sections.append(Section(title=section.title, lead=section.lead, items=items))
    return Document(title=doc.title, tags=doc.tags, sections=tuple(sections))
