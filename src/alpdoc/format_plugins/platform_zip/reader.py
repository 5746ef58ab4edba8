"""Reading a platform download zip: each data file through its own format, images attached to the pads."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator

from attrs import evolve

from ...errors import FormatError
from ...model import Document, GroupItem, Image, ImageItem, Item, MosaicItem
from ...options import ReaderOptions
from ...plugins import FormatSpec
from .archive import data_members, image_members, open_zip, read_member

__all__ = ["iter_zip", "read_zip", "pad_images"]


def _member_source(source: str | None, member: str) -> str:
    return f"{source or '<zip>'}!{member}"


def _spec_for(member: str, data: bytes, source: str) -> FormatSpec:
    from ...api import format_for_path, formats  # the registry is built from this plugin too

    ext = posixpath.splitext(member)[1].lower()
    if not any(spec.can_read and ext in (*spec.extensions, *spec.sniff_extensions) for spec in formats()):
        wanted = {".csv": "platform-csv", ".xlsx": "platform-xlsx"}.get(ext, f"a {ext} reader")
        raise FormatError(f"{source}: reading a {ext} data file needs the {wanted} format, which is not installed")
    try:
        return format_for_path(member, head=data)
    except FormatError:
        if ext != ".json":
            raise
        from ...api import get_format

        return get_format("pad-json")  # what the platform's JSON download is; its reader says what is wrong


def _resolve(src: str, images: dict[str, str]) -> str:
    return images.get(src.removeprefix("./"), src)


def _item(item: Item, images: dict[str, str]) -> Item:
    if isinstance(item, ImageItem):
        new = _resolve(item.src, images)
        return item if new == item.src else evolve(item, src=new)
    if isinstance(item, MosaicItem):
        pictures = tuple(Image(src=_resolve(i.src, images), alt=i.alt) if _resolve(i.src, images) != i.src else i
                         for i in item.images)
        return item if pictures == item.images else evolve(item, images=pictures)
    if isinstance(item, GroupItem):
        records = tuple(tuple(_item(inner, images) for inner in record) for record in item.records)
        return item if records == item.records else evolve(item, records=records)
    return item


def _attach(doc: Document, images: dict[int, dict[str, str]]) -> Document:
    """Image items naming one of the pad's images (``images/pad-<id>/image-<k>``) get its entry name in the zip."""
    pad_id = doc.platform.pad_id if doc.platform is not None else None
    mine = images.get(pad_id) if pad_id is not None else None
    if not mine:
        return doc
    sections = tuple(
        evolve(s, items=tuple(_item(i, mine) for i in s.items)) if any(
            isinstance(i, (ImageItem, MosaicItem, GroupItem)) for i in s.items) else s
        for s in doc.sections
    )
    return doc if all(a is b for a, b in zip(sections, doc.sections)) else evolve(doc, sections=sections)


def iter_zip(data: bytes, options: ReaderOptions | None = None) -> Iterator[Document]:
    """Every pad of a download zip: its data files in zip order, each read by its format."""
    from ...api import read_all_data

    options = options if options is not None else ReaderOptions()
    source = options.source
    archive = open_zip(data, source)
    members = data_members(archive, source)
    for info in members:
        content = read_member(archive, info, source)
        inner = _member_source(source, info.filename)
        spec = _spec_for(info.filename, content, inner)
        folder = info.filename.rpartition("/")[0]
        images = image_members(archive, f"{folder}/" if folder else "")
        for doc in read_all_data(spec, content, options.for_source(inner)):
            yield _attach(doc, images)


def read_zip(data: bytes, options: ReaderOptions | None = None) -> Document:
    """The one pad of a download zip (a zip of several is a :class:`ParseError`: use ``alpdoc.read_all``)."""
    from ...errors import ParseError

    options = options if options is not None else ReaderOptions()
    docs = iter_zip(data, options)
    first = next(docs, None)
    if first is None:
        raise ParseError("no pad in the zip", source=options.source)
    if next(docs, None) is not None:
        raise ParseError("more than one pad in the zip; read them with alpdoc.read_all / loads_all",
                         source=options.source)
    return first


def pad_images(data: bytes, source: str | None = None) -> dict[int, list[str]]:
    """The image entries of a download zip by pad id, in the platform's order (``image-<k>``), unread."""
    archive = open_zip(data, source)
    out: dict[int, list[str]] = {}
    for info in data_members(archive, source):
        folder = info.filename.rpartition("/")[0]
        for pad_id, named in image_members(archive, f"{folder}/" if folder else "").items():
            out.setdefault(pad_id, []).extend(named.values())
    for names in out.values():
        names.sort(key=lambda n: int(n.rsplit("image-", 1)[1].split(".")[0]))
    return out
