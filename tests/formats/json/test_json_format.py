"""The ``json`` format: round trips (layout included), the envelope, errors, schema."""

from __future__ import annotations

import json
import typing

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import alpdoc
from alpdoc.errors import ParseError
from alpdoc.format_plugins.json import FORMAT_VERSION, converter, json_schema, read_json, write_json
from alpdoc.model import (
    ChoiceItem,
    Document,
    DocumentLayout,
    GroupItem,
    HeaderEntry,
    Image,
    ImageItem,
    ItemLayout,
    LinkItem,
    MosaicItem,
    Option,
    Section,
    SectionLayout,
    Tag,
    TagRun,
    TextItem,
)

# --------------------------------------------------------------------------- documents


def full_document() -> Document:
    """Every item kind, nested group records, and layout objects at every level."""
    partner = (
        TextItem(instruction="Name", text="UNDP", layout=ItemLayout(gaps=(1, 1))),
        LinkItem(instruction="Website", url="https://undp.org", text=None),
    )
    return Document(
        title="Plan ✓ — ünïcode",
        tags=(Tag(key="type", value="learningplan"), Tag(key="sdgs", value="14. Life below water")),
        sections=(
            Section(
                title="",
                lead="",
                items=(TextItem(instruction=None, text="intro\n\nwith blank line"),),
                layout=SectionLayout(heading=False, lead_line=False, lead_gap=0),
            ),
            Section(
                title="Aims",
                lead="Why we do it",
                items=(
                    TextItem(instruction="What?", text=""),
                    ChoiceItem(
                        instruction="Pick one",
                        options=(Option(name="a"), Option(name="b", checked=False)),
                        multiple=False,
                        layout=ItemLayout(gaps=(1, 0, 2)),
                    ),
                    ImageItem(instruction="Photo", src="img/a.png", alt="a fish"),
                    MosaicItem(images=(Image(src="1.png"), Image(src="2.png", alt="two"))),
                    LinkItem(instruction="Link", url="https://example.org", text="Example"),
                    GroupItem(
                        instruction="Partners",
                        records=(
                            partner,
                            (GroupItem(instruction="Inner", records=((TextItem(text="deep"),), ())),),
                            (),
                        ),
                        layout=ItemLayout(gaps=(1,), sizes=(2, 1)),
                    ),
                ),
                layout=SectionLayout(heading_gap=1, tag_runs=(TagRun(before_item=2, count=1, gap=1),)),
            ),
        ),
        layout=DocumentLayout(
            leading_blanks=1,
            header=(HeaderEntry(kind="title", gap=1), HeaderEntry(kind="tags", count=2), HeaderEntry(kind="raw", raw="x")),
            final_newline=False,
        ),
    )


def assert_same(a: Document, b: Document) -> None:
    assert a == b
    assert converter.unstructure(a) == converter.unstructure(b)  # layout too (it is eq=False)


def test_round_trip_every_item_kind_with_layout() -> None:
    doc = full_document()
    text = write_json(doc)
    back = read_json(text)
    assert_same(back, doc)
    assert back.layout == doc.layout and back.layout is not None
    assert write_json(back) == text
    assert_same(read_json(text.encode("utf-8")), doc)


def test_layout_difference_is_kept() -> None:
    doc = full_document()
    other = Document(title=doc.title, tags=doc.tags, sections=doc.sections)  # no document layout
    assert other == doc  # layout is not part of equality...
    assert converter.unstructure(read_json(write_json(other))) != converter.unstructure(doc)  # ...but is written
    assert read_json(write_json(other)).layout is None


def test_envelope_and_every_field_written() -> None:
    empty = json.loads(write_json(Document()))
    assert list(empty) == ["alpdoc", "document"] and empty["alpdoc"] == FORMAT_VERSION == 2
    assert list(empty["document"]) == [a.name for a in attrs.fields(Document)]  # defaults included, in field order
    assert empty["document"]["title"] == "" and empty["document"]["sections"] == [] and empty["document"]["platform"] is None
    data = json.loads(write_json(full_document()))
    section = data["document"]["sections"][0]
    assert section["title"] == "" and section["layout"]["heading"] is False and section["layout"]["lead_gap"] == 0
    items = data["document"]["sections"][1]["items"]
    assert [i["kind"] for i in items] == ["text", "choice", "image", "mosaic", "link", "group"]
    assert all(next(iter(i)) == "kind" for i in items)  # the tag comes first
    assert [set(o) for o in items[1]["options"]] == [{a.name for a in attrs.fields(Option)}] * 2
    nested = items[5]["records"][1][0]
    assert next(iter(nested)) == "kind" and nested["records"][0][0]["text"] == "deep"
    assert items[0]["text"] == "" and items[0]["instruction"] == "What?"  # "" written, not left out
    assert data["document"]["sections"][0]["items"][0]["instruction"] is None  # None written as null
    assert "ü" in write_json(full_document())  # ensure_ascii=False


def _every_class(cls: type, seen: set[type]) -> set[type]:
    """``cls`` and every attrs class its fields can hold (the model's tree)."""
    if cls in seen or not attrs.has(cls):
        return seen
    seen.add(cls)
    hints = typing.get_type_hints(cls)
    stack = [hints[a.name] for a in attrs.fields(cls)]
    while stack:
        tp = stack.pop()
        stack.extend(typing.get_args(tp))
        if attrs.has(tp):
            _every_class(tp, seen)
    return seen


def test_every_key_is_present_for_every_class() -> None:
    """Every object in the written JSON has every field of its class (a field added to the model included)."""
    classes = {c.__name__: c for c in _every_class(Document, set())}
    schema_defs = json_schema()["$defs"]

    def walk(value: object, schema: dict) -> int:
        checked = 0
        if "$ref" in schema:
            schema = schema_defs[schema["$ref"].rsplit("/", 1)[1]]
        if isinstance(value, dict) and "oneOf" in schema:
            (schema,) = [s for s in (schema_defs[r["$ref"].rsplit("/", 1)[1]] for r in schema["oneOf"])
                         if s["properties"]["kind"]["const"] == value["kind"]]
        if isinstance(value, dict) and "properties" in schema:
            assert set(value) == set(schema["properties"]) == set(schema["required"])
            checked += 1
            for key, sub in value.items():
                checked += walk(sub, schema["properties"][key])
        elif isinstance(value, list):
            for sub in value:
                for option in schema.get("anyOf", [schema]):
                    if option.get("type") == "array":
                        checked += walk(sub, option["items"])
        elif isinstance(value, dict) and "anyOf" in schema:
            for option in schema["anyOf"]:
                if option.get("type") != "null":
                    checked += walk(value, option)
        return checked

    assert walk(json.loads(write_json(full_document()))["document"], schema_defs["Document"]) > 20
    for name, cls in classes.items():
        assert schema_defs[name]["required"][-len(attrs.fields(cls)):] == [a.name for a in attrs.fields(cls)]


def test_version_1_reads_with_missing_keys_as_defaults() -> None:
    """Files written by alpdoc before version 2 left default-valued keys out; they read the same document."""
    doc = full_document()
    compact = {"alpdoc": 1, "document": converter.unstructure(doc)}  # exactly what version 1 wrote
    assert "title" not in compact["document"]["sections"][0]
    back = read_json(json.dumps(compact))
    assert_same(back, doc)
    assert converter.unstructure(back) == converter.unstructure(doc)  # layout too
    assert read_json('{"alpdoc": 1, "document": {}}') == Document()
    assert read_json('{"alpdoc": 2, "document": {"title": "t"}}') == Document(title="t")  # hand-written: tolerant too
    assert json.loads(write_json(read_json('{"alpdoc": 1, "document": {}}')))["document"]["title"] == ""


def test_registered_as_plugin() -> None:
    spec = alpdoc.get_format("json")
    assert spec.extensions == (".json",) and spec.can_read and spec.can_write
    doc = full_document()
    assert_same(alpdoc.loads(alpdoc.dumps(doc, "json"), "json"), doc)
    assert spec.project(doc) is doc
    assert spec.sniff(b'\n  {\n  "alpdoc": 1, "document": {}}')
    assert spec.sniff(write_json(doc).encode()[:4096])
    assert not spec.sniff(b'{"something": "else"}')
    assert not spec.sniff(b"# Title\n\n[[type:x]]\n")


def test_reader_accepts_bom_and_source() -> None:
    assert read_json("\ufeff" + write_json(Document(title="x"))).title == "x"
    with pytest.raises(ParseError) as info:
        read_json("{", source="plan.json")
    assert str(info.value).startswith("plan.json:1:2:")


# --------------------------------------------------------------------------- errors


def test_malformed_json_line_and_column() -> None:
    text = '{\n  "alpdoc": 1,\n  "document": {\n    "title": "x",\n  }\n}\n'
    with pytest.raises(ParseError) as info:
        read_json(text)
    err = info.value
    assert (err.line, err.column) == (5, 3)
    assert err.text == "  }"
    assert "malformed JSON" in err.reason


def test_invalid_utf8() -> None:
    with pytest.raises(ParseError) as info:
        read_json(b'{"alpdoc": 1,\n "document": {"title": "caf\xe9"}}')
    assert (info.value.line, info.value.column) == (2, 28) and "UTF-8" in str(info.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"document": {}}', "$: not alpdoc JSON: no 'alpdoc' version key (supported versions: 1, 2)"),
        ('{"alpdoc": 3, "document": {}}', "$.alpdoc: unsupported alpdoc JSON version 3 (supported versions: 1, 2)"),
        ('{"alpdoc": "1", "document": {}}', "$.alpdoc: unsupported alpdoc JSON version '1'"),
        ('{"alpdoc": true, "document": {}}', "$.alpdoc: unsupported alpdoc JSON version true"),
        ('{"alpdoc": 1}', "$: missing required field 'document'"),
        ('{"alpdoc": 1, "document": {}, "extra": 0}', "$: unknown field 'extra'"),
        ('[{"alpdoc": 1}]', "$: expected an object"),
        ('{"alpdoc": 1, "document": []}', "$.document: expected an object, got an array"),
    ],
)
def test_envelope_errors(text: str, message: str) -> None:
    with pytest.raises(ParseError) as info:
        read_json(text)
    assert info.value.reason.startswith(message)


def _data() -> dict:
    return json.loads(write_json(full_document()))


def _error(data: dict) -> ParseError:
    text = json.dumps(data, indent=2)
    with pytest.raises(ParseError) as info:
        read_json(text)
    return info.value


def test_unknown_item_kind_names_path_and_position() -> None:
    data = _data()
    data["document"]["sections"][1]["items"][4]["kind"] = "foo"
    err = _error(data)
    assert err.reason.startswith("$.document.sections[1].items[4].kind: unknown item kind 'foo' (expected one of:")
    assert err.text is not None and err.text.strip() == '"kind": "foo",'
    assert err.text[err.column - 1 :].startswith('"foo"')


def test_nested_record_errors_name_the_path() -> None:
    data = _data()
    data["document"]["sections"][1]["items"][5]["records"][1][0]["records"][0][0]["text"] = 5
    err = _error(data)
    assert err.reason == "$.document.sections[1].items[5].records[1][0].records[0][0].text: expected a string, got number 5"
    assert err.text is not None and err.text[err.column - 1 :].rstrip(",") == "5"


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda d: d["document"].update(tags="abc"), "$.document.tags: expected an array, got string 'abc'"),
        (lambda d: d["document"]["tags"][1].pop("key"), "$.document.tags[1].key: missing required field"),
        (lambda d: d["document"]["sections"][1]["items"][0].pop("kind"), "$.document.sections[1].items[0]: item without a 'kind'"),
        (lambda d: d["document"]["sections"][1]["items"].__setitem__(2, "img"), "$.document.sections[1].items[2]: expected an item object, got string 'img'"),
        (lambda d: d["document"]["sections"][1]["items"][1]["options"][0].update(checked="yes"), "$.document.sections[1].items[1].options[0].checked: expected true or false, got string 'yes'"),
        (lambda d: d["document"]["sections"][0]["layout"].update(lead_gap=True), "$.document.sections[0].layout.lead_gap: expected an integer, got true"),
        (lambda d: d["document"]["sections"][1]["items"][0].update(instruction=3), "$.document.sections[1].items[0].instruction: expected a string or null, got number 3"),
        (lambda d: d["document"]["sections"][1].update(layout=[1]), "$.document.sections[1].layout: expected an object or null, got an array"),
        (lambda d: d["document"]["sections"][1]["items"][3].update(colour="red"), "$.document.sections[1].items[3]: unknown field 'colour'"),
        (lambda d: d["document"]["layout"]["header"][0].pop("kind"), "$.document.layout.header[0].kind: missing required field"),
        (lambda d: d["document"].update(title="\ud800"), "$.document.title: lone surrogate"),
    ],
)
def test_wrong_shapes_name_the_json_path(edit, message: str) -> None:
    data = _data()
    edit(data)
    assert _error(data).reason.startswith(message)


def test_several_problems_are_counted() -> None:
    data = _data()
    data["document"]["title"] = 1
    data["document"]["tags"][0]["value"] = 2
    assert _error(data).reason == "$.document.title: expected a string, got number 1 (and 1 more problem)"


def test_deep_nesting_is_a_parse_error() -> None:
    with pytest.raises(ParseError, match="nested too deeply"):
        read_json('{"alpdoc": 1, "document": ' + "[" * 100_000 + "]" * 100_000 + "}")
    item = '{"kind": "text"}'
    for _ in range(400):
        item = '{"kind": "group", "records": [[' + item + "]]}"
    with pytest.raises(ParseError, match="nested too deeply"):
        read_json('{"alpdoc": 1, "document": {"sections": [{"items": [' + item + "]}]}}")


# --------------------------------------------------------------------------- generated documents

texts = st.text(max_size=8)
opt_texts = st.none() | texts
ints = st.integers(min_value=-2, max_value=2**40)


def tuples(strategy: st.SearchStrategy, max_size: int = 3) -> st.SearchStrategy:
    return st.lists(strategy, max_size=max_size).map(tuple)


item_layouts = st.none() | st.builds(ItemLayout, gaps=tuples(ints), sizes=tuples(ints))
leaf_items = st.one_of(
    st.builds(TextItem, instruction=opt_texts, text=texts, layout=item_layouts),
    st.builds(
        ChoiceItem,
        instruction=opt_texts,
        options=tuples(st.builds(Option, name=texts, checked=st.booleans())),
        multiple=st.booleans(),
        layout=item_layouts,
    ),
    st.builds(ImageItem, instruction=opt_texts, src=texts, alt=texts, layout=item_layouts),
    st.builds(MosaicItem, instruction=opt_texts, images=tuples(st.builds(Image, src=texts, alt=texts)), layout=item_layouts),
    st.builds(LinkItem, instruction=opt_texts, url=texts, text=opt_texts, layout=item_layouts),
)
items = st.recursive(
    leaf_items,
    lambda inner: st.builds(GroupItem, instruction=opt_texts, records=tuples(tuples(inner)), layout=item_layouts),
    max_leaves=8,
)
section_layouts = st.none() | st.builds(
    SectionLayout,
    heading=st.booleans(),
    heading_gap=ints,
    lead_line=st.booleans(),
    lead_gap=ints,
    tag_runs=tuples(st.builds(TagRun, before_item=ints, count=ints, gap=ints)),
)
document_layouts = st.none() | st.builds(
    DocumentLayout,
    leading_blanks=ints,
    header=tuples(
        st.builds(HeaderEntry, kind=st.sampled_from(["title", "tags", "raw"]), gap=ints, count=ints, raw=texts)
    ),
    final_newline=st.booleans(),
)
documents = st.builds(
    Document,
    title=texts,
    tags=tuples(st.builds(Tag, key=texts, value=texts)),
    sections=tuples(
        st.builds(Section, title=texts, lead=texts, items=tuples(items, 4), layout=section_layouts), max_size=3
    ),
    layout=document_layouts,
)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | texts,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3),
    max_leaves=10,
)

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(documents)
def test_generated_documents_round_trip(doc: Document) -> None:
    assert_same(read_json(write_json(doc)), doc)


def _nodes(value: object, path: tuple = ()) -> list[tuple]:
    out = [path]
    if isinstance(value, dict):
        for key, sub in value.items():
            out += _nodes(sub, (*path, key))
    elif isinstance(value, list):
        for index, sub in enumerate(value):
            out += _nodes(sub, (*path, index))
    return out


@SETTINGS
@given(documents, st.data())
def test_corrupted_json_raises_only_parse_errors(doc: Document, data: st.DataObject) -> None:
    """Replace any node of a valid document's JSON by any JSON value: a document or a ParseError."""
    tree = json.loads(write_json(doc))
    path = data.draw(st.sampled_from(_nodes(tree)))
    replacement = data.draw(json_values)
    if not path:
        tree = replacement
    else:
        parent = tree
        for step in path[:-1]:
            parent = parent[step]
        parent[path[-1]] = replacement
    try:
        read_json(json.dumps(tree, indent=1))
    except ParseError as err:
        assert err.reason  # the message names the problem
        assert err.line >= 1 and err.column >= 1


# --------------------------------------------------------------------------- schema


def test_schema_shape() -> None:
    schema = json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["properties"]["alpdoc"] == {"const": 2}
    defs = schema["$defs"]
    assert {"Document", "Section", "Item", "TextItem", "GroupItem", "ItemLayout", "Tag"} <= set(defs)
    assert defs["GroupItem"]["properties"]["kind"] == {"const": "group"}
    assert defs["GroupItem"]["properties"]["records"]["items"]["items"] == {"$ref": "#/$defs/Item"}
    assert defs["Tag"]["required"] == ["key", "value"]
    assert defs["TextItem"]["required"][0] == "kind"
    assert defs["TextItem"]["properties"]["text"]["default"] == ""  # what a missing key reads as
    assert {"title", "tags", "sections", "platform"} <= set(defs["Document"]["required"])
    json.dumps(schema)  # plain JSON


@pytest.fixture(scope="module")
def validator():
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.Draft202012Validator.check_schema(json_schema())
    return jsonschema.Draft202012Validator(json_schema())


def test_schema_validates_written_json(validator) -> None:
    validator.validate(json.loads(write_json(full_document())))
    validator.validate(json.loads(write_json(Document())))
    bad = _data()
    bad["document"]["sections"][1]["items"][0]["kind"] = "foo"
    assert not validator.is_valid(bad)
    bad = _data()
    bad["alpdoc"] = 3
    assert not validator.is_valid(bad)
    bad = _data()
    del bad["document"]["title"]  # every key is always written
    assert not validator.is_valid(bad)


@SETTINGS
@given(documents)
def test_schema_validates_generated_json(validator, doc: Document) -> None:
    validator.validate(json.loads(write_json(doc)))
