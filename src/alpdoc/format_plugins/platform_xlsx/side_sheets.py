"""The workbook's side sheets: what the platform lists per pad beside ``data-main``.

========================  ==============================================  =====================================
sheet                     columns                                         read into
========================  ==============================================  =====================================
``data-media``            ``pad_id, image``                               image paths (see :mod:`.media`)
``metadata-tags``         ``pad_id, type, key, language, name``           :attr:`PlatformInfo.tags`
``metadata-locations``    ``pad_id, lat, lng, iso3, country``             :attr:`PlatformInfo.locations`
``metadata-other``        ``pad_id, type, name, key, value``              :attr:`PlatformInfo.metadata`
``metadata-engagement``   ``pad_id, type, count``                         ``PlatformInfo.extra["engagement"]``
``metadata-comments``     ``pad_id, message_id, response_to_message_id,   ``PlatformInfo.extra["comments"]``
                          user_id, date, message``
========================  ==============================================  =====================================

Columns are found by their header, in any order. The tag sheet names tag
lists as the platform shows them (``SDGs``, ``thematic areas``); they are
read back as the names pads use (``sdgs``, ``thematic_areas``), the ones the
CSV download's ``<type>-tag-N`` columns use. A tag's ``language`` and a
metadata row's ``key`` have no place in the model and are not kept.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from attrs import frozen

from ...model import PlatformInfo, PlatformLocation, PlatformMeta, PlatformTag
from .workbook_reader import Cell, Workbook, fail

__all__ = [
    "MAIN_SHEET",
    "SIDE_COLUMNS",
    "SideInfo",
    "read_side_sheets",
    "side_sheet_rows",
    "display_type",
    "stored_type",
    "EXTRA_SHEETS",
]

MAIN_SHEET = "data-main"
SIDE_COLUMNS: dict[str, tuple[str, ...]] = {
    "data-media": ("pad_id", "image"),
    "metadata-tags": ("pad_id", "type", "key", "language", "name"),
    "metadata-locations": ("pad_id", "lat", "lng", "iso3", "country"),
    "metadata-other": ("pad_id", "type", "name", "key", "value"),
    "metadata-engagement": ("pad_id", "type", "count"),
    "metadata-comments": ("pad_id", "message_id", "response_to_message_id", "user_id", "date", "message"),
}
"""Each side sheet's columns, in the platform's order (and the sheets in the platform's order)."""
_REQUIRED = {
    "data-media": ("pad_id", "image"),
    "metadata-tags": ("pad_id", "type", "name"),
    "metadata-locations": ("pad_id", "lat", "lng"),
    "metadata-other": ("pad_id", "name", "value"),
    "metadata-engagement": ("pad_id", "type", "count"),
    "metadata-comments": ("pad_id", "message"),
}
EXTRA_SHEETS = {"metadata-engagement": "engagement", "metadata-comments": "comments"}
"""Side sheets kept in :attr:`PlatformInfo.extra` (not compared), under these keys, as JSON lists of rows."""

_DISPLAY = {"sdgs": "SDGs", "thematic_areas": "thematic areas"}
_STORED = {shown: name for name, shown in _DISPLAY.items()}


def display_type(name: str) -> str:
    """A tag list's name as the tag sheet shows it (``sdgs`` -> ``SDGs``)."""
    return _DISPLAY.get(name, name)


def stored_type(shown: str) -> str:
    """A tag list's name as pads store it (``SDGs`` -> ``sdgs``, ``thematic areas`` -> ``thematic_areas``)."""
    return _STORED.get(shown, shown)


@frozen
class SideInfo:
    """What the side sheets say, per pad id."""

    media: dict[int, list[str]]
    tags: dict[int, list[PlatformTag]]
    locations: dict[int, list[PlatformLocation]]
    metadata: dict[int, list[PlatformMeta]]
    extra: dict[int, dict[str, list[dict[str, Any]]]]

    def tag_names(self) -> dict[str, int]:
        """Every tag list named in the tag sheet (by name), with the most tags one pad has in it."""
        counts: dict[str, int] = {}
        for tags in self.tags.values():
            per: dict[str, int] = {}
            for tag in tags:
                per[tag.type] = per.get(tag.type, 0) + 1
            for name, count in per.items():
                counts[name] = max(counts.get(name, 0), count)
        return {name: counts[name] for name in sorted(counts)}

    def join(self, info: PlatformInfo) -> PlatformInfo:
        """``info`` with the pad's tags, locations, metadata and extra sheets (its pad id's rows), where it has any."""
        from attrs import evolve

        pad = info.pad_id
        if pad is None:
            return info
        changes: dict[str, Any] = {}
        for name in ("tags", "locations", "metadata"):
            found = getattr(self, name).get(pad)
            if found:
                changes[name] = tuple(found)
        more = self.extra.get(pad)
        if more:
            kept = [(k, v) for k, v in (info.extra or ()) if k not in more]
            changes["extra"] = tuple(kept) + tuple((k, json.dumps(v, ensure_ascii=False)) for k, v in more.items())
        return evolve(info, **changes) if changes else info


def _text(value: Cell) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ")
    return str(value)


def _optional_integer(value: Cell, where: tuple[str, str, int, int], what: str) -> int | None:
    return None if value is None else _integer(value, where, what)


def _integer(value: Cell, where: tuple[str, str, int, int], what: str) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    fail(f"{what} must be a whole number, not {value!r}", *where, expected="an integer")


def _number(value: Cell, where: tuple[str, str, int, int], what: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            pass
    fail(f"{what} must be a number, not {value!r}", *where, expected="a number")


def _json_value(value: Cell) -> Any:
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ")
    return value


def _rows(book: Workbook, sheet: str) -> Iterator[tuple[int, dict[str, int], tuple[Cell, ...]]]:
    """The data rows of a side sheet with the position of each known column (a missing column fails)."""
    rows = book.rows(sheet)
    first = next(rows, None)
    header = first[1] if first else ()
    columns: dict[str, int] = {}
    for index, name in enumerate(header):
        if isinstance(name, str) and name.strip() in SIDE_COLUMNS[sheet] and name.strip() not in columns:
            columns[name.strip()] = index
    missing = [name for name in _REQUIRED[sheet] if name not in columns]
    if missing:
        fail(f"the header lacks the column{'s' if len(missing) > 1 else ''} {', '.join(missing)}", book.source,
             sheet, 1, len(header) + 1, expected="a header of " + ", ".join(SIDE_COLUMNS[sheet]))
    for number, cells in rows:
        if cells:
            yield number, columns, cells


def _row_access(
    source: str, sheet: str, number: int, columns: dict[str, int], cells: tuple[Cell, ...]
) -> tuple[Callable[[str], Cell], Callable[[str], tuple[str, str, int, int]]]:
    """The cell of a row under a column name, and where that cell is (for errors)."""

    def cell(name: str) -> Cell:
        index = columns.get(name)
        return cells[index] if index is not None and index < len(cells) else None

    def at(name: str) -> tuple[str, str, int, int]:
        return (source, sheet, number, columns[name] + 1)

    return cell, at


def read_side_sheets(book: Workbook) -> SideInfo:
    """Every side sheet of ``book``, grouped by pad id (rows in sheet order)."""
    side = SideInfo({}, {}, {}, {}, {})
    for sheet in SIDE_COLUMNS:
        if sheet not in book.sheetnames:
            continue
        for number, columns, cells in _rows(book, sheet):
            cell, at = _row_access(book.source, sheet, number, columns, cells)
            pad = _integer(cell("pad_id"), at("pad_id"), "pad_id")
            if sheet == "data-media":
                image = _text(cell("image"))
                if image is not None:
                    side.media.setdefault(pad, []).append(image)
            elif sheet == "metadata-tags":
                key = _optional_integer(cell("key"), at("key"), "a tag's key") if "key" in columns else None
                tag = PlatformTag(type=stored_type(_text(cell("type")) or ""), name=_text(cell("name")) or "",
                                  key=key)
                side.tags.setdefault(pad, []).append(tag)
            elif sheet == "metadata-locations":
                place = PlatformLocation(
                    lat=_number(cell("lat"), at("lat"), "lat"), lng=_number(cell("lng"), at("lng"), "lng"),
                    iso3=_text(cell("iso3")), country=_text(cell("country")))
                side.locations.setdefault(pad, []).append(place)
            elif sheet == "metadata-other":
                meta = PlatformMeta(name=_text(cell("name")) or "", value=_text(cell("value")) or "",
                                    type=_text(cell("type")))
                side.metadata.setdefault(pad, []).append(meta)
            else:
                record = {name: _json_value(cell(name)) for name in SIDE_COLUMNS[sheet] if name != "pad_id"}
                side.extra.setdefault(pad, {}).setdefault(EXTRA_SHEETS[sheet], []).append(record)
    return side


def _extra_rows(info: PlatformInfo, key: str, columns: Sequence[str]) -> list[tuple[Cell, ...]]:
    for name, text in info.extra or ():
        if name != key:
            continue
        try:
            records = json.loads(text)
        except ValueError:
            return []
        if not isinstance(records, list):
            return []
        out = []
        for record in records:
            if isinstance(record, dict):
                out.append((info.pad_id, *(_cell_value(record.get(c)) for c in columns[1:])))
        return out
    return []


def _cell_value(value: Any) -> Cell:
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return json.dumps(value, ensure_ascii=False)


def side_sheet_rows(
    infos: Iterable[PlatformInfo], media: dict[int, list[str]]
) -> list[tuple[str, tuple[str, ...], list[tuple[Cell, ...]]]]:
    """The side sheets holding ``infos``' lists (pads without a pad id have no row), non-empty ones only.

    ``media`` gives each pad's image paths for ``data-media``. Rows are sorted by pad id, as the platform sorts them.
    """
    rows: dict[str, list[tuple[Cell, ...]]] = {sheet: [] for sheet in SIDE_COLUMNS}
    ordered = sorted(((i.pad_id, i) for i in infos if i.pad_id is not None), key=lambda pair: pair[0])
    for pad in sorted(media):
        rows["data-media"].extend((pad, path) for path in media[pad])
    for pad, info in ordered:
        rows["metadata-tags"].extend(
            (pad, display_type(t.type) or None, t.key, None, t.name or None) for t in info.tags)
        rows["metadata-locations"].extend(
            (pad, p.lat, p.lng, p.iso3 or None, p.country or None) for p in info.locations)
        rows["metadata-other"].extend((pad, m.type or None, m.name or None, None, m.value or None)
                                      for m in info.metadata)
        for sheet, key in EXTRA_SHEETS.items():
            rows[sheet].extend(_extra_rows(info, key, SIDE_COLUMNS[sheet]))
    return [(sheet, SIDE_COLUMNS[sheet], found) for sheet, found in rows.items() if found]
