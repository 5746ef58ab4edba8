"""The ``docx`` format: alpdoc's own files read back to ``project(doc)``; bad input fails clearly."""

from __future__ import annotations

import io
import zipfile

import docx as python_docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import alpdoc
from alpdoc.format_plugins.docx import project_docx
from alpdoc.model import (
    ChoiceItem,
    Document,
    GroupItem,
    Image,
    ImageItem,
    LinkItem,
    MetaItem,
    MosaicItem,
    Option,
    Section,
    Tag,
    TextItem,
)
from alpdoc.testing import check_format, documents, hostile_documents, pad_documents

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

PLAN = Document(
    title="Repair hubs <b>&</b>",
    tags=(Tag(key="country", value="Testland"), Tag(key="odd: key", value="two\nlines")),
    sections=(
        Section(title="Challenge", lead="What the plan is about.", items=(
            TextItem(instruction="What is your challenge?", text="Things break.\n\nNobody fixes them."),
            ChoiceItem(instruction="Which methods?",
                       options=(Option(name="Survey"), Option(name="Pilot", checked=False))),
            ImageItem(instruction="A picture", src="https://example.org/a.png", alt="a hub"),
            MosaicItem(images=(Image(src="https://example.org/1.png"),
                               Image(src="https://example.org/2.png", alt="2"))),
            LinkItem(instruction="Read more", url="https://example.org/report", text="the report"),
        )),
        Section(title="Partners", extra=(("repeat", "true"),), items=(
            GroupItem(instruction="Who helps?", records=(
                (TextItem(instruction="Name", text="Ada"),
                 ChoiceItem(instruction="Role", options=(Option(name="lead"),))),
                (TextItem(instruction="Name", text="Bo"),),
                (),
            )),
            MetaItem(type="index", name="sdgs", data='{"tags":[{"key":9,"name":"Industry"}]}'),
            MetaItem(type="tag", name="methods", instruction=None, data='{"tags":[{"name":"Pilots"}]}'),
        )),
    ),
)


def _style(paragraph) -> str | None:
    ppr = paragraph._p.pPr
    return ppr.pStyle.val if ppr is not None and ppr.pStyle is not None else None


def test_plan_round_trips_and_uses_the_platform_layout():
    data = alpdoc.dumps(PLAN, "docx")
    assert alpdoc.loads(data, "docx") == project_docx(PLAN)
    word = python_docx.Document(io.BytesIO(data))
    styles = [(_style(p), p.text) for p in word.paragraphs]
    assert styles[:3] == [("Heading2", PLAN.title), ("tag", "country: Testland"), ("tag", "odd: key: two\nlines")]
    assert ("Heading3", "Challenge") in styles and ("Heading3", "Partners – 1") in styles
    assert (None, "What the plan is about.") in styles
    assert ("main", "Things break.\n\nNobody fixes them.") in styles
    bullets = [p for p in word.paragraphs if _style(p) == "ListParagraph"]
    assert [p.runs[0].bold for p in bullets] == [True, False, None]  # checked, explicit bold-off, tag: no attribute
    assert all(p._p.pPr.numPr is not None for p in bullets)
    assert bullets[1].text.endswith("\n")  # the platform's line break after a list's last bullet
    # the group: a bordered table, one row per record, its questions as Heading5
    (table,) = word.tables
    assert len(table.rows) == 3
    cell = table.rows[0].cells[0]
    assert [(_style(p), p.text) for p in cell.paragraphs][:2] == [("Heading5", "Name"), ("main", "Ada")]
    titles = [d.get("title") for d in word.element.body.iter("{http://schemas.openxmlformats.org/drawingml/2006/"
                                                               "wordprocessingDrawing}docPr")]
    assert titles == ["", "", "", "sdgs-9"]


def test_project_states_what_docx_loses():
    doc = Document(
        title="t\r\nx\x01",
        sections=(Section(title="Budget – 2", items=(
            ChoiceItem(instruction="radio", options=(Option(name="a", id=3),), multiple=False),
            ChoiceItem(instruction="empty"),
            MosaicItem(images=(Image(src="only.png"),)),
            LinkItem(url="https://x.org", text="https://x.org"),
            MetaItem(type="location", data='{"centerpoints":[{"lat":1,"lng":2}]}'),
        )),),
    )
    shown = project_docx(doc)
    assert shown.title == "t\nx"
    assert shown.sections[0].title == "Budget"
    radio, empty, mosaic, link, location = shown.sections[0].items
    assert radio == ChoiceItem(instruction="radio", options=(Option(name="a"),), multiple=True)
    assert empty == TextItem(instruction="empty", text="")
    assert mosaic == ImageItem(src="only.png")
    assert link.text is None
    assert location == TextItem(instruction="Locations", text="")
    assert alpdoc.loads(alpdoc.dumps(doc, "docx"), "docx") == shown


def test_many_documents_in_one_file():
    docs = [PLAN, Document(title="Second", sections=(Section(items=(TextItem(text="x"),)),)), Document()]
    data = alpdoc.dumps_all(docs, "docx")
    assert list(alpdoc.loads_all(data, "docx")) == [project_docx(d) for d in docs]
    with pytest.raises(alpdoc.ParseError, match="3 pads"):
        alpdoc.loads(data, "docx")


def test_conforms():
    check_format("docx", max_examples=40)


def test_conforms_with_platform_content():
    strategy = st.one_of(documents(platform=True), hostile_documents(platform=True), pad_documents())
    check_format("docx", docs=strategy, max_examples=40)


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(st.lists(st.one_of(documents(), hostile_documents()), max_size=3))
def test_write_all_reads_back_document_by_document(docs):
    data = alpdoc.dumps_all(docs, "docx")
    if docs:
        assert list(alpdoc.loads_all(data, "docx")) == [project_docx(d) for d in docs]


def test_chapters_and_tables_of_contents_are_skipped():
    """The platform's single document with chapters: a centred Heading1 before each group of pads, and a TOC."""
    data = alpdoc.dumps_all([PLAN, Document(title="Two", sections=(Section(title="S"),))], "docx")
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}
    heading2 = b'<w:p><w:pPr><w:pStyle w:val="Heading2"/>'
    chapter = b'<w:p><w:pPr><w:pStyle w:val="Heading1"/><w:jc w:val="center"/></w:pPr><w:r><w:t>ZMB</w:t></w:r></w:p>'
    toc = (b'<w:sdt><w:sdtContent><w:p><w:pPr><w:pStyle w:val="TOC1"/></w:pPr><w:r><w:t>Contents</w:t></w:r></w:p>'
           b"</w:sdtContent></w:sdt>")
    body = parts["word/document.xml"].replace(heading2, chapter + heading2)
    parts["word/document.xml"] = body.replace(b"<w:body>", b"<w:body>" + toc, 1)
    assert body.count(chapter) == 2
    docs = list(alpdoc.loads_all(_zip_parts(parts), "docx"))
    assert docs == [project_docx(PLAN), Document(title="Two", sections=(Section(title="S"),))]


def _zip_parts(parts: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _zip(**parts: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name.replace("__xml", ".xml").replace("__", "/"), data)
    return buf.getvalue()


_WORD = (b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
         b"<w:p><w:pPr><w:pStyle w:val=\"Normal\"/></w:pPr><w:r><w:t>Dear all,</w:t></w:r></w:p></w:body></w:document>")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"%PDF-1.4 not a docx", "does not start as a zip archive"),
        ("text, not bytes", "binary"),
        (b"PK\x03\x04 broken", "broken zip archive"),
        (_zip(word__other=b"x"), "no word/document.xml"),
        (_zip(word__document__xml=b"<w:document"), "not well-formed XML"),
        (_zip(word__document__xml=b"<html/>"), "not a WordprocessingML document"),
        (_zip(word__document__xml=_WORD), "no Heading2 paragraph"),
    ],
)
def test_bad_input_says_what_was_expected(data, message):
    with pytest.raises(alpdoc.ParseError, match=message) as err:
        alpdoc.loads(data, "docx", source="in.docx")
    assert "in.docx" in str(err.value) and err.value.line >= 1


def test_a_letter_written_in_word_is_not_a_platform_export():
    """A real Word file (python-docx's template, Normal style and all) without the platform's headings."""
    buf = io.BytesIO()
    letter = python_docx.Document()
    letter.add_paragraph("Dear all,")
    letter.save(buf)
    with pytest.raises(alpdoc.ParseError, match="Heading2") as err:
        alpdoc.loads(buf.getvalue(), "docx")
    assert "expected the SDG Commons platform's DOCX layout" in str(err.value)
