"""Interview answers and quotations in DOCX: the time as a leading ``Timestamp`` run of the question, the
answer's tags as ``tag`` paragraphs after it, a quotation in Word's ``Quote`` style; read back as written."""

from __future__ import annotations

import io
import zipfile

import docx as python_docx
from docx.text.paragraph import Paragraph

import alpdoc
from alpdoc.format_plugins.docx import project_docx
from alpdoc.model import Document, GroupItem, Section, Tag, TextItem


def _docx(doc: Document) -> bytes:
    data = alpdoc.dumps(doc, "docx")
    assert isinstance(data, bytes)
    return data


INTERVIEW = Document(
    title="Radio repairers",
    tags=(Tag(key="type", value="story"),),
    sections=(Section(items=(
        TextItem(text="Said before any question.", timestamp="0:05", tags=(Tag(key="a", value="b"),)),
        TextItem(instruction="What did you <b>fix</b>?", text="Radios.\nAnd phones.", timestamp="0:27",
                 tags=(Tag(key="tool", value="Repair café"), Tag(key="skill: odd", value="two\nlines"))),
        TextItem(instruction=" spaced", text="", timestamp="1:02:03"),
        TextItem(instruction="", text="x", timestamp="", tags=(Tag(key="", value=""),)),
        TextItem(text="Ask what people need.\nThen build.", quote=True),
        TextItem(instruction="Plain", text="No time, no tags."),
        GroupItem(instruction="Follow-ups", records=((
            TextItem(instruction="Who?", text="Neighbours.", timestamp="3:10", tags=(Tag(key="k", value="v"),)),
            TextItem(instruction="Quoted", text="“Fix it.”", quote=True),
        ),)),
    )),),
)


def _style(paragraph: Paragraph) -> str | None:
    ppr = paragraph._p.pPr
    return ppr.pStyle.val if ppr is not None and ppr.pStyle is not None else None


def test_interview_answers_and_quotations_read_back_as_written() -> None:
    assert project_docx(INTERVIEW) == INTERVIEW  # DOCX keeps all of it
    data = alpdoc.dumps(INTERVIEW, "docx")
    assert alpdoc.loads(data, "docx") == INTERVIEW
    assert alpdoc.convert_doc(INTERVIEW, "docx", warn=False, verify=True).report.lossless


def test_the_layout_word_shows() -> None:
    word = python_docx.Document(io.BytesIO(_docx(INTERVIEW)))
    styles = [(_style(p), p.text) for p in word.paragraphs]
    assert styles[:8] == [
        ("Heading2", "Radio repairers"), ("tag", "type: story"),  # the document's tags, under the title
        ("Heading4", "0:05"), ("main", "Said before any question."), ("tag", "a: b"),  # the answer's
        ("Heading4", "0:27 What did you <b>fix</b>?"), ("main", "Radios.\nAnd phones."), ("tag", "tool: Repair café"),
    ]
    question = word.paragraphs[5]
    assert [(r.style.style_id if r.style is not None else None, r.text) for r in question.runs][:1] == [
        ("Timestamp", "0:27")]
    assert ("Quote", "Ask what people need.\nThen build.") in styles
    assert {s.style_id for s in word.styles} >= {"Quote", "Timestamp"}
    cell = word.tables[0].rows[0].cells[0]
    assert [(_style(p), p.text) for p in cell.paragraphs] == [
        ("Heading5", "3:10 Who?"), ("main", "Neighbours."), ("tag", "k: v"), ("Heading5", "Quoted"),
        ("Quote", "“Fix it.”")]


def test_project_states_what_docx_changes() -> None:
    doc = Document(sections=(Section(items=(
        TextItem(instruction="q", text="a", timestamp="0:\x0127", tags=(Tag(key="k\x01", value="v\r\nw"),)),
        TextItem(instruction="q", text="", quote=True),  # an empty quotation is an unanswered question
    )),))
    stamped, empty = project_docx(doc).sections[0].items
    assert stamped == TextItem(instruction="q", text="a", timestamp="0:27", tags=(Tag(key="k", value="v\nw"),))
    assert empty == TextItem(instruction="q", text="")
    assert alpdoc.loads(alpdoc.dumps(doc, "docx"), "docx") == project_docx(doc)


def test_a_quote_styled_paragraph_in_an_edited_file_is_a_quotation() -> None:
    """Word's own Quote style (LibreOffice's 'Quotations'), applied by hand to an answer, reads as a quotation."""
    data = _docx(Document(title="t", sections=(Section(items=(
        TextItem(instruction="q", text="said"), TextItem(instruction="r", text="also"),)),)))
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}
    body = parts["word/document.xml"]
    body = body.replace(b'<w:pStyle w:val="main"/>', b'<w:pStyle w:val="Quote"/>', 1)
    parts["word/document.xml"] = body.replace(b'<w:pStyle w:val="main"/>', b'<w:pStyle w:val="Quotations"/>', 1)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, part in parts.items():
            zf.writestr(name, part)
    items = alpdoc.loads(buf.getvalue(), "docx").sections[0].items
    assert [(i.text, i.quote) for i in items if isinstance(i, TextItem)] == [("said", True), ("also", True)]
