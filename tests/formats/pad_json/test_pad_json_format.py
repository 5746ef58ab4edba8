"""The ``pad-json`` format: samples, round trips, API shapes, streaming, templates, errors, properties."""

from __future__ import annotations

import gc
import json
import weakref
from pathlib import Path

import pytest
from conftest import SHARED, need
from hypothesis import given

import alpdoc
from alpdoc.errors import ParseError
from alpdoc.format_plugins.pad_json import (
    dumps_all,
    iter_pads,
    project_pad_json,
    read_pad_json,
    read_platform_template,
    write_pad_json,
)
from alpdoc.model import (
    ChoiceItem,
    Document,
    EmbedItem,
    GroupItem,
    ImageItem,
    LinkItem,
    MetaItem,
    MosaicItem,
    Option,
    PlatformInfo,
    PlatformLocation,
    PlatformMeta,
    PlatformTag,
    Section,
    Tag,
    TextItem,
)
from alpdoc.projection import drop_platform
from alpdoc.templates import TemplateRegistry
from alpdoc.testing import (
    check_project_idempotent,
    check_round_trip,
    documents,
    pad_documents,
)

SAMPLES = SHARED / "samples" / "pad-json"


@pytest.fixture
def samples() -> Path:
    return need(SAMPLES)


def pads(folder: Path) -> list[Path]:
    return sorted(folder.glob("pad-*.json"))


# --------------------------------------------------------------------------- invented fixtures


def api_pad(pad_id: int = 7, **changes: object) -> dict:
    """A small invented pad in the API's shape, with every item type."""
    pad = {
        "pad_id": pad_id,
        "contributor_id": "0e0e0e0e-1111-2222-3333-444444444444",
        "title": "Solar kiosks",
        "created_at": "2024-02-01T10:00:00.000Z",
        "updated_at": "2024-02-03T12:30:00.000Z",
        "status": 2,
        "template": 12,
        "sections": [
            {
                "type": "section",
                "title": "The idea",
                "lead": "Tell us",
                "items": [
                    {"type": "title", "txt": "Solar kiosks", "instruction": "Name", "has_content": True},
                    {"type": "txt", "txt": "Kiosks\n\n\nthat charge phones", "instruction": "What?", "level": "media",
                     "fontsize": 1, "textalign": "left", "has_content": True},
                    {"type": "radiolist", "instruction": "Stage", "options": [
                        {"id": 0, "name": "idea", "checked": False}, {"id": 1, "name": "pilot", "checked": True}]},
                    {"type": "checklist", "options": [{"id": 3, "name": "a", "checked": True}]},
                    {"type": "img", "src": "uploads/x/1.jpg", "scale": "original"},
                    {"type": "mosaic", "srcs": ["uploads/x/2.jpg", "uploads/x/3.png"], "verticalalign": "center"},
                    {"type": "embed", "html": "<iframe src=\"https://video.example/v/1\"></iframe>", "src": None},
                    {"type": "group", "instruction": "Partners", "items": [
                        [{"type": "txt", "txt": "UNDP", "instruction": "Partner"}],
                        [{"type": "txt", "txt": "", "instruction": "Partner", "has_content": False}],
                    ]},
                ],
                "structure": [{"type": "txt", "instruction": "What?"}],
            },
            {
                "type": "section",
                "title": "Meta",
                "lead": "",
                "items": [
                    {"type": "location", "instruction": "Where?", "level": "meta",
                     "centerpoints": [{"lat": -4.79, "lng": 11.85}]},
                    {"type": "index", "name": "sdgs", "tags": [{"key": 7, "name": "Clean energy", "type": "sdg"}]},
                    {"type": "tag", "name": "thematic_areas", "tags": [{"id": 9, "name": "energy", "type": "tag"}]},
                    {"type": "video", "src": "uploads/x/v.mp4"},
                    {"type": "files", "srcs": []},
                ],
            },
        ],
        "tags": [{"tag_id": 1, "type": "sdgs", "key": 7, "name": "Affordable and clean energy"},
                 {"tag_id": 2, "type": "thematic_areas", "key": None, "name": "energy"}],
        "locations": [{"iso3": "COG", "country": "Congo", "lat": -4.26, "lng": 15.24}],
        "metadata": [{"type": "txt", "name": "gender", "value": "women-led"}],
        "email": "someone@undp.org",
        "ownername": "Ana Pérez",
        "country": "Congo",
    }
    pad.update(changes)
    return pad


STORED_ROW = {
    "id": "12",
    "title": "Old row",
    "sections": [{"type": "section", "title": None, "lead": None, "items": [
        {"type": "sdgs", "tags": [{"key": 3, "name": "Good health", "type": "sdg"}], "level": "meta"},
        {"type": "tags", "tags": [{"id": 4, "key": None, "name": "health", "type": "tag"}]},
        {"type": "methods", "tags": []},
        {"type": "datasources", "tags": []},
        {"type": "locations", "centerpoints": [{"lat": 1.5, "lng": 2.5}]},
        {"type": "txt", "txt": None, "has_content": False},
    ], "structure": []}],
    "full_text": "Old row\n\n\n\t\t\t",
    "sdgs": None,
    "tags": None,
    "status": "1",
    "date": "2022-07-04 11:51:16.446365+02",
    "update_at": "2022-07-05 11:51:16.446365+02",
    "owner": "45e18bc3-0000-0000-0000-000000000000",
    "template": None,
    "published": "f",
    "source": None,
}


def loads(value: object) -> Document:
    return alpdoc.loads(json.dumps(value), "pad-json")


# --------------------------------------------------------------------------- samples


def test_every_sample_reads_and_round_trips_exactly(samples: Path) -> None:
    files = pads(samples)
    assert files
    for path in files:
        assert alpdoc.detect_format(path).name == "pad-json", path.name
        doc = alpdoc.read(path)
        assert doc.platform is not None and doc.platform.pad_id == int(path.stem.split("-")[1])
        back = alpdoc.loads(alpdoc.dumps(doc, "pad-json"), "pad-json")
        assert back == doc, path.name
        assert project_pad_json(doc) == doc, path.name  # a read document is its own projection


def test_samples_through_archive_md_equal_its_projection(samples: Path) -> None:
    archive = alpdoc.get_format("archive-md")
    for path in pads(samples):
        doc = alpdoc.read(path)
        back = alpdoc.loads(alpdoc.dumps(doc, "archive-md"), "archive-md")
        assert back == archive.project(doc), path.name


def test_older_item_types_are_mapped(samples: Path) -> None:
    doc = alpdoc.read(samples / "pad-49.json")
    metas = [(i.type, i.name) for _, i in doc.iter_items() if isinstance(i, MetaItem)]
    assert ("location", None) in metas and ("index", "sdgs") in metas
    assert {("tag", "thematic_areas"), ("tag", "methods"), ("tag", "datasources")} <= set(metas)
    written = json.loads(alpdoc.dumps(doc, "pad-json"))
    types = {i["type"] for s in written["sections"] for i in s["items"]}
    assert not types & {"locations", "sdgs", "tags", "methods", "datasources"}


def test_sample_item_details(samples: Path) -> None:
    doc = alpdoc.read(samples / "pad-5.json")
    items = [i for _, i in doc.iter_items()]
    radio = next(i for i in items if isinstance(i, ChoiceItem) and not i.multiple)
    assert [o.id for o in radio.options] == [0, 1, 2] and radio.selected == ("option 3",)
    embed = next(i for i in items if isinstance(i, EmbedItem))
    assert embed.html.startswith("This seems to work too") and embed.src is None
    assert any(isinstance(i, MetaItem) and i.type == "drawing" for i in items)
    assert doc.platform.status == 1 and doc.platform.published is True and doc.platform.template is None
    assert dict(doc.platform.extra)["full_text"].startswith('"This is a pad')


def test_every_template_reads(samples: Path) -> None:
    templates = [read_platform_template(p.read_bytes(), source=str(p)) for p in sorted(samples.glob("template-*.json"))]
    assert len(templates) == 9
    registry = TemplateRegistry(templates)
    repeat = registry["platform-template-14"]
    assert [s.title for s in repeat.sections] == ["Header 1", "Repeat header", "Header 2"]
    assert [i.kind for i in repeat.sections[1].items] == ["txt", "checklist"]
    assert repeat.sections[1].items[1].options == ("Option 1", "Option 2")
    assert registry.item("Add some text").kind == "txt"
    kinds = {i.kind for t in templates for i in t.iter_items()}
    assert kinds <= {"txt", "title", "checklist", "radiolist", "img", "mosaic", "embed", "group", "other"}


def test_templates_register_through_a_plugin(samples: Path) -> None:
    class Plugin:
        @alpdoc.hookimpl
        def alpdoc_templates(self):
            return [read_platform_template(p.read_text("utf-8"), prefix="test-instance")
                    for p in samples.glob("template-*.json")]

    plugin = Plugin()
    alpdoc.plugins.register(plugin, name="test-platform-templates")
    try:
        assert "test-instance-template-14" in alpdoc.template_registry()
    finally:
        alpdoc.plugins.plugin_manager().unregister(plugin)
        alpdoc.plugins.reset()
    assert "test-instance-template-14" not in alpdoc.template_registry()


# --------------------------------------------------------------------------- invented pads


def test_api_pad_reads_every_field() -> None:
    doc = loads(api_pad())
    info = doc.platform
    assert (info.pad_id, info.status, info.template, info.ownername) == (7, 2, 12, "Ana Pérez")
    assert info.tags[0] == PlatformTag(type="sdgs", name="Affordable and clean energy", key=7, tag_id=1)
    assert info.locations == (PlatformLocation(country="Congo", iso3="COG", lat=-4.26, lng=15.24),)
    assert info.metadata == (PlatformMeta(name="gender", value="women-led", type="txt"),)
    first, meta = doc.sections
    title, text, radio, check, img, mosaic, embed, group = first.items
    assert title == TextItem(instruction="Name", text="Solar kiosks", platform_type="title", has_content=True)
    assert dict(text.extra) == {"level": '"media"', "fontsize": "1", "textalign": '"left"'}
    assert radio.multiple is False and radio.options[1] == Option(name="pilot", checked=True, id=1)
    assert check.multiple and img == ImageItem(src="uploads/x/1.jpg")
    assert [i.src for i in mosaic.images] == ["uploads/x/2.jpg", "uploads/x/3.png"]
    assert embed.html.startswith("<iframe")
    assert isinstance(group, GroupItem) and len(group.records) == 2
    location = meta.items[0]
    assert location.type == "location" and location.payload == {"centerpoints": [{"lat": -4.79, "lng": 11.85}]}
    assert dict(location.extra) == {"level": '"meta"'}
    assert [i.type for i in meta.items] == ["location", "index", "tag", "video", "files"]


@pytest.mark.parametrize("value", [api_pad(), STORED_ROW, api_pad(sections=None, tags=None, title=None)])
def test_write_read_is_exact(value: dict) -> None:
    doc = loads(value)
    text = alpdoc.dumps(doc, "pad-json")
    assert alpdoc.loads(text, "pad-json") == doc
    assert write_pad_json(alpdoc.loads(text, "pad-json")) == text  # extra keys written back too


def test_written_shape_is_the_api_shape() -> None:
    written = json.loads(alpdoc.dumps(loads(STORED_ROW), "pad-json"))
    for key in ("pad_id", "contributor_id", "title", "created_at", "updated_at", "status", "template", "sections",
                "tags", "locations", "metadata", "email", "ownername", "country"):
        assert key in written
    assert written["pad_id"] == 12 and written["status"] == 1 and written["published"] is False
    assert written["contributor_id"] == STORED_ROW["owner"] and written["created_at"] == STORED_ROW["date"]
    assert written["tags"] == [] and "id" not in written and "owner" not in written


def test_stored_row() -> None:
    doc = loads(STORED_ROW)
    section = doc.sections[0]
    assert section.title == "" and section.lead == ""
    assert [(i.type, i.name) for i in section.items[:5]] == [
        ("index", "sdgs"), ("tag", "thematic_areas"), ("tag", "methods"), ("tag", "datasources"), ("location", None)]
    assert section.items[5] == TextItem(text="", has_content=False)


def test_array_wrapper_and_single_pad() -> None:
    one, two = api_pad(1), api_pad(2, title="Second")
    as_array = list(alpdoc.loads_all(json.dumps([one, two]), "pad-json"))
    as_wrapper = list(alpdoc.loads_all(json.dumps({"count": 2, "data": [one, two]}), "pad-json"))
    data_first = list(alpdoc.loads_all(json.dumps({"data": [one, two], "count": 2}), "pad-json"))
    assert [d.title for d in as_array] == ["Solar kiosks", "Second"]
    assert as_array == as_wrapper == data_first
    assert list(alpdoc.loads_all(json.dumps(one), "pad-json")) == [loads(one)]
    assert alpdoc.loads(json.dumps([one]), "pad-json") == loads(one)
    assert alpdoc.loads(json.dumps({"count": 1, "data": [one]}), "pad-json") == loads(one)
    assert list(alpdoc.loads_all("[]", "pad-json")) == []
    assert list(alpdoc.loads_all('{"count": 0, "data": []}', "pad-json")) == []


def test_dumps_all_and_read_all(tmp_path: Path) -> None:
    docs = [loads(api_pad(i)) for i in range(3)]
    path = tmp_path / "pads.json"
    path.write_text(dumps_all(docs), encoding="utf-8")
    assert alpdoc.detect_format(path).name == "pad-json"
    assert list(alpdoc.read_all(path)) == docs
    assert json.loads(dumps_all([])) == []


def test_read_all_of_a_single_document_format(tmp_path: Path) -> None:
    path = tmp_path / "plan.md"
    path.write_text("# Plan\n\n[[type:learningplan]]\n", encoding="utf-8")
    (doc,) = alpdoc.read_all(path)
    assert doc.kind == "learningplan"


def test_read_refuses_several_pads() -> None:
    with pytest.raises(ParseError, match="more than one pad"):
        alpdoc.loads(json.dumps([api_pad(1), api_pad(2)]), "pad-json")
    with pytest.raises(ParseError, match="no pad"):
        alpdoc.loads("[]", "pad-json")


def test_sniffing() -> None:
    sniff = alpdoc.get_format("pad-json").sniff
    assert sniff(json.dumps([api_pad()]).encode())
    assert sniff(json.dumps({"count": 1, "data": []}).encode())
    assert sniff(json.dumps(STORED_ROW).encode())
    assert sniff(b"\xef\xbb\xbf " + json.dumps(api_pad()).encode())
    assert not sniff(alpdoc.dumps(Document(title="x"), "json").encode())
    assert not sniff(json.dumps({"id": "1", "medium": None, "description": "", "sections": []}).encode())
    assert not sniff(b"# title\n")


# --------------------------------------------------------------------------- streaming


def _big_array(n: int) -> str:
    pad = json.dumps(api_pad(0))
    return "[" + ",".join(pad.replace('"pad_id": 0', f'"pad_id": {i}', 1) for i in range(n)) + "]"


def test_read_all_streams_one_pad_at_a_time() -> None:
    """At most a couple of documents are alive while a 10,000-pad array is iterated."""
    n = 10_000
    alive: list[weakref.ref] = []
    most = 0
    count = 0
    for doc in alpdoc.loads_all(_big_array(n), "pad-json"):
        assert doc.platform.pad_id == count
        alive.append(weakref.ref(doc))
        count += 1
        del doc
        if count % 500 == 0:
            gc.collect()
            most = max(most, sum(r() is not None for r in alive))
            alive = [r for r in alive if r() is not None]
    assert count == n
    assert most <= 2


def test_read_all_is_lazy() -> None:
    """Decoding stops where iteration stops: a broken element after the first is not reached."""
    text = "[" + json.dumps(api_pad(1)) + ", {broken"
    docs = alpdoc.loads_all(text, "pad-json")
    assert next(docs).platform.pad_id == 1
    with pytest.raises(ParseError, match="malformed JSON"):
        next(docs)


def test_read_all_memory_stays_below_a_full_parse() -> None:
    import tracemalloc

    text = _big_array(2_000)
    tracemalloc.start()
    try:
        json.loads(text)
        full = tracemalloc.get_traced_memory()[1]
        tracemalloc.reset_peak()
        base = tracemalloc.get_traced_memory()[0]
        for _ in iter_pads(text):
            pass
        streamed = tracemalloc.get_traced_memory()[1] - base
    finally:
        tracemalloc.stop()
    assert streamed < full / 10


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[{"pad_id": 1, "title": "a"}, {"pad_id": 2, "title": 3}]', r"\$\[1\]\.title: expected a string"),
        ('{"pad_id": 1, "sections": [{"items": [{"type": "txt"}, {"type": "nope"}]}]}',
         r"\$\.sections\[0\]\.items\[1\]\.type: unknown item type 'nope'"),
        ('{"pad_id": 1, "sections": [{"items": [{"txt": "no type"}]}]}',
         r"\$\.sections\[0\]\.items\[0\]\.type: unknown item type null"),
        ('{"pad_id": 1, "sections": {"a": 1}}', r"\$\.sections: expected an array or null, got an object"),
        ('{"pad_id": "x1"}', r"\$\.pad_id: expected an integer"),
        ('{"pad_id": 1, "tags": [5]}', r"\$\.tags\[0\]: expected a tag object"),
        ('{"pad_id": 1, "sections": [{"items": [{"type": "group", "items": [{"a": 1}]}]}]}',
         r"\$\.sections\[0\]\.items\[0\]\.items\[0\]: expected an array of items"),
        ('{"pad_id": 1, "sections": [{"items": [{"type": "checklist", "options": [{"name": "a", "checked": 1}]}]}]}',
         r"\$\.sections\[0\]\.items\[0\]\.options\[0\]\.checked: expected true, false"),
        ('{"pad_id": 1, "sections": [{"items": [{"type": "mosaic", "srcs": [null]}]}]}',
         r"\$\.sections\[0\]\.items\[0\]\.srcs\[0\]: expected a string"),
        ('{"count": 1, "data": null}', r"\$\.data: expected an array of pads"),
        ('{"foo": 1}', r"\$: not a pad"),
        ('"pad"', r"\$: expected a pad object, got string"),
        ('[1]', r"\$\[0\]: expected a pad object, got number 1"),
        ('{"pad_id": 1', "malformed JSON"),
        ('[{"pad_id": 1} {"pad_id": 2}]', "malformed JSON: expected ',' or ']'"),
        ('{"pad_id": 1} x', "malformed JSON: extra data"),
        ("", "malformed JSON"),
    ],
)
def test_bad_input_raises_parse_error_with_path(text: str, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        list(alpdoc.loads_all(text, "pad-json"))
    with pytest.raises(ParseError, match=message):
        alpdoc.loads(text, "pad-json")


def test_error_position_points_at_the_value() -> None:
    text = '[\n  {"pad_id": 1},\n  {"pad_id": 2,\n   "sections": [{"items": [{"type": "bad"}]}]}\n]'
    with pytest.raises(ParseError) as info:
        alpdoc.loads(text, "pad-json")
    err = info.value
    assert err.reason.startswith("$[1].sections[0].items[0].type: unknown item type 'bad'")
    assert (err.line, err.column) == (4, 37)  # the opening quote of "bad"


def test_invalid_utf8_is_a_parse_error() -> None:
    with pytest.raises(ParseError, match="invalid UTF-8"):
        alpdoc.loads(b'{"pad_id": 1, "title": "\xff"}', "pad-json")


def test_bad_template_raises_parse_error() -> None:
    with pytest.raises(ParseError, match="malformed JSON"):
        read_platform_template("{")
    with pytest.raises(ParseError, match=r"\$\.sections\[0\]\.structure"):
        read_platform_template({"id": 1, "sections": [{"structure": 5}]})


# --------------------------------------------------------------------------- projections


def test_pad_json_projection_of_a_plain_document() -> None:
    """Tags keep their order and links stay links (changed: tags used to move into the platform lists)."""
    doc = Document(
        title="Plan",
        tags=(Tag(key="sdgs", value="14. Life below water"), Tag(key="country", value="Peru"),
              Tag(key="latlng", value="-9.2,-75.0"), Tag(key="year", value="2024"), Tag(key="methods", value="x")),
        sections=(Section(title="A", items=(
            LinkItem(instruction="Site", url="https://undp.org", text="UNDP"),
            MosaicItem(images=()),
        )),),
    )
    projected = project_pad_json(doc)
    assert projected.tags == doc.tags
    assert projected.platform == PlatformInfo()
    assert projected.sections[0].items[0] == LinkItem(instruction="Site", url="https://undp.org", text="UNDP")
    text = alpdoc.dumps(doc, "pad-json")
    assert alpdoc.loads(text, "pad-json") == projected
    # the pad's own lists still hold the tags, for the platform's readers
    written = json.loads(text)
    assert written["tags"] == [{"tag_id": None, "type": "sdgs", "key": 14, "name": "Life below water"},
                               {"tag_id": None, "type": "methods", "key": None, "name": "x"}]
    assert written["locations"] == [{"iso3": None, "country": "Peru", "lat": -9.2, "lng": -75.0}]
    assert written["metadata"] == [{"type": None, "name": "year", "value": "2024"}]
    assert written["sections"][0]["items"][0] == {"type": "embed", "html": "UNDP", "src": "https://undp.org",
                                                  "link_text": "UNDP", "instruction": "Site"}
    # and back to archive tags, in their order
    assert drop_platform(alpdoc.loads(text, "pad-json")).tags == doc.tags


def test_edited_pad_lists_win_over_alpdoc_tags() -> None:
    """A pad whose lists no longer end with what ``alpdoc_tags`` made of them reads its lists, not the key."""
    written = json.loads(alpdoc.dumps(Document(title="t", tags=(Tag(key="year", value="2024"),)), "pad-json"))
    written["metadata"] = [{"type": None, "name": "year", "value": "2025"}]
    doc = loads(written)
    assert doc.tags == () and doc.platform.metadata == (PlatformMeta(name="year", value="2025"),)


def test_drop_platform() -> None:
    doc = loads(api_pad())
    plain = drop_platform(doc)
    assert plain.platform is None
    assert Tag(key="sdgs", value="7. Affordable and clean energy") in plain.tags
    assert Tag(key="latlng", value="-4.26,15.24") in plain.tags and Tag(key="gender", value="women-led") in plain.tags
    items = plain.sections[0].items
    assert items[0] == TextItem(instruction="Name", text="Solar kiosks")
    assert items[6] == LinkItem(url="https://video.example/v/1")
    assert plain.sections[1].items == ()
    assert all(o.id is None for o in items[2].options)
    plain_doc = Document(title="x", sections=(Section(items=(TextItem(text="a"),)),))
    assert drop_platform(plain_doc) is plain_doc


def test_other_formats_never_meet_platform_items() -> None:
    doc = loads(api_pad())
    text = alpdoc.dumps(doc, "archive-md")  # the registry drops platform content first
    assert "<iframe" not in text and "[[sdgs:7. Affordable and clean energy]]" in text
    assert alpdoc.loads(text, "archive-md") == alpdoc.get_format("archive-md").project(doc)


def test_json_format_carries_platform_content() -> None:
    doc = loads(api_pad())
    assert alpdoc.loads(alpdoc.dumps(doc, "json"), "json") == doc


# --------------------------------------------------------------------------- properties


@given(pad_documents())
def test_pad_round_trip_equals_projection(doc: Document) -> None:
    check_round_trip("pad-json", doc)


@given(documents(platform=True))
def test_any_document_round_trips_to_its_projection(doc: Document) -> None:
    check_round_trip("pad-json", doc)
    check_project_idempotent("pad-json", doc)


@given(documents(platform=True))
def test_archive_md_with_platform_content(doc: Document) -> None:
    check_round_trip("archive-md", doc)
    check_project_idempotent("archive-md", doc)


@given(documents(platform=True))
def test_json_with_platform_content(doc: Document) -> None:
    check_round_trip("json", doc)


@given(pad_documents())
def test_written_pads_are_stable(doc: Document) -> None:
    check_project_idempotent("pad-json", doc)
    text = write_pad_json(doc)
    assert write_pad_json(read_pad_json(text)) == text
