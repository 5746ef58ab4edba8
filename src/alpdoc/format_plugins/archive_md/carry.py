"""The least change that makes a document writable as archive markdown: :func:`carried`.

The writer writes ``carried(doc)`` and ``project`` starts from it, so both
make the same changes. Nothing changes for a document that fits (every file
of the archive): the same object comes back. What changes:

* a title with line breaks is kept only where tags follow it directly (the
  reader joins the lines up to them); elsewhere its lines are joined with a
  space; line breaks at its end are dropped;
* section titles, leads and option names are put on one line;
* tag keys other than ``[A-Za-z_][A-Za-z0-9_]*`` get ``_`` for each other
  character; tag values get a space inside ``]]`` and after a final ``]``;
* a mosaic drops images without a source (they write nothing that reads back);
* link and image URLs get ``%0A`` for a line break (except a link written as
  ``[u](u)`` over several lines, which reads back as it is);
  alt texts lose ``]`` and line breaks; link texts go on one line, ``](``
  gets a space, and a text opening a tag (``[key:``) gets a leading space.

NUL cannot be written at all: :func:`refuse_nul` raises a
:class:`~alpdoc.FormatError` naming the field.
"""

from __future__ import annotations

from collections.abc import Iterator

from attrs import evolve

from ...errors import FormatError
from ...model import (
    ChoiceItem,
    Document,
    GroupItem,
    Image,
    ImageItem,
    Item,
    LinkItem,
    MosaicItem,
    Section,
    Tag,
)
from .escapes import image_alt, link_text, link_url, one_line, tag_key, tag_value
from .lexer import multiline_link

__all__ = ["carried", "header_fits", "title_continues", "refuse_nul"]


def header_fits(doc: Document) -> bool:
    """Whether the stored layout accounts for exactly this document's title and tags."""
    if doc.layout is None:
        return False
    header = doc.layout.header
    if sum(e.kind == "title" for e in header) != 1:
        return False
    placed = sum(e.count for e in header if e.kind == "tags")
    for section in doc.sections:
        if section.layout is not None:
            placed += sum(run.count for run in section.layout.tag_runs)
    return placed == len(doc.tags)


def title_continues(doc: Document) -> bool:
    """Whether the title line is the file's first block and tags follow it (so further lines read back)."""
    if not header_fits(doc):
        return bool(doc.tags)
    assert doc.layout is not None
    header = doc.layout.header
    return len(header) > 1 and header[0].kind == "title" and header[1].kind == "tags" and header[1].count > 0


def _title(doc: Document) -> str:
    title = doc.title
    if "\n" not in title:
        return title
    title = title.rstrip("\n")
    return title if "\n" not in title or title_continues(doc) else one_line(title)


def _tag(tag: Tag) -> Tag:
    key, value = tag_key(tag.key), tag_value(tag.value)
    return tag if key == tag.key and value == tag.value else Tag(key=key, value=value)


def _image(image: Image) -> Image:
    src, alt = link_url(image.src), image_alt(image.alt)
    return image if src == image.src and alt == image.alt else Image(src=src, alt=alt)


def _item(item: Item) -> Item:
    if isinstance(item, ChoiceItem):
        if not any("\n" in o.name for o in item.options):
            return item
        options = tuple(evolve(o, name=one_line(o.name)) if "\n" in o.name else o for o in item.options)
        return evolve(item, options=options)
    if isinstance(item, ImageItem):
        src, alt = link_url(item.src), image_alt(item.alt)
        return item if src == item.src and alt == item.alt else evolve(item, src=src, alt=alt)
    if isinstance(item, MosaicItem):
        images = tuple(_image(im) for im in item.images if im.src)
        same = len(images) == len(item.images) and all(a is b for a, b in zip(images, item.images))
        return item if same else evolve(item, images=images)
    if isinstance(item, LinkItem):
        if "\n" in item.url and item.text in (None, item.url) and multiline_link(f"[{item.url}]({item.url})"):
            return item if item.text is None else evolve(item, text=None)  # written over several lines, as read
        url = link_url(item.url)
        text = link_text(url if item.text is None else item.text)
        text_out = None if text == url else text
        return item if url == item.url and text_out == item.text else evolve(item, url=url, text=text_out)
    if isinstance(item, GroupItem):
        records = tuple(tuple(_item(inner) for inner in record) for record in item.records)
        same = all(a is b for ra, rb in zip(records, item.records) for a, b in zip(ra, rb))
        return item if same else evolve(item, records=records)
    return item


def _section(section: Section) -> Section:
    title, lead = one_line(section.title), one_line(section.lead)
    items = tuple(_item(item) for item in section.items)
    if title == section.title and lead == section.lead and all(a is b for a, b in zip(items, section.items)):
        return section
    return evolve(section, title=title, lead=lead, items=items)


_last: list[tuple[Document, Document]] = []
"""The last document :func:`carried` saw and its result (at most one pair): a conversion asks for both
the writer's and the page warnings' sake, for the same object."""


def carried(doc: Document) -> Document:
    """``doc`` with the least changes archive markdown needs (``doc`` itself when it fits)."""
    if _last and _last[0][0] is doc:
        return _last[0][1]
    result = _carried(doc)
    _last[:] = [(doc, result)]
    return result


def _carried(doc: Document) -> Document:
    title = _title(doc)
    tags = tuple(_tag(t) for t in doc.tags)
    sections = tuple(_section(s) for s in doc.sections)
    if (
        title == doc.title
        and all(a is b for a, b in zip(tags, doc.tags))
        and all(a is b for a, b in zip(sections, doc.sections))
    ):
        return doc
    return evolve(doc, title=title, tags=tags, sections=sections)


def _fields(doc: Document) -> Iterator[tuple[str, str]]:
    yield "title", doc.title
    for k, tag in enumerate(doc.tags):
        yield f"tag {k + 1} key", tag.key
        yield f"tag {k + 1} value", tag.value
    for s, section in enumerate(doc.sections, 1):
        yield f"section {s} title", section.title
        yield f"section {s} lead", section.lead
        for i, item in enumerate(section.items, 1):
            yield from _item_fields(item, f"section {s}, item {i}")


def _item_fields(item: Item, where: str) -> Iterator[tuple[str, str]]:
    yield f"{where}: instruction", item.instruction or ""
    for name in ("text", "src", "alt", "url", "html"):
        value = getattr(item, name, None)
        if isinstance(value, str):
            yield f"{where}: {name}", value
    for option in getattr(item, "options", ()):
        yield f"{where}: option", option.name
    for image in getattr(item, "images", ()):
        yield f"{where}: image", image.src + image.alt
    for r, record in enumerate(getattr(item, "records", ()), 1):
        for k, inner in enumerate(record, 1):
            yield from _item_fields(inner, f"{where}, record {r}, item {k}")


def refuse_nul(doc: Document) -> None:
    """Raise :class:`FormatError` naming the first field of ``doc`` that holds a NUL character."""
    for where, text in _fields(doc):
        if "\x00" in text:
            raise FormatError(
                f"archive-md cannot carry a NUL character ({where}: {text[:40]!r}); "
                "the reader refuses NUL as binary data"
            )
    raise FormatError("archive-md cannot carry a NUL character")  # pragma: no cover - the caller found one
