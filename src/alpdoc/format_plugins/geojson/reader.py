"""Reading GeoJSON: the platform's bare array of Features, FeatureCollections, a lone Feature.

Each Feature is one location of a pad: its ``properties`` are the pad's
record (read as ``pad-json`` reads a pad) and its Point is the location
(``[lng, lat]``; the country is unknown). Properties that hold ``locations``
themselves (alpdoc writes them for locations the points cannot say: a
country, no coordinates) give the pad's locations instead. Features are grouped by
``properties.pad_id`` (or by the Feature's ``id`` member when it has one:
alpdoc writes one for documents without a pad id, or with one another
document of the file has), in order of first appearance. The properties of
a pad's first Feature are the pad's.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

from ...errors import ParseError
from ...model import Document
from ...options import ReaderOptions
from ..json.reader import _decode, _locate
from ..json.values import DECODER, decode_flags, reading_problem, where
from ..pad_json.reader import ShapeError, pad_to_document

__all__ = ["iter_geojson", "read_geojson"]

Path = list[Any]


def _error(text: str, path: Path, message: str, source: str | None) -> ParseError:
    return ParseError.at_offset(f"{where(path)}: {message}", text, _locate(text, path), source=source)


def _parse(text: str, source: str | None, raw_surrogates: bool) -> Any:
    start = len(text) - len(text.lstrip())
    flags = decode_flags(text, raw_surrogates)
    try:
        value, end = DECODER.raw_decode(text, start)
    except ValueError as exc:
        pos = getattr(exc, "pos", start)
        msg = getattr(exc, "msg", str(exc))
        raise ParseError.at_offset(f"malformed JSON: {msg}", text, pos, source=source) from None
    except RecursionError:
        raise ParseError.at_offset("malformed JSON: nested too deeply", text, start, source=source) from None
    if text[end:].strip():
        rest = end + len(text[end:]) - len(text[end:].lstrip())
        raise ParseError.at_offset("malformed JSON: text after the end of the value", text, rest, source=source)
    problem = reading_problem(value, flags)
    if problem is not None:
        raise _error(text, list(problem[0]), problem[1], source)
    return value


def _features(value: Any, text: str, source: str | None) -> list[tuple[Path, Any]]:
    if isinstance(value, list):
        return [([i], f) for i, f in enumerate(value)]
    if isinstance(value, dict) and value.get("type") == "FeatureCollection":
        features = value.get("features")
        if not isinstance(features, list):
            raise _error(text, ["features"], "expected an array of Features", source)
        return [(["features", i], f) for i, f in enumerate(features)]
    if isinstance(value, dict) and value.get("type") == "Feature":
        return [([], value)]
    raise _error(text, [], "expected a FeatureCollection, a Feature or an array of Features", source)


def _point(coords: Any, path: Path, text: str, source: str | None) -> dict[str, float]:
    if (
        not isinstance(coords, list)
        or len(coords) < 2
        or not all(isinstance(c, (int, float)) and not isinstance(c, bool) for c in coords[:2])
        or not all(math.isfinite(c) for c in coords[:2])
    ):
        raise _error(text, path, "expected coordinates [longitude, latitude] (two numbers)", source)
    return {"lat": float(coords[1]), "lng": float(coords[0])}


def _points(feature: dict[str, Any], path: Path, text: str, source: str | None) -> list[dict[str, float]]:
    geometry = feature.get("geometry")
    if geometry is None:
        return []
    gpath = [*path, "geometry"]
    if not isinstance(geometry, dict):
        raise _error(text, gpath, "expected a geometry object or null", source)
    kind = geometry.get("type")
    coords = geometry.get("coordinates")
    if kind == "Point":
        return [_point(coords, [*gpath, "coordinates"], text, source)]
    if kind == "MultiPoint" and isinstance(coords, list):
        return [_point(c, [*gpath, "coordinates", i], text, source) for i, c in enumerate(coords)]
    raise _error(text, [*gpath, "type"], f"expected a Point or MultiPoint geometry, not {kind!r}", source)


def _key(feature: dict[str, Any], props: dict[str, Any], path: Path, text: str, source: str | None) -> tuple[str, str]:
    if "id" in feature:
        return "id", repr(feature["id"])
    pad_id = props.get("pad_id")
    if pad_id is None or isinstance(pad_id, bool) or not isinstance(pad_id, (int, str)):
        raise _error(text, [*path, "properties", "pad_id"] if "pad_id" in props else [*path, "properties"],
                     "a Feature without a pad id (properties.pad_id, or an id member): cannot tell its pad", source)
    return "pad", repr(pad_id)


def _groups(value: Any, text: str, source: str | None) -> list[tuple[Path, dict[str, Any], list[dict[str, float]]]]:
    groups: dict[tuple[str, str], tuple[Path, dict[str, Any], list[dict[str, float]]]] = {}
    for path, feature in _features(value, text, source):
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            raise _error(text, path, 'expected a Feature object ({"type": "Feature", ...})', source)
        props = feature.get("properties")
        if not isinstance(props, dict):
            raise _error(text, [*path, "properties"], "expected the pad's properties (an object)", source)
        key = _key(feature, props, path, text, source)
        points = _points(feature, path, text, source)
        if key in groups:
            groups[key][2].extend(points)
        else:
            groups[key] = (path, props, points)
    return list(groups.values())


def _document(
    path: Path, props: dict[str, Any], points: list[dict[str, float]], text: str, options: ReaderOptions
) -> Document:
    record = props if "locations" in props else {**props, "locations": points}
    where_props = [*path, "properties"]
    try:
        return pad_to_document(record, where_props, templates=options.templates)
    except ShapeError as exc:
        raise _error(text, exc.path, exc.message, options.source) from None
    except RecursionError:
        raise _error(text, where_props, "pad nested too deeply", options.source) from None


def iter_geojson(data: bytes | str, options: ReaderOptions | None = None) -> Iterator[Document]:
    """Every pad of a GeoJSON input (see the module's docstring), one document each."""
    options = options if options is not None else ReaderOptions()
    text = _decode(data, options.source)
    groups = _groups(_parse(text, options.source, isinstance(data, str)), text, options.source)
    for path, props, points in groups:
        yield _document(path, props, points, text, options)


def read_geojson(data: bytes | str, options: ReaderOptions | None = None) -> Document:
    """The one pad of a GeoJSON input (all its Features); several pads are a :class:`ParseError`."""
    options = options if options is not None else ReaderOptions()
    docs = list(iter_geojson(data, options))
    if len(docs) != 1:
        what = "no pad" if not docs else f"{len(docs)} pads"
        raise ParseError(f"{what} in the input; read a file of several with alpdoc.read_all / loads_all",
                         source=options.source)
    return docs[0]
