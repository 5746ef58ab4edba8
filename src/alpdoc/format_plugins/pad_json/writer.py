"""Writing documents as pad JSON in the shape of the platform's API.

One document is one pad object; several are a JSON array of pads
(:func:`dumps_all`, :func:`dump_all`), as ``/apis/fetch/pads`` returns them.
The document is projected first (:func:`project_pad_json`), so what is written
is exactly what reads back. What the platform's pad has no place for is
written in keys alpdoc adds (see :mod:`.vocabulary`); ``extra`` keys that
the reader would read as something else are never written.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from typing import IO, Any

from ...errors import FormatError
from ...model import (
    ChoiceItem,
    Document,
    EmbedItem,
    Extra,
    GroupItem,
    ImageItem,
    Item,
    LinkItem,
    MetaItem,
    MosaicItem,
    PlatformInfo,
    Section,
    TextItem,
)
from ..json.converter import converter
from ..json.values import JsonPath, check_group_depth, dumps, where
from .project import RESERVED_KEYS, list_entries, project_pad_json, tags_to_platform
from .reader import _PAD_USED, _SECTION_USED, _USED
from .vocabulary import (
    ALT_KEY,
    ALTS_KEY,
    ITEM_TAGS_KEY,
    LAYOUT_KEY,
    LINK_TEXT_KEY,
    QUOTE_KEY,
    RENDER_KEYS,
    TAGS_KEY,
    TIMESTAMP_KEY,
)

__all__ = ["write_pad_json", "dumps_all", "dump_all", "pad_data", "item_data"]

_NAME = "pad JSON"


def _with_extra(out: dict[str, Any], extra: Extra | None, reserved: frozenset[str], path: JsonPath) -> dict[str, Any]:
    """``out`` followed by the ``extra`` keys it does not hold already and the reader would keep as extra."""
    for key, text in extra or ():
        if key in out or key in reserved:
            continue
        try:
            out[key] = json.loads(text)
        except (ValueError, RecursionError):
            raise FormatError(f"cannot write {_NAME}: {where([*path, key])}: the extra value is not JSON") from None
    return out


# The items that carry the platform's ``has_content`` flag and extra keys (a LinkItem has neither).
_Flagged = TextItem | ChoiceItem | ImageItem | MosaicItem | GroupItem | EmbedItem


def _common(out: dict[str, Any], item: _Flagged, path: JsonPath) -> dict[str, Any]:
    if item.instruction is not None:
        out["instruction"] = item.instruction
    if item.has_content is not None:
        out["has_content"] = item.has_content
    return _with_extra(out, item.extra, _USED[out["type"]], path)


def item_data(item: Item, path: JsonPath | None = None) -> dict[str, Any]:
    """The pad JSON object of one (projected) item; ``path`` is where it stands, for errors."""
    path = [] if path is None else path
    if isinstance(item, TextItem):
        text: dict[str, Any] = {"type": item.platform_type or "txt", "txt": item.text}
        if item.timestamp is not None:
            text[TIMESTAMP_KEY] = item.timestamp
        if item.tags:
            text[ITEM_TAGS_KEY] = [{"key": t.key, "value": t.value} for t in item.tags]
        if item.quote:
            text[QUOTE_KEY] = True
        return _common(text, item, path)
    if isinstance(item, ChoiceItem):
        options = []
        for o in item.options:
            option: dict[str, Any] = {} if o.id is None else {"id": o.id}
            option.update(name=o.name, checked=o.checked)
            options.append(option)
        return _common({"type": "checklist" if item.multiple else "radiolist", "options": options}, item, path)
    if isinstance(item, ImageItem):
        out: dict[str, Any] = {"type": "img", "src": item.src}
        if item.alt:
            out[ALT_KEY] = item.alt
        return _common(out, item, path)
    if isinstance(item, MosaicItem):
        out = {"type": "mosaic", "srcs": [i.src for i in item.images]}
        if any(i.alt for i in item.images):
            out[ALTS_KEY] = [i.alt for i in item.images]
        return _common(out, item, path)
    if isinstance(item, LinkItem):
        out = {"type": "embed", "html": item.url if item.text is None else item.text, "src": item.url,
               LINK_TEXT_KEY: item.text}
        if item.instruction is not None:
            out["instruction"] = item.instruction
        return out
    if isinstance(item, EmbedItem):
        return _common({"type": "embed", "html": item.html, "src": item.src}, item, path)
    if isinstance(item, GroupItem):
        records = [[item_data(i, [*path, "items", r, k]) for k, i in enumerate(rec)]
                   for r, rec in enumerate(item.records)]
        return _common({"type": "group", "items": records}, item, path)
    if isinstance(item, MetaItem):
        out = {"type": item.type}
        if item.name is not None:
            out["name"] = item.name
        out.update(json.loads(item.data))
        if item.instruction is not None:
            out["instruction"] = item.instruction
        if item.has_content is not None:
            out["has_content"] = item.has_content
        # only rendering keys: any other key would read back as part of the item's data
        return _with_extra(out, tuple((k, v) for k, v in item.extra or () if k in RENDER_KEYS), RESERVED_KEYS, path)
    raise TypeError(f"pad JSON has no item for {item!r}")  # pragma: no cover - projected away


def _section(section: Section, index: int) -> dict[str, Any]:
    path: JsonPath = ["sections", index]
    out = {"type": "section", "title": section.title, "lead": section.lead,
           "items": [item_data(i, [*path, "items", k]) for k, i in enumerate(section.items)]}
    return _with_extra(out, section.extra, _SECTION_USED | {"type"}, path)


def _info(info: PlatformInfo) -> dict[str, Any]:
    return {
        "pad_id": info.pad_id,
        "contributor_id": info.contributor_id,
        "created_at": info.created_at,
        "updated_at": info.updated_at,
        "status": info.status,
        "template": info.template,
    }


def _layout(doc: Document) -> dict[str, Any] | None:
    sections = [s.layout for s in doc.sections]
    if doc.layout is None and not any(sections):
        return None
    out: dict[str, Any] = {}
    if doc.layout is not None:
        out["document"] = converter.unstructure(doc.layout)
    if any(sections):
        out["sections"] = [None if s is None else converter.unstructure(s) for s in sections]
    return out


def pad_data(doc: Document) -> dict[str, Any]:
    """The pad object (dicts, lists, ...) :func:`write_pad_json` serializes."""
    check_group_depth(doc, _NAME)  # before anything walks the groups recursively
    doc = project_pad_json(doc)
    info = doc.platform or PlatformInfo()
    lists = tags_to_platform(doc.tags, info) if doc.tags else info
    out: dict[str, Any] = _info(info)
    out["title"] = doc.title
    out["sections"] = [_section(s, i) for i, s in enumerate(doc.sections)]
    out.update(list_entries(lists))
    out.update(email=info.email, ownername=info.ownername, country=info.country)
    if info.published is not None:
        out["published"] = info.published
    if doc.tags:
        out[TAGS_KEY] = [{"key": t.key, "value": t.value} for t in doc.tags]
    layout = _layout(doc)
    if layout is not None:
        out[LAYOUT_KEY] = layout
    return _with_extra(out, info.extra, _PAD_USED, [])


def _dumps(value: Any) -> str:
    return dumps(value, _NAME, indent=2)


def write_pad_json(doc: Document) -> str:
    """One pad object, indented by two spaces, non-ASCII kept as is.

    Raises :class:`~alpdoc.errors.FormatError` (naming the JSON path) for what
    the reader would refuse: lone surrogates, integers too long to convert,
    NaN in an ``extra`` value, groups nested too deeply.
    """
    return _dumps(pad_data(doc)) + "\n"


def dump_all(docs: Iterable[Document], fh: IO[str]) -> None:
    """Write ``docs`` to ``fh`` as a JSON array of pads, one at a time (the API's shape)."""
    fh.write("[")
    first = True
    for doc in docs:
        fh.write("\n" if first else ",\n")
        fh.write(_dumps(pad_data(doc)))
        first = False
    fh.write("]\n" if first else "\n]\n")


def dumps_all(docs: Iterable[Document]) -> str:
    """``docs`` as a JSON array of pads (``[]`` for none)."""
    buf = io.StringIO()
    dump_all(docs, buf)
    return buf.getvalue()
