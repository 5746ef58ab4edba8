"""The geojson and platform-geojson formats: the platform's Feature array, FeatureCollections, many pads."""

from __future__ import annotations

import json

import pytest
from attrs import evolve
from conftest import SHARED, need

import alpdoc
from alpdoc.format_plugins.geojson import project_geojson
from alpdoc.model import PlatformLocation
from alpdoc.testing import check_format, hostile_documents, pad_documents

GENERATED = SHARED / "samples" / "platform-exports" / "generated"
PAD_JSON = SHARED / "samples" / "pad-json"


def _feature(pad_id, lng=1.5, lat=2.5, **props):
    geometry = None if lng is None else {"type": "Point", "coordinates": [lng, lat]}
    return {"type": "Feature", "properties": {"pad_id": pad_id, "title": f"pad {pad_id}", **props},
            "geometry": geometry}


@pytest.mark.parametrize("name", ["geojson", "platform-geojson"])
def test_conforms(name):
    check_format(name, max_examples=25)


def test_conforms_with_platform_pads():
    from hypothesis import strategies as st

    check_format("geojson", docs=st.one_of(pad_documents(), hostile_documents(platform=True)), max_examples=25)


def test_every_pad_of_the_platform_geojson_matches_pads_json():
    geo = list(alpdoc.read_all(need(GENERATED / "pads-except-57-58.geojson.json")))
    pads = {d.platform.pad_id: d for d in alpdoc.read_all(need(GENERATED / "pads.json"))}
    assert len(geo) == 17
    assert {d.platform.pad_id for d in geo} == set(pads) - {57, 58}
    for doc in geo:
        pad = pads[doc.platform.pad_id]
        # the platform's points: each location's coordinates, its country unknown
        points = tuple(PlatformLocation(lat=loc.lat, lng=loc.lng) for loc in pad.platform.locations)
        assert doc == evolve(pad, platform=evolve(pad.platform, locations=points)), doc.platform.pad_id
        assert alpdoc.convert_doc(pad, "geojson", warn=False).report.lossless  # alpdoc's own GeoJSON keeps them
        assert all(loc.country is None and loc.iso3 is None and loc.lat is not None for loc in doc.platform.locations)
        stored = alpdoc.read(need(PAD_JSON / f"pad-{doc.platform.pad_id}.json"))
        assert (doc.title, [s.title for s in doc.sections]) == (stored.title, [s.title for s in stored.sections])


def test_json_files_of_features_are_detected_and_pad_arrays_are_not(tmp_path):
    features = tmp_path / "solutions-mapping_data.json"
    features.write_text(json.dumps([_feature(1), _feature(2)]))
    assert alpdoc.detect_format(features).name == "geojson"
    pads = tmp_path / "pads.json"
    pads.write_text(json.dumps([{"pad_id": 1, "title": "a", "sections": []}]))
    assert alpdoc.detect_format(pads).name == "pad-json"
    collection = tmp_path / "map.json"
    collection.write_text(json.dumps({"features": [_feature(1)], "type": "FeatureCollection"}))
    assert alpdoc.detect_format(collection).name == "geojson"
    assert alpdoc.format_for_path(tmp_path / "out.json", mode="write").name == "json"  # never picks a writer


def test_features_of_one_pad_are_its_locations_in_order():
    data = json.dumps([_feature(7, 1, 2), _feature(8, 5, 6), _feature(7, 3, 4)])
    docs = list(alpdoc.loads_all(data, "geojson"))
    assert [d.platform.pad_id for d in docs] == [7, 8]
    assert [(loc.lng, loc.lat) for loc in docs[0].platform.locations] == [(1.0, 2.0), (3.0, 4.0)]


def test_a_feature_collection_and_the_platform_array_read_the_same():
    features = [_feature(1), _feature(2, None)]
    bare = list(alpdoc.loads_all(json.dumps(features), "geojson"))
    collection = list(alpdoc.loads_all(json.dumps({"type": "FeatureCollection", "features": features}), "geojson"))
    assert bare == collection
    assert bare[1].platform.locations == ()


def test_write_all_keeps_documents_without_or_with_repeated_pad_ids_apart():
    plain = alpdoc.loads("# A plan\n\nSome text.\n", "archive-md")
    pad = alpdoc.loads(json.dumps({"pad_id": 4, "title": "x", "sections": [],
                                   "locations": [{"lat": 1, "lng": 2}, {"lat": 3, "lng": 4}]}), "pad-json")
    docs = [plain, pad, pad, plain]
    for name in ("geojson", "platform-geojson"):
        text = alpdoc.dumps_all(docs, name)
        back = list(alpdoc.loads_all(text, name))
        assert back == [project_geojson(d) for d in docs]
    bare = json.loads(alpdoc.dumps_all([pad], "platform-geojson"))
    assert [f["geometry"]["coordinates"] for f in bare] == [[2.0, 1.0], [4.0, 3.0]]
    assert all("id" not in f and "locations" not in f["properties"] for f in bare)  # the platform's shape


def test_locations_the_points_cannot_say_stay_in_the_properties():
    pad = alpdoc.loads(json.dumps({"pad_id": 4, "title": "x", "sections": [], "locations": [
        {"iso3": "ZMB", "country": "Zambia", "lat": 1, "lng": 2}, {"iso3": "COL"}]}), "pad-json")
    (feature,) = json.loads(alpdoc.dumps(pad, "platform-geojson"))
    assert feature["geometry"]["coordinates"] == [2.0, 1.0]
    assert len(feature["properties"]["locations"]) == 2
    assert alpdoc.loads(alpdoc.dumps(pad, "geojson"), "geojson") == pad
    assert json.loads(alpdoc.dumps_all([pad], "geojson"))["type"] == "FeatureCollection"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([_feature(1), {"type": "Feature", "properties": {"title": "t"}, "geometry": None}],
         r"\$\[1\]\.properties: a Feature without a pad id"),
        ([_feature(None)], r"\$\[0\]\.properties\.pad_id: a Feature without a pad id"),
        ([{"type": "Feature", "properties": None}], r"\$\[0\]\.properties: expected the pad's properties"),
        ([_feature(1), {"type": "Point"}], r"\$\[1\]: expected a Feature object"),
        ([{"type": "Feature", "properties": {"pad_id": 1}, "geometry": {"type": "Point", "coordinates": [1]}}],
         r"\$\[0\]\.geometry\.coordinates: expected coordinates"),
        ([{"type": "Feature", "properties": {"pad_id": 1}, "geometry": {"type": "Polygon", "coordinates": []}}],
         r"\$\[0\]\.geometry\.type: expected a Point or MultiPoint"),
        ({"type": "FeatureCollection", "features": 3}, r"\$\.features: expected an array of Features"),
        ({"type": "Topology"}, r"\$: expected a FeatureCollection"),
    ],
)
def test_bad_input_names_the_json_path(data, message):
    text = json.dumps(data, indent=1)
    with pytest.raises(alpdoc.ParseError, match=message) as err:
        list(alpdoc.loads_all(text, "geojson", source="x.geojson"))
    assert err.value.line is not None and err.value.column is not None


def test_one_document_reader_refuses_several_pads():
    with pytest.raises(alpdoc.ParseError, match="2 pads in the input"):
        alpdoc.loads(json.dumps([_feature(1), _feature(2)]), "geojson")
    with pytest.raises(alpdoc.ParseError, match="no pad in the input"):
        alpdoc.loads("[]", "geojson")


def test_malformed_json_is_a_parse_error_with_a_position():
    with pytest.raises(alpdoc.ParseError, match="malformed JSON") as err:
        alpdoc.loads('[{"type": "Feature",]', "geojson")
    assert err.value.line == 1
