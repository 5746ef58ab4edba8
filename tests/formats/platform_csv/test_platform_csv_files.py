"""platform-csv on the real and generated exports (skipped without ../shared)."""

from __future__ import annotations

import attrs
import pytest
from conftest import SHARED, need

import alpdoc
from alpdoc.format_plugins.pad_json import read_platform_template
from alpdoc.format_plugins.platform_csv import (
    iter_platform_csv,
    write_platform_csv_all,
    write_platform_csv_questions_all,
)
from alpdoc.format_plugins.platform_csv.codec import decode_csv, iter_records
from alpdoc.model import ChoiceItem, ImageItem, MetaItem, MosaicItem, TextItem, content_text
from alpdoc.options import ReaderOptions
from alpdoc.templates import TemplateRegistry

EXPORTS = SHARED / "samples" / "platform-exports"
PAD_JSON = SHARED / "samples" / "pad-json"


def _templates() -> TemplateRegistry:
    need(PAD_JSON)
    return TemplateRegistry([read_platform_template(p.read_bytes()) for p in sorted(PAD_JSON.glob("template-*.json"))])


def _pads() -> dict[int, alpdoc.Document]:
    need(PAD_JSON)
    return {d.platform.pad_id: d for d in (alpdoc.read(p) for p in sorted(PAD_JSON.glob("pad-*.json")))}


def _header(data: bytes) -> list[str]:
    return next(iter_records(decode_csv(data)))[1]


def test_all_africa_reads_894_pads_and_writes_back_byte_for_byte():
    data = need(EXPORTS / "real" / "all_africa.csv").read_bytes()
    docs = list(alpdoc.read_all(EXPORTS / "real" / "all_africa.csv"))
    assert len(docs) == 894
    assert alpdoc.api.get_format("platform-csv").write_all(docs) == data
    # a lone CR stays in its field (a tag of pad 6474), records split only on LF
    pad = next(d for d in docs if d.platform.pad_id == 6474)
    assert any("\r" in t.name for t in pad.platform.tags)
    assert {t.type for d in docs for t in d.platform.tags} == {"auto_thematic", "sdgs", "thematic_areas"}
    assert max(len(d.platform.locations) for d in docs) == 40


@pytest.mark.parametrize("name, variant", [
    ("pads-content.csv", "content"), ("pads-template-13.csv", "questions"), ("pads-template-11.csv", "questions"),
])
@pytest.mark.parametrize("with_templates", [False, True])
def test_generated_exports_write_back_byte_for_byte(name, variant, with_templates):
    data = need(EXPORTS / "generated" / name).read_bytes()
    options = ReaderOptions(templates=_templates() if with_templates else None)
    docs = list(iter_platform_csv(data, options))
    write = write_platform_csv_all if variant == "content" else write_platform_csv_questions_all
    assert write(docs) == data


def _with_owner(doc):
    """What the platform's user join adds to a pad (the generator's users: Zambia, rights 2)."""
    if doc.platform.pad_id in (57, 58):  # pads without an owner
        return doc
    extra = (*(doc.platform.extra or ()), ("iso3", '"ZMB"'), ("rights", "2"))
    return attrs.evolve(doc, platform=attrs.evolve(doc.platform, email="x@example.org", country="Zambia",
                                                   extra=extra))


@pytest.mark.parametrize("template", [13, 11])
def test_pads_written_per_question_give_the_platforms_header(template):
    data = need(EXPORTS / "generated" / f"pads-template-{template}.csv").read_bytes()
    pads = sorted((_with_owner(d) for d in _pads().values() if d.platform.template == template),
                  key=lambda d: -d.platform.pad_id)
    written = write_platform_csv_questions_all(pads)
    # location columns hold country centroids from the platform's database: not in a pad
    want = [h for h in _header(data) if not h.startswith("location-")]
    assert _header(written) == want
    # and every question cell is the platform's
    got_rows = [dict(zip(_header(written), r)) for _, r in list(iter_records(decode_csv(written)))[1:]]
    for (_, row), got in zip(list(iter_records(decode_csv(data)))[1:], got_rows):
        for name, value in zip(_header(data), row):
            if name in got and name not in ("contributor_id", "vignette", "email"):
                assert got[name] == value, (row[0], name)


def test_pads_written_as_content_give_the_platforms_header_and_content():
    data = need(EXPORTS / "generated" / "pads-content.csv").read_bytes()
    pads = sorted((_with_owner(d) for d in _pads().values()), key=lambda d: -d.platform.pad_id)
    written = write_platform_csv_all(pads)
    assert _header(written) == [h for h in _header(data) if not h.startswith("location-")]
    want = {r[0]: dict(zip(_header(data), r)) for _, r in list(iter_records(decode_csv(data)))[1:]}
    for _, row in list(iter_records(decode_csv(written)))[1:]:
        got = dict(zip(_header(written), row))
        for name in ("title", "created_at", "updated_at", "status", "template", "snippet", "content"):
            assert got[name] == want[got["pad_id"]][name], (got["pad_id"], name)


def _answers(items):
    for item in items:
        if isinstance(item, TextItem) and item.text:
            yield "text", item.instruction, content_text(item.text)
        elif isinstance(item, ChoiceItem):
            yield "choice", item.instruction, item.selected
        elif isinstance(item, ImageItem) and item.src:
            yield "images", item.instruction, (item.src,)
        elif isinstance(item, MosaicItem):
            yield "images", item.instruction, tuple(i.src for i in item.images)
        elif isinstance(item, MetaItem) and item.type in ("tag", "index") and item.payload.get("tags"):
            names = tuple(t.get("name") for t in item.payload.get("tags", []) if t.get("name"))
            if names:  # (an empty column of an unnamed tag item reads as a tag without a name)
                yield "tags", item.instruction, names
        elif isinstance(item, MetaItem) and item.type == "location":
            yield "pins", item.instruction, tuple((p["lat"], p["lng"]) for p in item.payload.get("centerpoints", []))


@pytest.mark.parametrize("template", [13, 11])
def test_per_question_exports_read_back_to_the_pads(template):
    data = need(EXPORTS / "generated" / f"pads-template-{template}.csv").read_bytes()
    pads = _pads()
    for doc in iter_platform_csv(data, ReaderOptions(templates=_templates())):
        assert doc.template == f"platform-template-{template}"
        pad = pads[doc.platform.pad_id]
        assert doc.title == pad.title
        assert [s.title for s in doc.sections] == [s.title for s in pad.sections]
        got = [a for s in doc.sections for a in _answers(s.items)]
        # the title question has no column when no pad answers it; a tag item without tags is no answer
        # (columns that the file's widest pad has give empty items in the others)
        want = [a for s in pad.sections for a in _answers(s.items)
                if not (a[0] == "text" and a[2] == pad.title and a not in got)]
        assert sorted(map(repr, got)) == sorted(map(repr, want))


def test_content_and_per_question_exports_agree_where_both_keep_it():
    """Platform columns, title, tags and locations are the same; every per-question text answer is in
    the content text (the content variant has no delimiters to take it out again)."""
    content = {d.platform.pad_id: d for d in iter_platform_csv(
        need(EXPORTS / "generated" / "pads-content.csv").read_bytes())}
    options = ReaderOptions(templates=_templates())
    checked = 0
    for name in ("pads-template-13.csv", "pads-template-11.csv"):
        for doc in iter_platform_csv(need(EXPORTS / "generated" / name).read_bytes(), options):
            other = content[doc.platform.pad_id]
            assert doc.title == other.title
            keep = ("pad_id", "status", "created_at", "updated_at", "template", "tags", "locations")
            assert {k: getattr(doc.platform, k) for k in keep} == {k: getattr(other.platform, k) for k in keep}
            text = dict(other.platform.extra)["content"]
            for kind, _, answer in (a for s in doc.sections for a in _answers(s.items)):
                if kind == "text":
                    assert all(line.strip() in text for line in answer.split("\n")), answer
            checked += 1
    assert checked == 8
