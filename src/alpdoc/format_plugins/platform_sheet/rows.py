"""Rows of the platform's ``data-main`` sheet (CSV and XLSX downloads) to documents and back.

Interface (stable; shared by the ``platform-csv`` and XLSX formats)::

    documents_from_rows(header, rows, options, *, source=None, side_columns=True) -> Iterator[Document]
    rows_from_documents(docs, *, variant="content" | "questions", side_columns=True)
        -> (header: tuple[str, ...], rows: list[tuple[Cell, ...]])

``Cell`` is ``str | int | float | bool | datetime.datetime | None``: a CSV
gives text for every cell, an XLSX typed values; both are accepted.
``side_columns=True`` reads and writes the CSV-only columns ``media-k``,
``location-i-{lat,lng,iso3,country}`` and ``<type>-tag-j`` into
``doc.platform`` (``media`` in ``extra``, ``locations``, ``tags``); with
``False`` they are neither read nor written (the XLSX keeps them in side
sheets). The variant is told from the header: a ``content`` column, or
per-question columns (:mod:`.questions`).

Each row becomes a :class:`Document`: ``title``; sections read from
``content`` (:mod:`.content`) or from the question columns, with the pad's
template when ``options.templates`` has ``platform-template-<id>``;
``platform``: ``pad_id``, ``contributor_id`` (``c-N``), ``status``,
``created_at``/``updated_at`` (the cell's text, or an ISO timestamp for a
date cell), ``template``, the owner's ``email`` and ``country``, and in
``extra`` (JSON values, in this order, only when present) ``source_pad_id``,
``iso3``, ``rights``, ``snippet``, ``vignette``, ``media`` (a list),
``content`` with ``content_of`` (the cell and a digest of the content it was
read into: the writer writes the cell back while the document's content is
unchanged, and builds it anew otherwise).
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Literal, NamedTuple

from ...errors import ParseError
from ...model import Document, Item, PlatformInfo, PlatformLocation, PlatformTag
from ...options import ReaderOptions
from ...templates import Template
from ..pad_json.templates import match_template
from .cells import Cell, as_int, cell_text, date_cell
from .content import build_content, fingerprint, parse_content, strip_tags
from .questions import question_cells, sections_from_columns, tag_counts

__all__ = [
    "Cell",
    "BASE_COLUMNS",
    "OWNER_COLUMNS",
    "documents_from_rows",
    "rows_from_documents",
    "is_platform_header",
]

BASE_COLUMNS = (
    "pad_id", "contributor_id", "title", "created_at", "updated_at", "status", "source_pad_id", "template",
    "iso3", "rights", "email", "country", "snippet", "vignette",
)
OWNER_COLUMNS = ("iso3", "rights", "email", "country")
_EXTRA_KEYS = ("source_pad_id", "iso3", "rights", "snippet", "vignette")
_MEDIA = re.compile(r"media-([1-9][0-9]*)")
_LOCATION = re.compile(r"location-([1-9][0-9]*)-(lat|lng|iso3|country)")
_TAG = re.compile(r"(.+)-tag-([1-9][0-9]*)")


def is_platform_header(header: Sequence[str]) -> bool:
    """Whether a header row is the platform's ``data-main`` header (it starts ``pad_id, contributor_id``)."""
    return len(header) >= 2 and header[0] == "pad_id" and header[1] == "contributor_id"


class _SideColumn(NamedTuple):
    """A side column of the main sheet: ``media-N``, ``location-N-PART`` or a tag column ``PART-N``."""

    kind: Literal["media", "location", "tag"]
    number: int
    part: str = ""
    """location: ``lat``, ``lng``, ``iso3`` or ``country``; tag: the tag type."""


def _side(name: str) -> _SideColumn | None:
    if m := _MEDIA.fullmatch(name):
        return _SideColumn("media", int(m.group(1)))
    if m := _LOCATION.fullmatch(name):
        return _SideColumn("location", int(m.group(1)), m.group(2))
    if m := _TAG.fullmatch(name):
        return _SideColumn("tag", int(m.group(2)), m.group(1))
    return None


class _Layout:
    """What each column of a header is."""

    def __init__(self, header: Sequence[str], side_columns: bool, source: str | None) -> None:
        self.header = tuple(header)
        if not is_platform_header(self.header):
            shown = ",".join(self.header)[:80]
            raise ParseError("not a platform export: the header does not start with pad_id,contributor_id",
                             line=1, column=1, source=source, text=shown,
                             expected="the header row of the platform's CSV/XLSX download")
        seen: dict[str, int] = {}
        for i, name in enumerate(self.header):
            if name in seen:
                raise ParseError(f"column {name!r} appears twice (columns {seen[name] + 1} and {i + 1})",
                                 line=1, column=i + 1, source=source)
            seen[name] = i
        self.index = seen
        end = len(self.header)
        if side_columns:  # the side columns end the row (owner columns of later rows may follow them)
            while end > 2 and (self.header[end - 1] in BASE_COLUMNS or _side(self.header[end - 1]) is not None):
                end -= 1
        self.side = [(i, side) for i in range(end, len(self.header))
                     if self.header[i] not in BASE_COLUMNS and (side := _side(self.header[i])) is not None]
        self.content = seen.get("content")
        self.questions = [
            i for i in range(end) if self.header[i] not in BASE_COLUMNS and self.header[i] != "content"
        ]


def _text(value: Cell) -> str:
    return cell_text(value)


def _int_field(layout: _Layout, row: Sequence[Cell], name: str, line: int, source: str | None) -> int | None:
    i = layout.index.get(name)
    if i is None or i >= len(row):
        return None
    value = as_int(row[i])
    if isinstance(value, str):
        raise ParseError(f"column {name}: expected an integer, got {value[:40]!r}", line=line, column=i + 1,
                         source=source, expected="an integer")
    return value


def _float(value: Cell, name: str, line: int, column: int, source: str | None) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ParseError(f"column {name}: expected a number, got {value}", line=line, column=column, source=source)
    if isinstance(value, (int, float)):
        return float(value)
    try:
        return float(_text(value))
    except ValueError:
        raise ParseError(f"column {name}: expected a number, got {_text(value)[:40]!r}", line=line,
                         column=column, source=source, expected="a number") from None


def _date(value: Cell) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, _dt.datetime):
        return value.isoformat(sep=" ")
    return _text(value)


def _template(options: ReaderOptions, template_id: int | None) -> tuple[str | None, Template | None]:
    name = match_template(options.templates, template_id, ())
    return (name, options.templates[name]) if name is not None else (None, None)


def documents_from_rows(
    header: Sequence[str],
    rows: Iterable[Sequence[Cell]],
    options: ReaderOptions,
    *,
    source: str | None = None,
    side_columns: bool = True,
    first_line: int = 2,
) -> Iterator[Document]:
    """One document per row (see the module docstring); ``first_line`` numbers the first row in errors."""
    source = source or options.source
    layout = _Layout(header, side_columns, source)
    width = len(layout.header)
    for line, row in enumerate(rows, first_line):
        if len(row) > width:
            raise ParseError(f"row has {len(row)} fields, the header {width}", line=line, column=width + 1,
                             source=source, expected=f"at most {width} fields")
        if len(row) < width:
            row = (*row, *([None] * (width - len(row))))
        yield _document(layout, row, options, line, source)


def _document(layout: _Layout, row: Sequence[Cell], options: ReaderOptions, line: int, source: str | None
              ) -> Document:
    idx = layout.index

    def cell(name: str) -> Cell:
        i = idx.get(name)
        return row[i] if i is not None else None

    def text(name: str) -> str | None:
        value = cell(name)
        return None if value is None or value == "" else _text(value)

    pad_id = _int_field(layout, row, "pad_id", line, source)
    template_id = _int_field(layout, row, "template", line, source)
    status = _int_field(layout, row, "status", line, source)
    title = text("title") or ""
    extra: list[tuple[str, str]] = []
    for key in _EXTRA_KEYS:
        value = cell(key)
        if (value is None or value == "") and key == "snippet" and "snippet" in idx:
            extra.append(("snippet", "null"))  # an empty snippet stays empty (not computed anew when written)
            continue
        if value is None or value == "":
            continue
        stored = as_int(value) if key in ("source_pad_id", "rights") else _text(value)
        extra.append((key, json.dumps(stored, ensure_ascii=False)))
    media: list[str] = []
    coordinates: dict[int, dict[str, float | None]] = {}  # location number -> lat, lng
    places: dict[int, dict[str, str]] = {}  # location number -> iso3, country
    side_tags: dict[str, list[str]] = {}
    for i, side in layout.side:
        value = row[i]
        if value is None or value == "":
            continue
        if side.kind == "media":
            media.append(_text(value))
        elif side.kind == "location" and side.part in ("lat", "lng"):
            coordinates.setdefault(side.number, {})[side.part] = _float(value, layout.header[i], line, i + 1, source)
        elif side.kind == "location":
            places.setdefault(side.number, {})[side.part] = _text(value)
        else:
            side_tags.setdefault(side.part, []).append(_text(value))
    if media:
        extra.append(("media", json.dumps(media, ensure_ascii=False)))
    template_name, template = _template(options, template_id)
    if layout.content is not None:
        content = _text(row[layout.content]) if row[layout.content] is not None else ""
        sections = parse_content(content, title, template)
        extra.append(("content", json.dumps(content, ensure_ascii=False)))
        extra.append(("content_of", json.dumps(fingerprint(title, sections))))
    else:
        columns = [(layout.header[i], "" if row[i] is None else _text(row[i])) for i in layout.questions]
        sections = sections_from_columns(columns, template, side_tags)
    info = PlatformInfo(
        pad_id=pad_id,
        contributor_id=text("contributor_id"),
        status=status,
        created_at=_date(cell("created_at")),
        updated_at=_date(cell("updated_at")),
        template=template_id,
        email=text("email"),
        country=text("country"),
        tags=tuple(PlatformTag(type=t, name=n) for t, names in side_tags.items() for n in names),
        locations=tuple(
            PlatformLocation(lat=coordinates.get(n, {}).get("lat"), lng=coordinates.get(n, {}).get("lng"),
                             iso3=places.get(n, {}).get("iso3"), country=places.get(n, {}).get("country"))
            for n in sorted(coordinates.keys() | places.keys())
        ),
        extra=tuple(extra) or None,
    )
    return Document(title=title, sections=sections, platform=info, template=template_name)


# --------------------------------------------------------------------------- writing


def _extra(info: PlatformInfo | None) -> dict[str, object]:
    out: dict[str, object] = {}
    for key, value in (info.extra or ()) if info is not None else ():
        try:
            out[key] = json.loads(value)
        except ValueError:
            out[key] = value
    return out


def _cell(value: object) -> Cell:
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return json.dumps(value, ensure_ascii=False)


def _snippet(doc: Document) -> str | None:
    from ...model import TextItem

    texts = [item for _, item in doc.iter_items() if isinstance(item, TextItem) and item.platform_type is None]
    for item in texts:
        if any(k == "is_excerpt" and v == "true" for k, v in item.extra or ()):
            return item.text or None
    for item in texts:
        if item.text and item.text != doc.title:
            return item.text
    return None


def _content_cell(doc: Document, extra: dict[str, object]) -> str:
    """The cell read (while the content is unchanged), else the pad's stored full text (pad JSON's
    ``full_text``) with tags removed, as the platform writes it, else the full text built from the content."""
    stored = extra.get("content")
    if isinstance(stored, str) and extra.get("content_of") == fingerprint(doc.title, doc.sections):
        return stored
    full_text = extra.get("full_text")
    if isinstance(full_text, str) and "content" not in extra:
        return strip_tags(full_text)
    return build_content(doc)


def _base(doc: Document, variant: str) -> dict[str, Cell]:
    info = doc.platform or PlatformInfo()
    extra = _extra(doc.platform)
    snippet = extra["snippet"] if "snippet" in extra else _snippet(doc)
    row: dict[str, Cell] = {
        "pad_id": info.pad_id,
        "contributor_id": info.contributor_id,
        "title": doc.title or None,
        "created_at": date_cell(info.created_at),
        "updated_at": date_cell(info.updated_at),
        "status": info.status,
        "source_pad_id": _cell(extra.get("source_pad_id")),
        "template": info.template,
    }
    owner = {"iso3": _cell(extra.get("iso3")), "rights": _cell(extra.get("rights")), "email": info.email,
             "country": info.country}
    if any(v is not None for v in owner.values()):
        row.update(owner)
    row["snippet"] = _cell(snippet)
    row["vignette"] = _cell(extra.get("vignette"))
    if variant == "content":
        row["content"] = _content_cell(doc, extra) or None
    return row


def _media(doc: Document) -> list[str]:
    if doc.platform is None or not any(k == "media" for k, _ in doc.platform.extra or ()):
        return []
    media = _extra(doc.platform).get("media")
    return [m if isinstance(m, str) else json.dumps(m, ensure_ascii=False) for m in media] \
        if isinstance(media, list) else []


def _platform_tags(doc: Document) -> tuple[PlatformTag, ...]:
    """A document's tag rows: its platform tags, or (none recorded) those of its tag and index items, as the
    platform's tagging table holds them."""
    if doc.platform is not None and doc.platform.tags:
        return doc.platform.tags
    from ...model import GroupItem, MetaItem

    out: list[PlatformTag] = []

    def visit(items: Iterable[Item]) -> None:
        for item in items:
            if isinstance(item, GroupItem):
                for record in item.records:
                    visit(record)
            elif isinstance(item, MetaItem) and item.type in ("tag", "index") and item.name:
                tags = item.payload.get("tags")
                for tag in tags if isinstance(tags, list) else ():
                    if isinstance(tag, dict) and isinstance(tag.get("name"), str) and tag["name"]:
                        out.append(PlatformTag(type=item.name, name=tag["name"]))

    for section in doc.sections:
        visit(section.items)
    return tuple(out)


def _tag_types(docs: Sequence[Document]) -> dict[str, int]:
    """Tag types in name order (as the platform's tag query returns them), with the most tags any pad has."""
    counts: dict[str, int] = {}
    for doc in docs:
        per: dict[str, int] = {}
        for tag in _platform_tags(doc):
            per[tag.type] = per.get(tag.type, 0) + 1
        for name, n in per.items():
            counts[name] = max(counts.get(name, 0), n)
    return {name: counts[name] for name in sorted(counts)}


def _side_cells(doc: Document, media_max: int, location_max: int, tag_types: dict[str, int], variant: str
                ) -> dict[str, Cell]:
    out: dict[str, Cell] = {}
    if variant == "content":
        media = _media(doc)
        for k in range(media_max):
            out[f"media-{k + 1}"] = media[k] if k < len(media) else None
    info = doc.platform or PlatformInfo()
    tags = _platform_tags(doc) if tag_types else ()
    for i in range(location_max):
        loc = info.locations[i] if i < len(info.locations) else PlatformLocation()
        out[f"location-{i + 1}-lat"] = loc.lat
        out[f"location-{i + 1}-lng"] = loc.lng
        out[f"location-{i + 1}-iso3"] = loc.iso3 or None
        out[f"location-{i + 1}-country"] = loc.country or None
    by_type: dict[str, list[str]] = {}
    for tag in tags:
        by_type.setdefault(tag.type, []).append(tag.name)
    for name, count in tag_types.items():
        names = by_type.get(name, [])
        for j in range(count):
            out[f"{name}-tag-{j + 1}"] = (names[j] or None) if j < len(names) else None
    return out


def rows_from_documents(
    docs: Sequence[Document],
    *,
    variant: Literal["content", "questions"] = "content",
    side_columns: bool = True,
) -> tuple[tuple[str, ...], list[tuple[Cell, ...]]]:
    """The header and rows of ``docs`` as the platform writes its ``data-main`` sheet.

    ``content``: the header is every row's keys in first-seen order (rows of
    pads without an owner lack the owner columns); ``questions``: the keys of
    the row with the most keys, then the side columns. Numbers are ``int`` /
    ``float``, flags ``bool``, dates ``datetime`` where the document has a
    timestamp (the CSV writes ``m/d/yy``), text ``str``, empty ``None``.
    """
    if variant not in ("content", "questions"):
        raise ValueError(f"variant must be 'content' or 'questions', not {variant!r}")
    docs = list(docs)
    media_max = max((len(_media(d)) for d in docs), default=0) if side_columns else 0
    location_max = max((len(d.platform.locations) for d in docs if d.platform), default=0) if side_columns else 0
    tag_types = _tag_types(docs) if side_columns else {}
    tag_max = tag_counts(docs) if variant == "questions" else {}
    keyed: list[dict[str, Cell]] = []
    for doc in docs:
        row = _base(doc, variant)
        if variant == "questions":
            row.update(question_cells(doc, tag_max))
        keyed.append(row)
    if variant == "content":
        for doc, row in zip(docs, keyed):
            row.update(_side_cells(doc, media_max, location_max, tag_types, variant))
        header: dict[str, None] = {}
        for row in keyed:
            for key in row:
                header.setdefault(key, None)
        names = tuple(header)
    else:
        widest = max(keyed, key=len, default={})
        names = tuple(widest) if docs else tuple(BASE_COLUMNS)
        sides = [_side_cells(doc, media_max, location_max, tag_types, variant) for doc in docs]
        extra_names = tuple(sides[0]) if sides else ()
        names = names + tuple(n for n in extra_names if n not in names)
        for row, side in zip(keyed, sides):
            row.update(side)
    if not docs:
        names = BASE_COLUMNS + (("content",) if variant == "content" else ())
    return names, [tuple(row.get(name) for name in names) for row in keyed]
