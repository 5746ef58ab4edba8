"""Writing documents as pad JSON in the shape of the platform's API.

One document is one pad object; several are a JSON array of pads
(:func:`dumps_all`, :func:`dump_all`), as ``/apis/fetch/pads`` returns them.
The document is projected first (:func:`project_pad_json`), so what is written
is exactly what reads back.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import IO, Any

from ...model import (
    ChoiceItem,
    Document,
    EmbedItem,
    Extra,
    GroupItem,
    ImageItem,
    Item,
    MetaItem,
    MosaicItem,
    PlatformInfo,
    Section,
    TextItem,
)
from .project import project_pad_json

__all__ = ["write_pad_json", "dumps_all", "dump_all", "pad_data"]


def _with_extra(out: dict[str, Any], extra: Extra | None) -> dict[str, Any]:
    """``out`` followed by the ``extra`` keys it does not hold already."""
    for key, text in extra or ():
        if key not in out:
            out[key] = json.loads(text)
    return out


def _common(out: dict[str, Any], item: Item) -> dict[str, Any]:
    if item.instruction is not None:
        out["instruction"] = item.instruction
    if item.has_content is not None:
        out["has_content"] = item.has_content
    return _with_extra(out, item.extra)


def item_data(item: Item) -> dict[str, Any]:
    """The pad JSON object of one (projected) item."""
    if isinstance(item, TextItem):
        return _common({"type": item.platform_type or "txt", "txt": item.text}, item)
    if isinstance(item, ChoiceItem):
        options = []
        for o in item.options:
            option: dict[str, Any] = {} if o.id is None else {"id": o.id}
            option.update(name=o.name, checked=o.checked)
            options.append(option)
        return _common({"type": "checklist" if item.multiple else "radiolist", "options": options}, item)
    if isinstance(item, ImageItem):
        return _common({"type": "img", "src": item.src}, item)
    if isinstance(item, MosaicItem):
        return _common({"type": "mosaic", "srcs": [i.src for i in item.images]}, item)
    if isinstance(item, EmbedItem):
        return _common({"type": "embed", "html": item.html, "src": item.src}, item)
    if isinstance(item, GroupItem):
        return _common({"type": "group", "items": [[item_data(i) for i in r] for r in item.records]}, item)
    if isinstance(item, MetaItem):
        out: dict[str, Any] = {"type": item.type}
        if item.name is not None:
            out["name"] = item.name
        out.update(json.loads(item.data))
        return _common(out, item)
    raise TypeError(f"pad JSON has no item for {item!r}")  # pragma: no cover - projected away


def _section(section: Section) -> dict[str, Any]:
    out = {"type": "section", "title": section.title, "lead": section.lead,
           "items": [item_data(i) for i in section.items]}
    return _with_extra(out, section.extra)


def _info(info: PlatformInfo) -> dict[str, Any]:
    return {
        "pad_id": info.pad_id,
        "contributor_id": info.contributor_id,
        "created_at": info.created_at,
        "updated_at": info.updated_at,
        "status": info.status,
        "template": info.template,
    }


def pad_data(doc: Document) -> dict[str, Any]:
    """The pad object (dicts, lists, ...) :func:`write_pad_json` serializes."""
    doc = project_pad_json(doc)
    info = doc.platform or PlatformInfo()
    out: dict[str, Any] = _info(info)
    out["title"] = doc.title
    out["sections"] = [_section(s) for s in doc.sections]
    out["tags"] = [{"tag_id": t.tag_id, "type": t.type, "key": t.key, "name": t.name} for t in info.tags]
    out["locations"] = [{"iso3": x.iso3, "country": x.country, "lat": x.lat, "lng": x.lng} for x in info.locations]
    out["metadata"] = [{"type": m.type, "name": m.name, "value": m.value} for m in info.metadata]
    out.update(email=info.email, ownername=info.ownername, country=info.country)
    if info.published is not None:
        out["published"] = info.published
    return _with_extra(out, info.extra)


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


def write_pad_json(doc: Document) -> str:
    """One pad object, indented by two spaces, non-ASCII kept as is."""
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
    import io

    buf = io.StringIO()
    dump_all(docs, buf)
    return buf.getvalue()
