"""page-text with a UTF-8 byte order mark and CRLF line ends: read, and written back byte for byte."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import alpdoc
from alpdoc import ParseError, TextItem
from alpdoc.format_plugins.page_text.vocabulary import DISCLAIMERS
from alpdoc.plugins import call_project
from alpdoc.templates import Template, TemplateItem, TemplateSection
from alpdoc.testing import hostile_documents

FORM = Template(name="garden", doc_kind="learningplan", sections=(TemplateSection(title="Setup", items=(
    TemplateItem(instruction="What did you plant?"), TemplateItem(instruction="Tools used", kind="checklist"))),))
LINES = ["Disclaimer:", DISCLAIMERS["learningplan"], "Setup", "What did you plant?", "Beans", "Tools used",
         "Spade, Rake", "Comments", "Log in to add a comment or reply."]
BOM = b"\xef\xbb\xbf"


@pytest.mark.parametrize("bom", [b"", BOM])
@pytest.mark.parametrize("end", [b"\n", b"\r\n"])
@pytest.mark.parametrize("final", [False, True])
def test_bom_and_line_ends_are_read_and_written_back(bom: bytes, end: bytes, final: bool) -> None:
    data = bom + end.join(line.encode() for line in LINES) + (end if final else b"")
    doc = alpdoc.loads(data, "page-text", templates=FORM)
    lf = alpdoc.loads("\n".join(LINES), "page-text", templates=FORM)
    assert doc.sections == lf.sections and doc.template == "garden"
    (planted, tools) = doc.sections[0].items
    assert planted == TextItem(instruction="What did you plant?", text="Beans")  # no CR left in any text
    assert tools.selected == ("Spade", "Rake")
    assert doc.layout is not None and doc.layout.bom == bool(bom)
    assert alpdoc.dumps(doc, "page-text").encode("utf-8") == data
    spec = alpdoc.get_format("page-text")
    assert call_project(spec, doc, alpdoc.ReaderOptions(templates=FORM)) == doc


def test_a_bom_and_crlf_page_is_recognised_as_page_text(tmp_path) -> None:
    path = tmp_path / "pad.txt"
    path.write_bytes(BOM + b"\r\n".join(line.encode() for line in LINES))
    assert alpdoc.get_format("page-text").sniff(path.read_bytes()[:64])
    assert alpdoc.read(path, templates=FORM).template == "garden"


@pytest.mark.parametrize(("data", "line", "fragment"), [
    ("\r\n".join(LINES[:4]) + "\n" + "\r\n".join(LINES[4:]), 4, "ends in LF, the first line in CRLF"),
    ("\n".join(LINES[:5]) + "\r\n" + "\n".join(LINES[5:]), 5, "ends in CRLF, the first line in LF"),
    ("\r".join(LINES), 1, "CR alone"),
])
def test_mixed_line_ends_are_an_error(data: str, line: int, fragment: str) -> None:
    with pytest.raises(ParseError) as info:
        alpdoc.loads(data, "page-text", templates=FORM)
    assert info.value.line == line and fragment in str(info.value), str(info.value)


def test_a_document_not_read_from_a_page_is_written_with_lf() -> None:
    doc = alpdoc.loads("\n".join(LINES).encode(), "page-text", templates=FORM)
    fresh = alpdoc.Document(sections=doc.sections, tags=doc.tags)
    assert alpdoc.dumps(fresh, "page-text") == "\n".join(LINES)


@settings(max_examples=30)
@given(doc=hostile_documents(), bom=st.booleans(), crlf=st.booleans())
def test_any_written_page_with_bom_or_crlf_reads_and_writes_back(doc: alpdoc.Document, bom: bool, crlf: bool) -> None:
    text = alpdoc.dumps(doc, "page-text")
    data = ("\ufeff" if bom else "") + (text.replace("\n", "\r\n") if crlf else text)
    back = alpdoc.loads(data.encode("utf-8"), "page-text")
    assert alpdoc.dumps(back, "page-text") == data
    assert alpdoc.get_format("page-text").project(back) == back
