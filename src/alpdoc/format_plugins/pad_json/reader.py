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
line and column where the offending value starts. Values follow the rules of
:mod:`alpdoc.format_plugins.json.values` (no lone surrogates, no NaN or
Infinity, numbers that fit, groups at most 50 deep), and the keys alpdoc adds
to the pads it writes (:mod:`.vocabulary`) are read back into the document.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any, NoReturn, TypedDict

from ...errors import ParseError
from ...model import (
    ChoiceItem,
    Document,
    DocumentLayout,
    EmbedItem,
    Extra,
    GroupItem,
    Image,
    ImageItem,
    Item,
    LinkItem,
    MetaItem,
    MosaicItem,
    Option,
    PlatformInfo,
    PlatformLocation,
    PlatformMeta,
    PlatformTag,
    Section,
    SectionLayout,
    Tag,
    TextItem,
)
from ...options import ReaderOptions
from ...templates import TemplateRegistry
from ..json.converter import converter
from ..json.reader import _decode, _describe, _locate, _show
from ..json.values import DECODER, MAX_GROUP_DEPTH, decode_flags, reading_problem, refusals, where
from .layout import HEADER_KINDS, MAX_LAYOUT_NUMBER, document_layout_fits, section_layout_fits
from .project import list_entries, tags_to_platform
from .templates import match_template
from .vocabulary import (
    ALT_KEY,
    ALTS_KEY,
    ITEM_TAGS_KEY,
    LAYOUT_KEY,
    LEGACY_TYPES,
    LINK_TEXT_KEY,
    META_KINDS,
    PAD_ITEM_TYPES,
    QUOTE_KEY,
    RENDER_KEYS,
    TAGS_KEY,
    TIMESTAMP_KEY,
    canonical_json,
    extra_json,
)

__all__ = ["read_pad_json", "iter_pads", "pad_to_document"]

Path = list[str | int]
_WS = re.compile(r"[ \t\n\r]*")
_INTEGER = re.compile(r"\s*-?[0-9]+\s*")
_DECODER = DECODER
_TYPES = ", ".join(PAD_ITEM_TYPES)


class ShapeError(Exception):
    """A value of the wrong shape at ``path`` (turned into a :class:`ParseError` with a position)."""

    def __init__(self, path: Path, message: str) -> None:
        super().__init__(message)
        self.path = path
        self.message = message


_where = where


def _fail(path: Path, message: str) -> NoReturn:
    raise ShapeError(path, message)


# --------------------------------------------------------------------------- values


def _str(obj: dict[str, Any], key: str, path: Path, default: str | None = None) -> str | None:
    value = obj.get(key, default)
    if value is None or isinstance(value, str):
        return value
    _fail([*path, key], f"expected a string or null, got {_describe(value)}")


def _int(obj: dict[str, Any], key: str, path: Path) -> int | None:
    """An integer, also written as a string of digits (stored rows)."""
    value = obj.get(key)
    if value is None or type(value) is int:
        return value
    if type(value) is str and _INTEGER.fullmatch(value):
        try:
            return int(value)
        except ValueError:  # longer than sys.get_int_max_str_digits()
            _fail([*path, key], f"integer string of {len(value.strip())} characters is too long")
    _fail([*path, key], f"expected an integer or null, got {_describe(value)}")


def _bool(obj: dict[str, Any], key: str, path: Path) -> bool | None:
    """``true``/``false``, also ``"t"``/``"f"`` (stored rows)."""
    value = obj.get(key)
    if value is None or isinstance(value, bool):
        return value
    if value == "t":
        return True
    if value == "f":
        return False
    _fail([*path, key], f"expected true, false or null, got {_describe(value)}")


def _float(obj: dict[str, Any], key: str, path: Path) -> float | None:
    value = obj.get(key)
    if value is None:
        return None
    if type(value) not in (int, float):
        _fail([*path, key], f"expected a number or null, got {_describe(value)}")
    try:
        return float(value)
    except OverflowError:
        _fail([*path, key], f"number too large (an integer of {len(str(value))} digits overflows a float)")


def _list(obj: dict[str, Any], key: str, path: Path) -> list[Any]:
    value = obj.get(key)
    if value is None:
        return []
    if type(value) is not list:
        _fail([*path, key], f"expected an array or null, got {_describe(value)}")
    return value


def _obj(value: Any, path: Path, what: str) -> dict[str, Any]:
    if type(value) is not dict:
        _fail(path, f"expected {what}, got {_describe(value)}")
    return value


def _extra(obj: dict[str, Any], used: frozenset[str] | set[str]) -> Extra | None:
    pairs = tuple((k, extra_json(v)) for k, v in obj.items() if k not in used)
    return pairs or None


# --------------------------------------------------------------------------- items

_COMMON = frozenset({"type", "instruction", "has_content"})
_USED = {
    "txt": _COMMON | {"txt", TIMESTAMP_KEY, ITEM_TAGS_KEY, QUOTE_KEY},
    "title": _COMMON | {"txt", TIMESTAMP_KEY, ITEM_TAGS_KEY, QUOTE_KEY},
    "checklist": _COMMON | {"options"},
    "radiolist": _COMMON | {"options"},
    "img": _COMMON | {"src", ALT_KEY},
    "mosaic": _COMMON | {"srcs", ALTS_KEY},
    "embed": _COMMON | {"html", "src", LINK_TEXT_KEY},
    "group": _COMMON | {"items"},
}


def _option(value: Any, path: Path) -> Option:
    o = _obj(value, path, "an option object {id, name, checked}")
    checked = _bool(o, "checked", path)
    return Option(name=_str(o, "name", path) or "", checked=bool(checked), id=_int(o, "id", path))


def _alts(obj: dict[str, Any], count: int, path: Path) -> list[str]:
    """The ``alts`` of a mosaic: one string per image (all empty when the key is missing)."""
    alts = obj.get(ALTS_KEY)
    if alts is None:
        return [""] * count
    if type(alts) is not list or len(alts) != count or any(type(a) is not str for a in alts):
        _fail([*path, ALTS_KEY],
              f"expected an array of {count} strings (one alt text per image), got {_describe(alts)}")
    return alts


def _item_tags(obj: dict[str, Any], path: Path) -> tuple[Tag, ...]:
    """An interview answer's own tags (``alpdoc_tags`` of a text item)."""
    raw = _list(obj, ITEM_TAGS_KEY, path)
    return tuple(_document_tag(v, [*path, ITEM_TAGS_KEY, i]) for i, v in enumerate(raw))


class _CommonFields(TypedDict):
    """The fields every pad item but a link has."""

    instruction: str | None
    has_content: bool | None


def _item(value: Any, path: Path, depth: int = 1) -> Item:
    obj = _obj(value, path, "an item object")
    kind = obj.get("type")
    if type(kind) is not str or kind not in PAD_ITEM_TYPES:
        _fail([*path, "type"], f"unknown item type {_show(kind)} (expected one of: {_TYPES})")
    common: _CommonFields = {
        "instruction": _str(obj, "instruction", path),
        "has_content": _bool(obj, "has_content", path),
    }
    if kind in ("txt", "title"):
        return TextItem(
            text=_str(obj, "txt", path) or "",
            platform_type=None if kind == "txt" else kind,
            timestamp=_str(obj, TIMESTAMP_KEY, path),
            tags=_item_tags(obj, path),
            quote=bool(_bool(obj, QUOTE_KEY, path)),
            extra=_extra(obj, _USED[kind]),
            **common,
        )
    if kind in ("checklist", "radiolist"):
        options = tuple(_option(o, [*path, "options", i]) for i, o in enumerate(_list(obj, "options", path)))
        return ChoiceItem(options=options, multiple=kind == "checklist", extra=_extra(obj, _USED[kind]), **common)
    if kind == "img":
        src, alt = _str(obj, "src", path) or "", _str(obj, ALT_KEY, path) or ""
        return ImageItem(src=src, alt=alt, extra=_extra(obj, _USED[kind]), **common)
    if kind == "mosaic":
        srcs = _list(obj, "srcs", path)
        for i, src in enumerate(srcs):
            if type(src) is not str:
                _fail([*path, "srcs", i], f"expected a string, got {_describe(src)}")
        images = tuple(Image(src=s, alt=a) for s, a in zip(srcs, _alts(obj, len(srcs), path)))
        return MosaicItem(images=images, extra=_extra(obj, _USED[kind]), **common)
    if kind == "embed" and LINK_TEXT_KEY in obj:  # a link alpdoc wrote as an embed
        return LinkItem(instruction=common["instruction"], url=_str(obj, "src", path) or "",
                        text=_str(obj, LINK_TEXT_KEY, path))
    if kind == "embed":
        return EmbedItem(
            html=_str(obj, "html", path) or "", src=_str(obj, "src", path), extra=_extra(obj, _USED[kind]), **common
        )
    if kind == "group":
        if depth > MAX_GROUP_DEPTH:
            _fail(path, f"groups nested too deeply (more than {MAX_GROUP_DEPTH} levels)")
        records = []
        for r, record in enumerate(_list(obj, "items", path)):
            if type(record) is not list:
                _fail([*path, "items", r], f"expected an array of items (one group instance), got {_describe(record)}")
            records.append(tuple(_item(v, [*path, "items", r, i], depth + 1) for i, v in enumerate(record)))
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
     "published", "template", "email", "ownername", "country", "sections", "tags", "locations", "metadata",
     TAGS_KEY, LAYOUT_KEY}
)


_PAD_MARKERS = frozenset({"pad_id", "id", "title", "sections"})


def _section(value: Any, path: Path, layout: SectionLayout | None = None) -> Section:
    obj = _obj(value, path, "a section object")
    items = tuple(_item(v, [*path, "items", i]) for i, v in enumerate(_list(obj, "items", path)))
    extra = _extra(obj, _SECTION_USED | ({"type"} if obj.get("type") == "section" else set()))
    return Section(title=_str(obj, "title", path) or "", lead=_str(obj, "lead", path) or "", items=items, extra=extra,
                   layout=layout)


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


def _pick(obj: dict[str, Any], field: str) -> str:
    api, row = _PAD_KEYS[field]
    return api if api in obj or row not in obj else row


def _document_tag(value: Any, path: Path) -> Tag:
    o = _obj(value, path, 'a tag object {"key": ..., "value": ...}')
    key, text = o.get("key"), o.get("value")
    if type(key) is not str:
        _fail([*path, "key"], f"expected a string, got {_describe(key)}")
    if type(text) is not str:
        _fail([*path, "value"], f"expected a string, got {_describe(text)}")
    return Tag(key=key, value=text)


_LISTS = ("tags", "locations", "metadata")


def _document_tags(obj: dict[str, Any], path: Path) -> tuple[tuple[Tag, ...], dict[str, int]]:
    """The tags of ``alpdoc_tags``, and how many entries at the end of each platform list the writer made of them.

    When a list no longer ends with exactly those entries (the pad was
    edited since), the lists are what the pad says and ``alpdoc_tags`` is
    ignored.
    """
    raw = obj.get(TAGS_KEY)
    if raw is None:
        return (), {}
    if type(raw) is not list:
        _fail([*path, TAGS_KEY], f"expected an array of tag objects, got {_describe(raw)}")
    tags = tuple(_document_tag(v, [*path, TAGS_KEY, i]) for i, v in enumerate(raw))
    made = list_entries(tags_to_platform(tags, PlatformInfo()))
    counts = {}
    for name in _LISTS:
        entries, suffix = obj.get(name), made[name]
        if not suffix:
            continue
        if type(entries) is not list or len(entries) < len(suffix) or entries[len(entries) - len(suffix):] != suffix:
            return (), {}
        counts[name] = len(suffix)
    return tags, counts


def _layouts(obj: dict[str, Any], path: Path, count: int) -> tuple[DocumentLayout | None, list[SectionLayout | None]]:
    """The archive layout alpdoc wrote (``alpdoc_layout``): the document's, and one per section."""
    raw = obj.get(LAYOUT_KEY)
    if raw is None:
        return None, [None] * count
    where_ = [*path, LAYOUT_KEY]
    o = _obj(raw, where_, 'a layout object {"document": ..., "sections": [...]}')
    sections = o.get("sections") or []
    if set(o) - {"document", "sections"} or type(sections) is not list:
        _fail(where_, 'expected a layout object {"document": ..., "sections": [...]}')
    try:
        raw_document = o.get("document")
        document = None if raw_document is None else converter.structure(raw_document, DocumentLayout)
        per_section = [None if v is None else converter.structure(v, SectionLayout) for v in sections]
    except Exception:  # noqa: BLE001 - any shape error of the layout object
        _fail(where_, "not an alpdoc layout (see the json format's schema: DocumentLayout, SectionLayout)")
    if not document_layout_fits(document) or not all(map(section_layout_fits, per_section)):
        _fail(where_, f"layout numbers must be whole numbers from 0 to {MAX_LAYOUT_NUMBER}, "
                      f"header kinds one of {', '.join(sorted(HEADER_KINDS))}")
    if len(per_section) != count:  # sections added or removed since: their layout no longer fits
        per_section = [None] * count
    return document, per_section


def pad_to_document(value: Any, path: Path | None = None, *, templates: TemplateRegistry | None = None) -> Document:
    """One decoded pad object as a :class:`Document` (raises :class:`ShapeError` with the JSON path).

    ``templates``: where to look for the platform template the pad names
    (see :func:`~alpdoc.format_plugins.pad_json.templates.match_template`).
    """
    path = [] if path is None else path
    obj = _obj(value, path, "a pad object")
    if not _PAD_MARKERS & obj.keys():
        if "data" in obj:
            _fail([*path, "data"], f"expected an array of pads, got {_describe(obj['data'])}")
        _fail(path, "not a pad: an object without any of the keys " + ", ".join(sorted(_PAD_MARKERS)))
    tags, made = _document_tags(obj, path)

    def entries(name: str, read: Any) -> tuple[Any, ...]:
        listed = _list(obj, name, path)
        kept = len(listed) - made.get(name, 0)
        return tuple(read(v, [*path, name, i]) for i, v in enumerate(listed[:kept]))

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
        tags=entries("tags", _tag),
        locations=entries("locations", _location),
        metadata=entries("metadata", _meta),
        extra=_extra(obj, _PAD_USED),
    )
    raw_sections = _list(obj, "sections", path)
    layout, section_layouts = _layouts(obj, path, len(raw_sections))
    sections = tuple(
        _section(v, [*path, "sections", i], lay) for i, (v, lay) in enumerate(zip(raw_sections, section_layouts))
    )
    return Document(
        title=_str(obj, "title", path) or "",
        tags=tags,
        sections=sections,
        platform=info,
        template=match_template(templates, info.template, sections),
        layout=layout,
    )


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


class _Reading:
    """What reading one input needs besides its text: where errors point, templates, the value checks."""

    __slots__ = ("text", "source", "templates", "maybe_surrogate")

    def __init__(self, text: str, options: ReaderOptions, raw_surrogates: bool) -> None:
        self.text = text
        self.source = options.source
        self.templates = options.templates
        self.maybe_surrogate = decode_flags(text, raw_surrogates)[1]

    def decode(self, pos: int) -> tuple[Any, int, tuple[int, bool]]:
        """The value at ``pos``, the offset after it, and the flags :func:`reading_problem` needs."""
        flags = (refusals(), self.maybe_surrogate)
        value, end = _raw_decode(self.text, pos, self.source)
        return value, end, flags


def _convert(value: Any, path: Path, reading: _Reading, flags: tuple[int, bool]) -> Document:
    text, source = reading.text, reading.source
    problem = reading_problem(value, flags, path)
    if problem is not None:
        raise _shape(ShapeError(*problem), text, source)
    try:
        return pad_to_document(value, path, templates=reading.templates)
    except ShapeError as exc:
        raise _shape(exc, text, source) from None
    except RecursionError:
        raise ParseError.at_offset("pad nested too deeply", text, _locate(text, path), source=source) from None


def _skip(text: str, pos: int) -> int:
    match = _WS.match(text, pos)
    assert match is not None  # _WS matches the empty string
    return match.end()


def _expect(text: str, pos: int, chars: str, what: str, source: str | None) -> str:
    if pos < len(text) and text[pos] in chars:
        return text[pos]
    got = repr(text[pos]) if pos < len(text) else "the end of the input"
    raise ParseError.at_offset(f"malformed JSON: expected {what}, got {got}", text, pos, source=source)


def _array(reading: _Reading, pos: int, path: Path, end: list[int]) -> Iterator[Document]:
    """The pads of the array starting at ``text[pos] == "["``, each decoded just before it is yielded.

    ``end[0]`` is set to the offset just past the closing ``]``.
    """
    text, source = reading.text, reading.source
    pos = _skip(text, pos + 1)
    index = 0
    if text.startswith("]", pos):
        end[0] = pos + 1
        return
    while True:
        value, pos, flags = reading.decode(pos)
        doc = _convert(value, [*path, index], reading, flags)
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


def _wrapper(reading: _Reading, pos: int) -> Iterator[Document] | None:
    """The pads of ``{"count": N, "data": [...]}`` streamed, or ``None`` if the object is not that wrapper."""
    text, source = reading.text, reading.source
    i = _skip(text, pos + 1)
    seen: list[str] = []
    while text.startswith('"', i):
        key, i = _raw_decode(text, i, source)
        i = _skip(text, i)
        _expect(text, i, ":", "':'", source)
        i = _skip(text, i + 1)
        if key == "data" and set(seen) <= {"count"} and text.startswith("[", i):
            return _wrapped(reading, i)
        if key != "count":
            return None
        seen.append(key)
        _, i = _raw_decode(text, i, source)
        i = _skip(text, i)
        if not text.startswith(",", i):
            return None
        i = _skip(text, i + 1)
    return None


def _wrapped(reading: _Reading, pos: int) -> Iterator[Document]:
    text, source = reading.text, reading.source
    end = [pos]
    yield from _array(reading, pos, ["data"], end)
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


def _options(options: ReaderOptions | None, source: str | None) -> ReaderOptions:
    options = options if options is not None else ReaderOptions()
    return options if options.source is not None or source is None else options.for_source(source)


def iter_pads(
    data: bytes | str, options: ReaderOptions | None = None, *, source: str | None = None
) -> Iterator[Document]:
    """Every pad in ``data`` as a document, decoding each just before it is yielded.

    ``data`` is one pad object, an array of pads, or ``{"count": N, "data": [...]}``
    (a UTF-8 byte order mark before it is accepted). ``options.templates``
    is where the platform template each pad names is looked for
    (:attr:`Document.template`); ``source`` names the input in errors when
    ``options`` does not.
    """
    options = _options(options, source)
    source = options.source
    text = _decode(data, source)
    reading = _Reading(text, options, isinstance(data, str))
    pos = _skip(text, 0)
    if text.startswith("[", pos):
        array_end = [pos]
        yield from _array(reading, pos, [], array_end)
        _end(text, array_end[0], source)
        return
    if text.startswith("{", pos):
        wrapped = _wrapper(reading, pos)
        if wrapped is not None:
            yield from wrapped
            return
    value, end, flags = reading.decode(pos)
    _end(text, end, source)
    yield _convert(value, [], reading, flags)


def read_pad_json(data: bytes | str, options: ReaderOptions | None = None, *, source: str | None = None) -> Document:
    """The one pad in ``data`` (an object, or an array or ``{count, data}`` holding exactly one pad)."""
    options = _options(options, source)
    docs = iter_pads(data, options)
    first = next(docs, None)
    if first is None:
        raise ParseError("no pad in the input (an empty array)", source=options.source)
    if next(docs, None) is not None:
        raise ParseError("more than one pad in the input; read them with alpdoc.read_all / loads_all",
                         source=options.source)
    return first
