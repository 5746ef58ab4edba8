"""Reading pad JSON: one pad, the API's array of pads, ``{count, data}``, and stored rows.

Two pad shapes are understood, key by key: the API's (``pad_id``,
``contributor_id``, ``created_at``, ``updated_at``, ``tags``, ``locations``,
``metadata``, owner ``email``/``ownername``/``country``) and the database rows
of the platform's 2022 schema (``id``, ``owner``, ``date``, ``update_at``,
``published`` as ``"t"``/``"f"``, numbers as strings, ``full_text``), whose
older item types are mapped to the new ones (see :data:`LEGACY_TYPES`).

:func:`iter_pads` decodes an array element by element with
:meth:`json.JSONDecoder.raw_decode`, turning each pad into a document before
decoding the next, so iterating a large file holds one pad at a time.

Every failure is a :class:`~alpdoc.errors.ParseError` naming the JSON path
(``$[3].sections[2].items[0].type: unknown item type 'foo' ...``) with the
line and column where the offending value starts.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any, NoReturn, Union

from ...errors import ParseError
from ...model import (
    ChoiceItem,
    Document,
    EmbedItem,
    Extra,
    GroupItem,
    Image,
    ImageItem,
    Item,
    MetaItem,
    MosaicItem,
    Option,
    PlatformInfo,
    PlatformLocation,
    PlatformMeta,
    PlatformTag,
    Section,
    TextItem,
)
from ..json.reader import _decode, _describe, _locate, _show
from .vocabulary import (
    ITEM_TYPES,
    LEGACY_TYPES,
    META_KINDS,
    RENDER_KEYS,
    canonical_json,
    extra_json,
)

__all__ = ["read_pad_json", "iter_pads", "pad_to_document"]

Path = list[Union[str, int]]
_WS = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()
_TYPES = ", ".join(ITEM_TYPES)


class ShapeError(Exception):
    """A value of the wrong shape at ``path`` (turned into a :class:`ParseError` with a position)."""

    def __init__(self, path: Path, message: str) -> None:
        super().__init__(message)
        self.path = path
        self.message = message


def _where(path: Path) -> str:
    return "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path)


def _fail(path: Path, message: str) -> NoReturn:
    raise ShapeError(path, message)


# --------------------------------------------------------------------------- values


def _str(obj: dict, key: str, path: Path, default: str | None = None) -> str | None:
    value = obj.get(key, default)
    if value is not None and type(value) is not str:
        _fail([*path, key], f"expected a string or null, got {_describe(value)}")
    return value


def _int(obj: dict, key: str, path: Path) -> int | None:
    """An integer, also written as a string of digits (stored rows)."""
    value = obj.get(key)
    if value is None or type(value) is int:
        return value
    if type(value) is str and value.strip().lstrip("-").isdigit() and value.strip().isascii():
        return int(value)
    _fail([*path, key], f"expected an integer or null, got {_describe(value)}")


def _bool(obj: dict, key: str, path: Path) -> bool | None:
    """``true``/``false``, also ``"t"``/``"f"`` (stored rows)."""
    value = obj.get(key)
    if value is None or type(value) is bool:
        return value
    if value in ("t", "f"):
        return value == "t"
    _fail([*path, key], f"expected true, false or null, got {_describe(value)}")


def _float(obj: dict, key: str, path: Path) -> float | None:
    value = obj.get(key)
    if value is None:
        return None
    if type(value) not in (int, float):
        _fail([*path, key], f"expected a number or null, got {_describe(value)}")
    return float(value)


def _list(obj: dict, key: str, path: Path) -> list:
    value = obj.get(key)
    if value is None:
        return []
    if type(value) is not list:
        _fail([*path, key], f"expected an array or null, got {_describe(value)}")
    return value


def _obj(value: Any, path: Path, what: str) -> dict:
    if type(value) is not dict:
        _fail(path, f"expected {what}, got {_describe(value)}")
    return value


def _extra(obj: dict, used: frozenset[str] | set[str]) -> Extra | None:
    pairs = tuple((k, extra_json(v)) for k, v in obj.items() if k not in used)
    return pairs or None


# --------------------------------------------------------------------------- items

_COMMON = frozenset({"type", "instruction", "has_content"})
_USED = {
    "txt": _COMMON | {"txt"},
    "title": _COMMON | {"txt"},
    "checklist": _COMMON | {"options"},
    "radiolist": _COMMON | {"options"},
    "img": _COMMON | {"src"},
    "mosaic": _COMMON | {"srcs"},
    "embed": _COMMON | {"html", "src"},
    "group": _COMMON | {"items"},
}


def _option(value: Any, path: Path) -> Option:
    o = _obj(value, path, "an option object {id, name, checked}")
    checked = _bool(o, "checked", path)
    return Option(name=_str(o, "name", path) or "", checked=bool(checked), id=_int(o, "id", path))


def _item(value: Any, path: Path) -> Item:
    obj = _obj(value, path, "an item object")
    kind = obj.get("type")
    if type(kind) is not str or kind not in ITEM_TYPES:
        _fail([*path, "type"], f"unknown item type {_show(kind)} (expected one of: {_TYPES})")
    common = {
        "instruction": _str(obj, "instruction", path),
        "has_content": _bool(obj, "has_content", path),
    }
    if kind in ("txt", "title"):
        return TextItem(
            text=_str(obj, "txt", path) or "",
            platform_type=None if kind == "txt" else kind,
            extra=_extra(obj, _USED[kind]),
            **common,
        )
    if kind in ("checklist", "radiolist"):
        options = tuple(_option(o, [*path, "options", i]) for i, o in enumerate(_list(obj, "options", path)))
        return ChoiceItem(options=options, multiple=kind == "checklist", extra=_extra(obj, _USED[kind]), **common)
    if kind == "img":
        return ImageItem(src=_str(obj, "src", path) or "", extra=_extra(obj, _USED[kind]), **common)
    if kind == "mosaic":
        srcs = _list(obj, "srcs", path)
        for i, src in enumerate(srcs):
            if type(src) is not str:
                _fail([*path, "srcs", i], f"expected a string, got {_describe(src)}")
        return MosaicItem(images=tuple(Image(src=s) for s in srcs), extra=_extra(obj, _USED[kind]), **common)
    if kind == "embed":
        return EmbedItem(
            html=_str(obj, "html", path) or "", src=_str(obj, "src", path), extra=_extra(obj, _USED[kind]), **common
        )
    if kind == "group":
        records = []
        for r, record in enumerate(_list(obj, "items", path)):
            if type(record) is not list:
                _fail([*path, "items", r], f"expected an array of items (one group instance), got {_describe(record)}")
            records.append(tuple(_item(v, [*path, "items", r, i]) for i, v in enumerate(record)))
        return GroupItem(records=tuple(records), extra=_extra(obj, _USED[kind]), **common)
    # meta items: current names, or older ones mapped to them
    name = _str(obj, "name", path)
    if kind in LEGACY_TYPES:
        kind, default = LEGACY_TYPES[kind]
        name = name if name is not None else default
    assert kind in META_KINDS
    used = _COMMON | {"name"} | RENDER_KEYS
    data = {k: v for k, v in obj.items() if k not in used}
    try:
        text = canonical_json(data)
    except ValueError:
        _fail(path, "NaN or infinity inside the item")
    render = {k: v for k, v in obj.items() if k in RENDER_KEYS}
    return MetaItem(type=kind, name=name, data=text, extra=_extra(render, set()), **common)


# --------------------------------------------------------------------------- pads

_SECTION_USED = frozenset({"title", "lead", "items"})
_PAD_KEYS = {
    # model field: (API key, stored-row key)
    "pad_id": ("pad_id", "id"),
    "contributor_id": ("contributor_id", "owner"),
    "created_at": ("created_at", "date"),
    "updated_at": ("updated_at", "update_at"),
}
_PAD_USED = frozenset(
    {"pad_id", "id", "contributor_id", "owner", "created_at", "date", "updated_at", "update_at", "title", "status",
     "published", "template", "email", "ownername", "country", "sections", "tags", "locations", "metadata"}
)


_PAD_MARKERS = frozenset({"pad_id", "id", "title", "sections"})


def _section(value: Any, path: Path) -> Section:
    obj = _obj(value, path, "a section object")
    items = tuple(_item(v, [*path, "items", i]) for i, v in enumerate(_list(obj, "items", path)))
    extra = _extra(obj, _SECTION_USED | ({"type"} if obj.get("type") == "section" else set()))
    return Section(title=_str(obj, "title", path) or "", lead=_str(obj, "lead", path) or "", items=items, extra=extra)


def _tag(value: Any, path: Path) -> PlatformTag:
    o = _obj(value, path, "a tag object {tag_id, type, key, name}")
    tag_id = _int(o, "tag_id", path) if "tag_id" in o else _int(o, "id", path)
    return PlatformTag(type=_str(o, "type", path) or "", name=_str(o, "name", path) or "", key=_int(o, "key", path),
                       tag_id=tag_id)


def _location(value: Any, path: Path) -> PlatformLocation:
    o = _obj(value, path, "a location object {iso3, country, lat, lng}")
    return PlatformLocation(country=_str(o, "country", path), iso3=_str(o, "iso3", path),
                            lat=_float(o, "lat", path), lng=_float(o, "lng", path))


def _meta(value: Any, path: Path) -> PlatformMeta:
    o = _obj(value, path, "a metadata object {type, name, value}")
    raw = o.get("value")
    text = raw if type(raw) is str else "" if raw is None else extra_json(raw)
    return PlatformMeta(name=_str(o, "name", path) or "", value=text, type=_str(o, "type", path))


def _pick(obj: dict, field: str) -> str:
    api, row = _PAD_KEYS[field]
    return api if api in obj or row not in obj else row


def pad_to_document(value: Any, path: Path | None = None) -> Document:
    """One decoded pad object as a :class:`Document` (raises :class:`ShapeError` with the JSON path)."""
    path = [] if path is None else path
    obj = _obj(value, path, "a pad object")
    if not _PAD_MARKERS & obj.keys():
        if "data" in obj:
            _fail([*path, "data"], f"expected an array of pads, got {_describe(obj['data'])}")
        _fail(path, "not a pad: an object without any of the keys " + ", ".join(sorted(_PAD_MARKERS)))
    info = PlatformInfo(
        pad_id=_int(obj, _pick(obj, "pad_id"), path),
        contributor_id=_str(obj, _pick(obj, "contributor_id"), path),
        status=_int(obj, "status", path),
        published=_bool(obj, "published", path),
        created_at=_str(obj, _pick(obj, "created_at"), path),
        updated_at=_str(obj, _pick(obj, "updated_at"), path),
        template=_int(obj, "template", path),
        email=_str(obj, "email", path),
        ownername=_str(obj, "ownername", path),
        country=_str(obj, "country", path),
        tags=tuple(_tag(v, [*path, "tags", i]) for i, v in enumerate(_list(obj, "tags", path))),
        locations=tuple(_location(v, [*path, "locations", i]) for i, v in enumerate(_list(obj, "locations", path))),
        metadata=tuple(_meta(v, [*path, "metadata", i]) for i, v in enumerate(_list(obj, "metadata", path))),
        extra=_extra(obj, _PAD_USED),
    )
    sections = tuple(_section(v, [*path, "sections", i]) for i, v in enumerate(_list(obj, "sections", path)))
    return Document(title=_str(obj, "title", path) or "", sections=sections, platform=info)


# --------------------------------------------------------------------------- text


def _malformed(exc: json.JSONDecodeError, text: str, source: str | None) -> ParseError:
    return ParseError.at_offset(f"malformed JSON: {exc.msg}", text, exc.pos, source=source)


def _shape(exc: ShapeError, text: str, source: str | None) -> ParseError:
    return ParseError.at_offset(f"{_where(exc.path)}: {exc.message}", text, _locate(text, exc.path), source=source)


def _raw_decode(text: str, pos: int, source: str | None) -> tuple[Any, int]:
    try:
        return _DECODER.raw_decode(text, pos)
    except json.JSONDecodeError as exc:
        raise _malformed(exc, text, source) from None
    except RecursionError:
        raise ParseError.at_offset("malformed JSON: nested too deeply", text, pos, source=source) from None
    except ValueError as exc:  # e.g. an integer longer than sys.get_int_max_str_digits()
        raise ParseError.at_offset(f"malformed JSON: {exc}", text, pos, source=source) from None


def _convert(value: Any, path: Path, text: str, source: str | None) -> Document:
    try:
        return pad_to_document(value, path)
    except ShapeError as exc:
        raise _shape(exc, text, source) from None
    except RecursionError:
        raise ParseError.at_offset("pad nested too deeply", text, _locate(text, path), source=source) from None


def _skip(text: str, pos: int) -> int:
    return _WS.match(text, pos).end()


def _expect(text: str, pos: int, chars: str, what: str, source: str | None) -> str:
    if pos < len(text) and text[pos] in chars:
        return text[pos]
    got = repr(text[pos]) if pos < len(text) else "the end of the input"
    raise ParseError.at_offset(f"malformed JSON: expected {what}, got {got}", text, pos, source=source)


def _array(text: str, pos: int, path: Path, source: str | None, end: list[int]) -> Iterator[Document]:
    """The pads of the array starting at ``text[pos] == "["``, each decoded just before it is yielded.

    ``end[0]`` is set to the offset just past the closing ``]``.
    """
    pos = _skip(text, pos + 1)
    index = 0
    if text.startswith("]", pos):
        end[0] = pos + 1
        return
    while True:
        value, pos = _raw_decode(text, pos, source)
        doc = _convert(value, [*path, index], text, source)
        del value
        pos = _skip(text, pos)
        sep = _expect(text, pos, ",]", "',' or ']' after an array element", source)
        end[0] = pos + 1
        yield doc
        del doc
        if sep == "]":
            return
        pos = _skip(text, pos + 1)
        index += 1


def _end(text: str, pos: int, source: str | None) -> None:
    pos = _skip(text, pos)
    if pos < len(text):
        raise ParseError.at_offset("malformed JSON: extra data after the pads", text, pos, source=source)


def _wrapper(text: str, pos: int, source: str | None) -> Iterator[Document] | None:
    """The pads of ``{"count": N, "data": [...]}`` streamed, or ``None`` if the object is not that wrapper."""
    i = _skip(text, pos + 1)
    seen: list[str] = []
    while text.startswith('"', i):
        key, i = _raw_decode(text, i, source)
        i = _skip(text, i)
        _expect(text, i, ":", "':'", source)
        i = _skip(text, i + 1)
        if key == "data" and set(seen) <= {"count"} and text.startswith("[", i):
            return _wrapped(text, i, source)
        if key != "count":
            return None
        seen.append(key)
        _, i = _raw_decode(text, i, source)
        i = _skip(text, i)
        if not text.startswith(",", i):
            return None
        i = _skip(text, i + 1)
    return None


def _wrapped(text: str, pos: int, source: str | None) -> Iterator[Document]:
    end = [pos]
    yield from _array(text, pos, ["data"], source, end)
    # the rest of the wrapper object: more keys ("count" after "data") and the closing brace
    i = _skip(text, end[0])
    while text.startswith(",", i):
        i = _skip(text, i + 1)
        key, i = _raw_decode(text, i, source)
        if key != "count":
            raise ParseError.at_offset(f"$.{key}: unexpected key beside 'count' and 'data'", text, i, source=source)
        i = _skip(text, i)
        _expect(text, i, ":", "':'", source)
        _, i = _raw_decode(text, _skip(text, i + 1), source)
        i = _skip(text, i)
    _expect(text, i, "}", "'}'", source)
    _end(text, i + 1, source)


def iter_pads(data: bytes | str, *, templates: object = None, source: str | None = None) -> Iterator[Document]:
    """Every pad in ``data`` as a document, decoding each just before it is yielded.

    ``data`` is one pad object, an array of pads, or ``{"count": N, "data": [...]}``.
    """
    del templates  # pad JSON carries its whole structure
    text = _decode(data, source)
    pos = _skip(text, 0)
    if text.startswith("[", pos):
        end = [pos]
        yield from _array(text, pos, [], source, end)
        _end(text, end[0], source)
        return
    if text.startswith("{", pos):
        wrapped = _wrapper(text, pos, source)
        if wrapped is not None:
            yield from wrapped
            return
    value, end = _raw_decode(text, pos, source)
    _end(text, end, source)
    yield _convert(value, [], text, source)


def read_pad_json(data: bytes | str, *, templates: object = None, source: str | None = None) -> Document:
    """The one pad in ``data`` (an object, or an array or ``{count, data}`` holding exactly one pad)."""
    docs = iter_pads(data, templates=templates, source=source)
    first = next(docs, None)
    if first is None:
        raise ParseError("no pad in the input (an empty array); use alpdoc.read_all for arrays", source=source)
    if next(docs, None) is not None:
        raise ParseError("more than one pad in the input; read them with alpdoc.read_all / loads_all", source=source)
    return first
