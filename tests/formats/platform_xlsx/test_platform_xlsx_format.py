"""The ``platform-xlsx`` formats: real and generated exports, side sheets joined, CSV agreement, round trips, errors."""

from __future__ import annotations

import collections
import io
import json
import zipfile

import openpyxl
import pytest
from conftest import SHARED, need
from hypothesis import given, settings
from hypothesis import strategies as st

import alpdoc
from alpdoc.errors import FormatError, ParseError
from alpdoc.format_plugins.platform_xlsx import iter_workbook, write_pads
from alpdoc.format_plugins.platform_xlsx.side_sheets import display_type, stored_type
from alpdoc.model import Document, PlatformInfo, PlatformLocation, PlatformMeta, PlatformTag, Section, TextItem
from alpdoc.options import ReaderOptions
from alpdoc.testing import check_format, documents, hostile_documents, pad_documents

EXPORTS = SHARED / "samples" / "platform-exports"
PAD_DOCS = st.one_of(pad_documents(), documents(platform=True, hostile=True), hostile_documents(platform=True))


def export(name: str) -> bytes:
    return need(EXPORTS / name).read_bytes()


def sheet_rows(data: bytes, sheet: str) -> list[tuple]:
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    try:
        return list(book[sheet].iter_rows(min_row=2, values_only=True)) if sheet in book.sheetnames else []
    finally:
        book.close()


def per_pad(rows: list[tuple]) -> collections.Counter:
    return collections.Counter(row[0] for row in rows)


# --------------------------------------------------------------------------- real exports


def test_zmb_03_every_side_sheet_joined() -> None:
    data = export("real/zmb_03.xlsx")
    docs = list(alpdoc.loads_all(data, "platform-xlsx", options=ReaderOptions(source="zmb_03.xlsx")))
    assert len(docs) == 274 == len({d.platform.pad_id for d in docs})
    tags, places, others = (sheet_rows(data, s) for s in ("metadata-tags", "metadata-locations", "metadata-other"))
    assert (len(tags), len(places), len(others)) == (1708, 274, 274)
    for doc in docs:
        pad = doc.platform.pad_id
        mine = [r for r in tags if r[0] == pad]
        assert [(t.type, t.key, t.name) for t in doc.platform.tags] == [
            (stored_type(r[1]), r[2], r[4]) for r in mine]
        assert [(p.lat, p.lng, p.iso3, p.country) for p in doc.platform.locations] == [
            r[1:] for r in places if r[0] == pad]
        assert [(m.type, m.name, m.value) for m in doc.platform.metadata] == [
            (r[1], r[2], r[4]) for r in others if r[0] == pad]
    genders = collections.Counter(m.value for d in docs for m in d.platform.metadata if m.name == "gender")
    assert genders == collections.Counter(r[4] for r in others) and set(genders) == {"male", "female", "other"}
    assert collections.Counter(t.type for d in docs for t in d.platform.tags) == collections.Counter(
        stored_type(r[1]) for r in tags)
    first = docs[0]
    assert first.platform.template == 288 and first.platform.country == "Zambia"
    assert first.platform.created_at.startswith("2025-") and first.title


def test_all_maghreb_data_main_only() -> None:
    data = export("real/all_maghreb.xlsx")
    docs = list(alpdoc.loads_all(data, "platform-xlsx"))
    assert len(docs) == 116
    assert all(not d.platform.tags and not d.platform.locations and not d.platform.metadata for d in docs)
    # seven _x000d_ escapes in the SheetJS file: read back as CR characters, none left as text
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert zf.read("xl/worksheets/sheet1.xml").count(b"_x000d_") == 7
    cells = [d.title for d in docs] + [json.loads(v) for d in docs for k, v in d.platform.extra or ()
                                       if k in ("content", "snippet")]
    cells = [c for c in cells if isinstance(c, str)]
    assert sum(c.count("\r") for c in cells) == 7
    assert not any("_x000d_" in c.lower() for c in cells)


def test_real_exports_rewrite_to_the_same_content() -> None:
    data = export("real/zmb_03.xlsx")
    docs = list(alpdoc.loads_all(data, "platform-xlsx"))
    again = list(iter_workbook(write_pads(docs, "content")))
    assert again == docs
    written = write_pads(docs, "content")
    assert openpyxl.load_workbook(io.BytesIO(written), read_only=True).sheetnames == [
        "data-main", "metadata-tags", "metadata-locations", "metadata-other"]  # the platform's order, none empty


# --------------------------------------------------------------------------- generated exports vs CSV


@pytest.mark.parametrize("stem", ["pads-content", "pads-template-13"])
def test_generated_xlsx_reads_like_its_csv(stem: str) -> None:
    xlsx = list(alpdoc.loads_all(export(f"generated/{stem}.xlsx"), "platform-xlsx"))
    csv = list(alpdoc.loads_all(export(f"generated/{stem}.csv"), "platform-csv"))
    assert len(xlsx) == len(csv) == {"pads-content": 19, "pads-template-13": 5}[stem]
    for x, c in zip(xlsx, csv):
        assert (x.title, x.sections) == (c.title, c.sections)
        px, pc = x.platform, c.platform
        same = ("pad_id", "contributor_id", "status", "template", "email", "country")
        assert [getattr(px, f) for f in same] == [getattr(pc, f) for f in same]
        assert [(t.type, t.name) for t in px.tags] == [(t.type, t.name) for t in pc.tags]
        # the CSV writes numbers in 11 characters and dates as m/d/yy; the workbook keeps them whole
        assert [(p.iso3, p.country) for p in px.locations] == [(p.iso3, p.country) for p in pc.locations]
        for a, b in zip(px.locations, pc.locations):
            assert abs(a.lat - b.lat) < 1e-8 and abs(a.lng - b.lng) < 1e-8
        if px.created_at:
            day = px.created_at[:10]
            year, month, date = day.split("-")
            assert pc.created_at == f"{int(month)}/{int(date)}/{year[2:]}"


def test_generated_media_sheet_joined() -> None:
    data = export("generated/pads-content.xlsx")
    docs = {d.platform.pad_id: d for d in alpdoc.loads_all(data, "platform-xlsx")}
    media = sheet_rows(data, "data-media")
    from alpdoc.format_plugins.platform_xlsx.media import media_of

    assert sum(len(media_of(d)) for d in docs.values() if dict(d.platform.extra or ()).get("media")) == len(media)
    for pad, count in per_pad(media).items():
        assert media_of(docs[pad]) == [r[1] for r in media if r[0] == pad] and len(media_of(docs[pad])) == count
    sdg = [t for t in docs[5].platform.tags if t.type == "sdgs"]
    assert sdg and all(isinstance(t.key, int) for t in sdg)  # SDG numbers, which the CSV does not have


# --------------------------------------------------------------------------- round trips


def test_conforms_content() -> None:
    check_format("platform-xlsx", docs=PAD_DOCS, max_examples=30)


def test_conforms_questions() -> None:
    check_format("platform-xlsx-questions", docs=PAD_DOCS, max_examples=30)


def _expected_lists(info: PlatformInfo | None) -> tuple:
    """The side sheets' part of a pad, described independently of the reader: what the sheets can hold."""
    if info is None or info.pad_id is None:
        return (), (), ()
    tags = tuple(PlatformTag(type=stored_type(display_type(t.type)), name=t.name, key=t.key) for t in info.tags)
    places = tuple(PlatformLocation(country=p.country or None, iso3=p.iso3 or None, lat=p.lat, lng=p.lng)
                   for p in info.locations)
    metadata = tuple(PlatformMeta(name=m.name, value=m.value, type=m.type or None) for m in info.metadata)
    return tags, places, metadata


@settings(max_examples=40, deadline=None)
@given(st.lists(pad_documents(), min_size=1, max_size=4, unique_by=lambda d: d.platform.pad_id))
def test_side_sheets_keep_the_platform_lists(docs: list[Document]) -> None:
    for variant in ("content", "questions"):
        back = list(iter_workbook(write_pads(docs, variant)))
        assert len(back) == len(docs)
        for doc, got in zip(docs, back):
            info = got.platform
            assert (info.tags, info.locations, info.metadata) == _expected_lists(doc.platform)


def test_tag_types_as_the_platform_shows_them() -> None:
    info = PlatformInfo(pad_id=3, tags=(PlatformTag(type="sdgs", name="No poverty", key=1),
                                       PlatformTag(type="thematic_areas", name="Water"),
                                       PlatformTag(type="auto_thematic", name="Energy")))
    data = alpdoc.dumps(Document(title="T", platform=info), "platform-xlsx")
    assert [r[1] for r in sheet_rows(data, "metadata-tags")] == ["SDGs", "thematic areas", "auto_thematic"]
    assert alpdoc.loads(data, "platform-xlsx").platform.tags == info.tags


def test_write_all_one_workbook_sorted_side_rows() -> None:
    docs = [Document(title=f"pad {n}", platform=PlatformInfo(
        pad_id=n, locations=(PlatformLocation(iso3="ZMB", country="Zambia", lat=-13.5, lng=27.8),)))
            for n in (9, 2, 5)]
    data = alpdoc.dumps_all(docs, "platform-xlsx")
    assert [r[0] for r in sheet_rows(data, "metadata-locations")] == [2, 5, 9]
    assert [r[0] for r in sheet_rows(data, "data-main")] == [9, 2, 5]
    assert list(alpdoc.loads_all(data, "platform-xlsx")) == [alpdoc.loads(alpdoc.dumps(d, "platform-xlsx"),
                                                                          "platform-xlsx") for d in docs]
    twice = [docs[0], docs[0]]
    with pytest.raises(FormatError, match="both have pad_id 9"):
        alpdoc.dumps_all(twice, "platform-xlsx")


def test_long_text_refused_clearly() -> None:
    doc = Document(title="T", platform=PlatformInfo(pad_id=1),
                   sections=(Section(items=(TextItem(instruction="Q", text="x" * 40_000),)),))
    with pytest.raises(FormatError, match=r"data-main!.*32,767 characters"):
        alpdoc.dumps(doc, "platform-xlsx")


# --------------------------------------------------------------------------- detection and bad input


def test_detected_by_extension_and_sniff(tmp_path) -> None:
    path = tmp_path / "export.xlsx"
    path.write_bytes(alpdoc.dumps(Document(title="T", platform=PlatformInfo(pad_id=1)), "platform-xlsx"))
    assert alpdoc.detect_format(path).name == "platform-xlsx"
    assert alpdoc.get_format("platform-xlsx").sniff(path.read_bytes()[:4096])
    assert not alpdoc.get_format("platform-xlsx").sniff(b"PK\x03\x04\x14\x00\x00\x00word/document.xml")


def _workbook(sheets: dict[str, list[list]]) -> bytes:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_contributors_export_rejected() -> None:
    data = _workbook({"data-main": [["id", "name"], [1, "A"]], "data-teams": [["team"]], "data-contributions": [[]]})
    with pytest.raises(ParseError, match=r"contributors export .*people, not pads") as caught:
        alpdoc.loads_all(data, "platform-xlsx", options=ReaderOptions(source="people.xlsx")).__next__()
    assert caught.value.source == "people.xlsx"


@pytest.mark.parametrize(
    ("sheets", "message"),
    [
        ({"Sheet1": [["pad_id"], [1]]}, "no sheet named 'data-main'"),
        ({"data-main": [["name", "x"], [1, 2]]}, r"data-main!A1: not a platform export"),
        ({"data-main": [["pad_id", "contributor_id", "template"], [1, "c-1", "x"], [2, "c-1", 3],
                        [3, "c-2", "oops"]]}, r"data-main!C2: .*template.*integer"),
        ({"data-main": [["pad_id", "contributor_id"], [1, "c-1"]], "metadata-tags": [["pad_id", "type", "name"],
                                                                                      ["seven", "SDGs", "x"]]},
         r"metadata-tags!A2: pad_id must be a whole number"),
        ({"data-main": [["pad_id", "contributor_id"], [1, "c-1"]], "metadata-locations": [["pad_id", "lat", "lng"],
                                                                                           [1, 2.5, "east"]]},
         r"metadata-locations!C2: lng must be a number"),
        ({"data-main": [["pad_id", "contributor_id"], [1, "c-1"]], "metadata-other": [["pad_id", "type"]]},
         r"metadata-other!C1: the header lacks the columns name, value"),
        ({"data-main": [["pad_id", "contributor_id"], [1, "c-1", "stray"]]},
         r"data-main!C2: a value beyond the header's last column"),
    ],
)
def test_bad_workbooks_name_the_cell(sheets: dict, message: str) -> None:
    with pytest.raises(ParseError, match=message) as caught:
        list(alpdoc.loads_all(_workbook(sheets), "platform-xlsx", options=ReaderOptions(source="bad.xlsx")))
    assert caught.value.source == "bad.xlsx" and caught.value.line >= 1


def test_corrupt_zip_is_a_parse_error() -> None:
    data = alpdoc.dumps(Document(title="T", platform=PlatformInfo(pad_id=1)), "platform-xlsx")
    for broken in (data[: len(data) // 2], data[:100] + b"\x00" * 50 + data[150:], b"PK\x03\x04" + b"\xff" * 40):
        with pytest.raises(ParseError, match=r"x.xlsx:"):
            list(alpdoc.loads_all(broken, "platform-xlsx", options=ReaderOptions(source="x.xlsx")))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("hello.txt", "hi")
    with pytest.raises(ParseError, match=r"no xl/workbook.xml"):
        alpdoc.loads(buffer.getvalue(), "platform-xlsx")


def test_single_reader_refuses_several_pads() -> None:
    docs = [Document(title="a", platform=PlatformInfo(pad_id=1)), Document(title="b", platform=PlatformInfo(pad_id=2))]
    with pytest.raises(ParseError, match="several pads"):
        alpdoc.loads(alpdoc.dumps_all(docs, "platform-xlsx"), "platform-xlsx")


def test_excel_style_cell_types_read_alike() -> None:
    """Excel (or a person) re-saving the export: inline/shared strings, whole numbers as floats or text,
    another date format; the pads read as from the platform's own cells."""
    import datetime

    when = datetime.datetime(2025, 2, 7, 12, 41, 50, 458000)
    header = ["pad_id", "contributor_id", "title", "created_at", "updated_at", "status", "source_pad_id", "template",
              "content"]
    platform_style = _workbook({
        "data-main": [header, [7, "c-1", "T", when, when, 2, None, 288, "T\n\nbody"]],
        "metadata-tags": [["pad_id", "type", "key", "language", "name"], [7, "SDGs", 1, "en", "No poverty"]],
        "metadata-locations": [["pad_id", "lat", "lng", "iso3", "country"], [7, -13.5, 27.75, "ZMB", "Zambia"]],
    })
    excel_style = _workbook({
        "data-main": [header, [7.0, "c-1", "T", when, when, "2", None, 288.0, "T\n\nbody"]],
        "metadata-tags": [["pad_id", "name", "type", "key"], ["7", "No poverty", "SDGs", 1.0]],  # columns moved
        "metadata-locations": [["pad_id", "lat", "lng", "iso3", "country"], [7.0, "-13.5", 27.75, "ZMB", "Zambia"]],
    })
    assert list(alpdoc.loads_all(excel_style, "platform-xlsx")) == list(alpdoc.loads_all(platform_style,
                                                                                         "platform-xlsx"))
    doc = alpdoc.loads(excel_style, "platform-xlsx")
    assert doc.platform.pad_id == 7 and doc.platform.status == 2 and doc.platform.tags[0].key == 1
    assert doc.platform.created_at == "2025-02-07 12:41:50.458000"


def test_engagement_and_comments_kept_and_written_back() -> None:
    sheets = {
        "data-main": [["pad_id", "contributor_id", "title"], [4, "c-1", "T"]],
        "metadata-engagement": [["pad_id", "type", "count"], [4, "like", "3"]],
        "metadata-comments": [["pad_id", "message_id", "response_to_message_id", "user_id", "date", "message"],
                              [4, 10, None, "u-1", "2024-01-02", "Nice_x000D_ work"]],
    }
    doc = alpdoc.loads(_workbook(sheets), "platform-xlsx")
    extra = {k: json.loads(v) for k, v in doc.platform.extra}
    assert extra["engagement"] == [{"type": "like", "count": "3"}]
    assert extra["comments"][0]["message"] == "Nice\r work" and extra["comments"][0]["user_id"] == "u-1"
    again = alpdoc.dumps(doc, "platform-xlsx")
    assert sheet_rows(again, "metadata-engagement") == [(4, "like", "3")]
    assert sheet_rows(again, "metadata-comments")[0][:4] == (4, 10, None, "u-1")
    back = {k: json.loads(v) for k, v in alpdoc.loads(again, "platform-xlsx").platform.extra}
    assert (back["engagement"], back["comments"]) == (extra["engagement"], extra["comments"])
