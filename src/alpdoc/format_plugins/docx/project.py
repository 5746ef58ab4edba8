"""What the platform's DOCX layout carries: ``project(doc)`` for the ``docx`` format.

The writer writes exactly this view of a document, and the reader reads it
back, so ``read(write(doc)) == project_docx(doc)``:

* kept: the title, the document's tags (alpdoc writes them under the title;
  the platform's own files have none), section titles and leads, instructions, answer texts,
  every option of a choice with its checked state, image and mosaic
  addresses and alt texts, link addresses and texts, group records, tag
  lists (names only) and index icons (``sdgs-N`` with the goal's name),
  an interview answer's timestamp and own tags, the quotation mark;
* lost: the platform record (the platform's DOCX prints none of it), option
  ids, ``has_content``, ``extra``, the ``title`` item type,
  layout; radio lists read back as checklists (both are bold bullets);
  a section title ending in `` – N`` loses it (the platform's mark of a
  repeated section); control characters XML cannot hold; CR as LF;
* changed: an unanswered question (no option, no image, an empty group, a
  location, video, drawing, files or attachment item, whose content the
  layout does not hold) becomes an empty text answer; an embed becomes its
  HTML as text (or a link to its ``src``); a one-image mosaic an image; a
  link whose text is empty or its URL gets no text (``None``); an empty
  quotation is an unanswered question (no quotation mark).
"""

from __future__ import annotations

import json

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
from .ooxml import INDEX_TITLE, REPEAT_SUFFIX, clean, clean_attr, meta_heading, tag_list_name

__all__ = ["project_docx", "normal_items", "normal_section", "is_repeat", "tag_data", "index_data"]


def _opt(text: str | None) -> str | None:
    return None if text is None else clean(text)


def is_repeat(section: Section) -> bool:
    """Whether ``section`` is an instance of a repeated section (pad JSON ``repeat: true``)."""
    for key, value in section.extra or ():
        if key == "repeat":
            return value == "true"
    return False


def tag_data(names: list[str]) -> str:
    """The ``data`` of a tag list read from DOCX: its names, in order."""
    return json.dumps({"tags": [{"name": n} for n in names]}, ensure_ascii=False, sort_keys=True,
                      separators=(",", ":"))


def index_data(goals: list[tuple[int, str]]) -> str:
    """The ``data`` of an index (SDG icons) read from DOCX: goal numbers and names, in order."""
    return json.dumps({"tags": [{"key": k, "name": n} for k, n in goals]}, ensure_ascii=False, sort_keys=True,
                      separators=(",", ":"))


def _tags(tags: tuple[Tag, ...]) -> tuple[Tag, ...]:
    return tuple(Tag(key=clean(t.key), value=clean(t.value)) for t in tags)


def _unanswered(instruction: str | None) -> TextItem:
    return TextItem(instruction=instruction, text="")


def _meta(item: MetaItem) -> Item:
    heading = clean(item.instruction) if item.instruction is not None else meta_heading(item.type, item.name)
    tags = [t for t in item.payload.get("tags") or () if isinstance(t, dict)] if item.type in ("tag", "index") else []
    if item.type == "tag":
        names = [clean(t["name"]) for t in tags if isinstance(t.get("name"), str)]
        if names:
            return MetaItem(type="tag", name=tag_list_name(heading), instruction=heading, data=tag_data(names))
    if item.type == "index":
        prefix = item.name if item.name and INDEX_TITLE.fullmatch(f"{item.name}-1") else "sdgs"
        goals = [
            (t["key"], clean_attr(t["name"]) if isinstance(t.get("name"), str) else "")
            for t in tags
            if type(t.get("key")) is int and t["key"] >= 0
        ]
        if goals:
            return MetaItem(type="index", name=prefix, instruction=heading, data=index_data(goals))
    return _unanswered(heading)


def _image(src: str, alt: str) -> Image:
    return Image(src=clean_attr(src), alt=clean_attr(alt))


def normal_item(item: Item) -> Item:
    """``item`` as DOCX holds it (see the module docstring)."""
    instruction = _opt(item.instruction)
    if isinstance(item, TextItem):
        answer = clean(item.text)
        return TextItem(instruction=instruction, text=answer, timestamp=_opt(item.timestamp), tags=_tags(item.tags),
                        quote=item.quote and answer != "")
    if isinstance(item, ChoiceItem):
        if not item.options:
            return _unanswered(instruction)
        options = tuple(Option(name=clean(o.name), checked=o.checked) for o in item.options)
        return ChoiceItem(instruction=instruction, options=options, multiple=True)
    if isinstance(item, (ImageItem, MosaicItem)):
        found = [item] if isinstance(item, ImageItem) else list(item.images)
        images = [_image(i.src, i.alt) for i in found if clean_attr(i.src)]
        if not images:
            return _unanswered(instruction)
        if len(images) == 1:
            return ImageItem(instruction=instruction, src=images[0].src, alt=images[0].alt)
        return MosaicItem(instruction=instruction, images=tuple(images))
    if isinstance(item, LinkItem):
        url = clean_attr(item.url)
        if not url:
            return _unanswered(instruction)
        text = None if item.text is None else clean(item.text)
        return LinkItem(instruction=instruction, url=url, text=None if text in ("", clean(url)) else text)
    if isinstance(item, EmbedItem):
        if item.html:
            return TextItem(instruction=instruction, text=clean(item.html))
        if item.src:
            return normal_item(LinkItem(instruction=item.instruction, url=item.src))
        return _unanswered(instruction)
    if isinstance(item, GroupItem):
        if not item.records:
            return _unanswered(instruction)
        return GroupItem(instruction=instruction, records=tuple(normal_items(r) for r in item.records))
    if isinstance(item, MetaItem):
        return _meta(item)
    raise TypeError(f"not an item: {item!r}")


def normal_items(items: tuple[Item, ...]) -> tuple[Item, ...]:
    return tuple(normal_item(i) for i in items)


def normal_section(section: Section) -> Section:
    """``section`` as DOCX holds it: a repeated section keeps its title (the suffix is the writer's); another
    loses trailing `` – N``, which read as the mark of a repeated section."""
    title = clean(section.title)
    repeat = is_repeat(section)
    while not repeat and REPEAT_SUFFIX.search(title):
        title = REPEAT_SUFFIX.sub("", title)
    return Section(
        title=title,
        lead=clean(section.lead),
        items=normal_items(section.items),
        extra=(("repeat", "true"),) if repeat else None,
    )


def project_docx(doc: Document) -> Document:
    """``doc`` as it reads back from the DOCX the ``docx`` writer makes of it (see the module docstring)."""
    sections = tuple(normal_section(s) for s in doc.sections)
    return Document(title=clean(doc.title), tags=_tags(doc.tags), sections=sections)
