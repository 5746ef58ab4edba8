"""The ``geojson`` and ``platform-geojson`` formats: pads as map points.

The platform's GeoJSON download is a bare JSON array of Features, one per
location of each pad, whose ``properties`` are the pad's record (see
``docs/formats/geojson.md``). Both formats read that array, FeatureCollections
and a lone Feature; ``geojson`` writes a FeatureCollection, ``platform-geojson``
the platform's bare array. What reads back: the pad as ``pad-json`` keeps it
(locations the points cannot say stay in the properties); the platform's
own files give locations with coordinates only.
"""

from __future__ import annotations

import re

from ...hookspecs import hookimpl
from ...plugins import FormatSpec
from ...projection import read_back
from .reader import iter_geojson, read_geojson
from .writer import (
    features,
    write_feature_collection,
    write_feature_collection_all,
    write_platform_array,
    write_platform_array_all,
)

__all__ = ["iter_geojson", "read_geojson", "features", "project_geojson", "GEOJSON", "PLATFORM_GEOJSON"]

_ARRAY_OF_FEATURES = re.compile(rb'\[\s*\{\s*"type"\s*:\s*"Feature"\s*[,}]')
_FEATURE_OR_COLLECTION = re.compile(rb'\{\s*"type"\s*:\s*"Feature(?:Collection)?"\s*[,}]')


def _sniff(head: bytes) -> bool:
    """A bare array of Features, a FeatureCollection or a Feature (``"type"`` first, or a collection anywhere)."""
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if _ARRAY_OF_FEATURES.match(text) or _FEATURE_OR_COLLECTION.match(text):
        return True
    return text.startswith(b"{") and re.search(rb'"type"\s*:\s*"FeatureCollection"', text) is not None


project_geojson = read_back(write_feature_collection, read_geojson)
"""What a document reads back as from GeoJSON: the FeatureCollection alpdoc writes, read back."""

_project_platform = read_back(write_platform_array, read_geojson)


GEOJSON = FormatSpec(
    name="geojson",
    description="pads as GeoJSON map points: writes a FeatureCollection, reads the platform's array too",
    extensions=(".geojson",),
    sniff_extensions=(".json",),
    reader=read_geojson,
    writer=write_feature_collection,
    project=project_geojson,
    sniff=_sniff,
    read_all=iter_geojson,
    write_all=write_feature_collection_all,
    platform_content=True,
)

PLATFORM_GEOJSON = FormatSpec(
    name="platform-geojson",
    description="pads as the platform's GeoJSON download: a bare array of Features",
    aliases=("geojson-array",),
    extensions=(".geojson",),
    reader=read_geojson,
    writer=write_platform_array,
    project=_project_platform,
    sniff=_sniff,
    read_all=iter_geojson,
    write_all=write_platform_array_all,
    platform_content=True,
)


@hookimpl
def alpdoc_formats() -> list[FormatSpec]:
    return [GEOJSON, PLATFORM_GEOJSON]
