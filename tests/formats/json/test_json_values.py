"""Both JSON readers refuse the same values, at their JSON path; both writers refuse what their reader would."""

from __future__ import annotations

import json
import math

import pytest

import alpdoc
from alpdoc.errors import AlpdocError, FormatError, ParseError
from alpdoc.format_plugins.json import read_json, write_json
from alpdoc.format_plugins.json.values import MAX_GROUP_DEPTH
from alpdoc.format_plugins.pad_json import project_pad_json, read_pad_json, write_pad_json
from alpdoc.model import Document, GroupItem, PlatformInfo, PlatformLocation, Section, TextItem


def _pad(**fields: object) -> str:
    return json.dumps({"pad_id": 1, "title": "t", "sections": [], **fields})


def _alpdoc(document: str) -> str:
    return '{"alpdoc": 1,\n "document": ' + document + "}"


def _error(read, text: str) -> ParseError:
    with pytest.raises(ParseError) as info:
        read(text)
    return info.value


# --------------------------------------------------------------------------- lone surrogates


def test_lone_surrogate_escape_is_refused_by_both_readers_at_its_path() -> None:
    pad = _error(read_pad_json, '{"pad_id":1,"title":"a\\ud800b","sections":[]}')
    assert pad.reason.startswith("$.title: lone surrogate escape")
    assert (pad.line, pad.column) == (1, 21)  # the opening quote of the title
    doc = _error(read_json, _alpdoc('{"title": "a\\ud800b"}'))
    assert doc.reason.startswith("$.document.title: lone surrogate escape")
    assert (doc.line, doc.column) == (2, 24)


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ('{"pad_id":1,"title":"t","sections":[{"items":[{"type":"txt","txt":"\\udfff"}]}]}',
         "$.sections[0].items[0].txt"),
        ('{"pad_id":1,"title":"t","sections":[],"k\\udc00":1}', "$: key"),
        ('{"pad_id":1,"title":"t","sections":[{"items":[{"type":"location","caption":"\\ud800"}]}]}',
         "$.sections[0].items[0].caption"),
        ('[{"pad_id":1,"title":"ok"}, {"pad_id":2,"title":"\\ud800"}]', "$[1].title"),
    ],
)
def test_lone_surrogates_anywhere_in_a_pad(text: str, path: str) -> None:
    with pytest.raises(ParseError, match="lone surrogate") as info:
        list(alpdoc.loads_all(text, "pad-json"))
    assert info.value.reason.startswith(path)


def test_raw_surrogate_in_str_input_and_paired_escapes() -> None:
    with pytest.raises(ParseError, match=r"\$\.title: lone surrogate"):
        read_pad_json('{"pad_id":1,"title":"a\ud800","sections":[]}')
    with pytest.raises(ParseError, match=r"\$\.document\.title: lone surrogate"):
        read_json('{"alpdoc":1,"document":{"title":"a\udc00"}}')
    assert read_pad_json('{"pad_id":1,"title":"\\ud83d\\ude00","sections":[]}').title == "\U0001f600"
    assert read_json('{"alpdoc":1,"document":{"title":"\\ud83d\\ude00"}}').title == "\U0001f600"


def test_writers_refuse_lone_surrogates_with_the_path() -> None:
    doc = Document(title="t", sections=(Section(items=(TextItem(text="a\ud800"),)),))
    with pytest.raises(FormatError, match=r"\$\.sections\[0\]\.items\[0\]\.txt: lone surrogate"):
        write_pad_json(doc)
    with pytest.raises(FormatError, match=r"\$\.document\.sections\[0\]\.items\[0\]\.text: lone surrogate"):
        write_json(doc)


# --------------------------------------------------------------------------- numbers


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity", "1e400", "-1.5e999"])
def test_non_finite_numbers_are_refused_by_both_readers(literal: str) -> None:
    pad = _error(read_pad_json, '{"pad_id": 1, "title": "t",\n "locations": [{"lat": ' + literal + "}]}")
    assert pad.reason.startswith("$.locations[0].lat: ")
    assert (pad.line, pad.column) == (2, 24)
    doc = _error(read_json, _alpdoc('{"platform": {"locations": [{"lat": ' + literal + "}]}}"))
    assert doc.reason.startswith("$.document.platform.locations[0].lat: ")
    assert (doc.line, doc.column) == (2, 50)


@pytest.mark.parametrize(
    ("pad", "path"),
    [
        ('{"pad_id":1,"title":"t","sections":[{"items":[{"type":"location","centerpoints":[{"lat":NaN}]}]}]}',
         "$.sections[0].items[0].centerpoints[0].lat"),
        ('{"pad_id":1,"title":"t","sections":[],"extra":[1,Infinity]}', "$.extra[1]"),
        ('{"count": 1, "data": [{"pad_id":1,"title":"t","status":NaN}]}', "$.data[0].status"),
    ],
)
def test_non_finite_numbers_anywhere_in_a_pad(pad: str, path: str) -> None:
    with pytest.raises(ParseError, match="JSON has no NaN") as info:
        list(alpdoc.loads_all(pad, "pad-json"))
    assert info.value.reason.startswith(path + ": ")


def test_writers_never_write_nan() -> None:
    doc = Document(platform=PlatformInfo(locations=(PlatformLocation(country="x", lat=math.nan, lng=math.inf),)))
    # pad JSON: a coordinate that is not a number is no coordinate (the projection says so)
    assert json.loads(write_pad_json(doc))["locations"] == [{"iso3": None, "country": "x", "lat": None, "lng": None}]
    with pytest.raises(FormatError, match=r"\$\.document\.platform\.locations\[0\]\.lat: nan is not a JSON number"):
        write_json(doc)
    nan_extra = Document(platform=PlatformInfo(extra=(("score", "NaN"),)))
    with pytest.raises(FormatError, match=r"\$\.score: nan is not a JSON number"):
        write_pad_json(nan_extra)


def test_long_numbers_carry_their_path() -> None:
    digits = "9" * 4000
    err = _error(read_pad_json, _pad(locations=[{"lat": 0}]).replace('"lat": 0', '"lat": ' + digits))
    assert err.reason.startswith("$.locations[0].lat: number too large")
    err = _error(read_json, _alpdoc('{"platform": {"locations": [{"lat": ' + digits + "}]}}"))
    assert err.reason.startswith("$.document.platform.locations[0].lat: number too large") and err.line == 2
    longer = "9" * 5000
    err = _error(read_pad_json, _pad(status=0).replace('"status": 0', '"status": ' + longer))
    assert err.reason.startswith("$.status: integer of 5000 digits is too long")
    err = _error(read_json, _alpdoc('{"platform": {"status": ' + longer + "}}"))
    assert err.reason.startswith("$.document.platform.status: integer of 5000 digits is too long")
    # 4,000 digits are an integer like any other: read and written back as they are
    big = read_pad_json(_pad(status=0).replace('"status": 0', '"status": ' + digits))
    assert big.platform.status == int(digits) and read_pad_json(write_pad_json(big)) == big
    with pytest.raises(FormatError, match=r"\$\.document\.platform\.pad_id: integer too long"):
        write_json(Document(platform=PlatformInfo(pad_id=10**5000)))
    with pytest.raises(FormatError, match=r"\$\.pad_id: integer too long"):
        write_pad_json(Document(platform=PlatformInfo(pad_id=10**5000)))


@pytest.mark.parametrize("value", ["--5", "5-", "- 5", "٣", "1e3", ""])
def test_integer_strings_of_stored_rows(value: str) -> None:
    err = _error(read_pad_json, '{"id": "1", "title": "t",\n "status": ' + json.dumps(value) + "}")
    assert err.reason.startswith("$.status: expected an integer or null, got string")
    assert (err.line, err.column) == (2, 12)
    assert read_pad_json('{"id": " -12 ", "title": "t"}').platform.pad_id == -12


# --------------------------------------------------------------------------- nesting


def _nested_pad(depth: int) -> str:
    item = '{"type": "group", "items": [[' * depth + '{"type": "txt", "txt": "x"}' + "]]}" * depth
    return '{"pad_id": 1, "title": "t", "sections": [{"title": "s", "items": [' + item + "]}]}"


def _nested_doc(depth: int) -> Document:
    item: TextItem | GroupItem = TextItem(text="x")
    for _ in range(depth):
        item = GroupItem(records=((item,),))
    return Document(title="t", sections=(Section(items=(item,)),))


def test_groups_as_deep_as_allowed_read_and_write_in_both_formats() -> None:
    doc = read_pad_json(_nested_pad(MAX_GROUP_DEPTH))
    assert read_pad_json(write_pad_json(doc)) == doc
    assert read_json(write_json(doc)) == doc
    assert read_json(write_json(_nested_doc(MAX_GROUP_DEPTH))) == _nested_doc(MAX_GROUP_DEPTH)


def test_groups_nested_deeper_are_refused_cleanly_both_ways() -> None:
    err = _error(read_pad_json, _nested_pad(300))
    path = "$.sections[0].items[0]" + ".items[0][0]" * MAX_GROUP_DEPTH
    assert err.reason == f"{path}: groups nested too deeply (more than {MAX_GROUP_DEPTH} levels)"
    with pytest.raises(ParseError, match="nested too deeply"):
        read_pad_json(_nested_pad(5000))  # deeper than the JSON decoder goes
    deep = _nested_doc(300)
    for write in (write_pad_json, write_json, project_pad_json):
        with pytest.raises(FormatError, match="groups nested too deeply"):
            write(deep)
    with pytest.raises(AlpdocError, match="nested too deeply"):
        alpdoc.dumps(deep, "pad-json")
    document = json.loads(write_json(_nested_doc(MAX_GROUP_DEPTH)))["document"]
    wrapped = {"alpdoc": 1, "document": {"sections": [{"items": [{"kind": "group", "records": [
        document["sections"][0]["items"]]}]}]}}
    err = _error(read_json, json.dumps(wrapped))
    assert err.reason.startswith("$.document.sections[0].items[0]" + ".records[0][0]" * MAX_GROUP_DEPTH)


# --------------------------------------------------------------------------- byte order mark


def test_a_utf8_byte_order_mark_is_accepted_by_both_readers() -> None:
    bom = b"\xef\xbb\xbf"
    assert read_pad_json(bom + _pad(title="café").encode()).title == "café"
    assert read_json(bom + write_json(Document(title="café")).encode()).title == "café"
    assert alpdoc.loads(bom + _pad().encode(), "pad-json").platform.pad_id == 1
