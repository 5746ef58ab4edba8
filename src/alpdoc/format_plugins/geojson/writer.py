"""Writing GeoJSON: a FeatureCollection (``geojson``) or the platform's bare array (``platform-geojson``).

Each document becomes one Feature per location that has both a latitude and
a longitude (a Point ``[lng, lat]``), or one Feature with a ``null`` geometry
when it has none. The properties are the pad as ``pad-json`` writes it, less
``locations`` when the points say all of them (as the platform writes it);
a location with a country, or without coordinates, keeps the list in the
properties. A document without a pad id, or whose pad id an earlier
document of the same file has, gets an ``id`` member (``document-<n>``) so
that its Features read back as its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from ...model import Document
from ..json.values import dumps
from ..pad_json.writer import pad_data

__all__ = ["features", "write_feature_collection", "write_feature_collection_all", "write_platform_array",
           "write_platform_array_all"]

_NAME = "GeoJSON"


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_point(location: Any) -> bool:
    return isinstance(location, dict) and _is_number(location.get("lat")) and _is_number(location.get("lng"))


def features(doc: Document, ident: str | None = None) -> list[dict[str, Any]]:
    """The Features of one document (``ident``: its ``id`` member, when it needs one).

    ``properties.locations`` is left out, as the platform leaves it out, when
    the points say all there is (each location a latitude and longitude
    only); otherwise it stays, and the reader takes it as the pad's.
    """
    props = pad_data(doc)
    locations = props.get("locations") or []
    if all(_is_point(loc) and all(v is None for k, v in loc.items() if k not in ("lat", "lng")) for loc in locations):
        props.pop("locations", None)
    head: dict[str, Any] = {"type": "Feature"}
    if ident is not None:
        head["id"] = ident
    points = [loc for loc in locations if _is_point(loc)]
    if not points:
        return [{**head, "properties": props, "geometry": None}]
    return [{**head, "properties": props, "geometry": {"type": "Point", "coordinates": [p["lng"], p["lat"]]}}
            for p in points]


def _all_features(docs: Iterable[Document]) -> list[dict[str, Any]]:
    seen: set[int] = set()
    out: list[dict[str, Any]] = []
    for n, doc in enumerate(docs, 1):
        pad_id = doc.platform.pad_id if doc.platform is not None else None
        ident = None
        if pad_id is None or pad_id in seen:
            ident = f"document-{n}"
        else:
            seen.add(pad_id)
        out.extend(features(doc, ident))
    return out


def write_feature_collection_all(docs: Sequence[Document]) -> str:
    """``docs`` as a FeatureCollection, one Feature a line."""
    body = ",\n".join(dumps(f, _NAME) for f in _all_features(docs))
    return '{"type": "FeatureCollection", "features": [\n' + body + ("\n" if body else "") + "]}\n"


def write_feature_collection(doc: Document) -> str:
    """One document as a FeatureCollection."""
    return write_feature_collection_all([doc])


def write_platform_array_all(docs: Sequence[Document]) -> str:
    """``docs`` as the platform writes them: a compact bare array of Features."""
    return dumps(_all_features(docs), _NAME, separators=(",", ":"))


def write_platform_array(doc: Document) -> str:
    """One document as a bare array of Features."""
    return write_platform_array_all([doc])
