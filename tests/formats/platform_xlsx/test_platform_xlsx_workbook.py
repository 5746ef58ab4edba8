"""The XLSX layer of ``platform-xlsx``: escapes, typed cells, Excel-style workbooks, limits, damaged files."""

from __future__ import annotations

import datetime
import io
import zipfile

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alpdoc.errors import FormatError, ParseError
from alpdoc.format_plugins.platform_xlsx.escapes import decode_escapes, encode_escapes
from alpdoc.format_plugins.platform_xlsx.workbook_reader import Workbook
from alpdoc.format_plugins.platform_xlsx.workbook_writer import MAX_CELL_CHARS, column_letters, write_workbook


def read_back(data: bytes, sheet: str = "data-main") -> list[tuple]:
    with Workbook(data, "test.xlsx") as book:
        return [cells for _n, cells in book.rows(sheet)]


@pytest.mark.parametrize(
    ("stored", "text"),
    [
        ("a_x000d_b", "a\rb"),  # SheetJS: lower case
        ("a_x000D_b", "a\rb"),  # Excel: upper case
        ("_x0001__x001F_", "\x01\x1f"),
        ("_x005F_x000D_", "_x000D_"),  # an escaped literal escape
        ("_x12_ x000D_ _xZZZZ_", "_x12_ x000D_ _xZZZZ_"),  # not escapes
        ("_xD800_", "_xD800_"),  # a lone surrogate stays text
    ],
)
def test_escapes_decode(stored: str, text: str) -> None:
    assert decode_escapes(stored) == text


@settings(max_examples=200)
@given(st.text())
def test_escapes_round_trip(text: str) -> None:
    encoded = encode_escapes(text)
    assert decode_escapes(encoded) == text
    assert not any(c in encoded for c in "\r\x00\x0b\ufffe")


def test_column_letters() -> None:
    assert [column_letters(n) for n in (1, 26, 27, 52, 53, 702, 703)] == ["A", "Z", "AA", "AZ", "BA", "ZZ", "AAA"]


def test_typed_cells_read_back_exactly() -> None:
    when = datetime.datetime(2025, 2, 7, 12, 41, 50, 458000)
    row = (58, "c-3", when, True, False, 0.1 + 0.2, 10**20, None, "=SUM(A1)", "#N/A", " edge \n", "a\rb\x00_x000d_")
    data = write_workbook([("data-main", ("pad_id", *"abcdefghijk"), [row])])
    assert read_back(data)[1] == row
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml").decode()
        styles = zf.read("xl/styles.xml").decode()
    assert 't="str"' in sheet and "sharedStrings" not in sheet and 'numFmtId="14"' in styles
    assert "a_x000d_b_x0000__x005f_x000d_" in sheet
    loaded = openpyxl.load_workbook(io.BytesIO(data))  # the full (not read-only) openpyxl opens it too
    assert loaded["data-main"]["C2"].number_format == "mm-dd-yy" and loaded["data-main"]["C2"].value == when


def test_excel_shared_strings_and_upper_case_escapes() -> None:
    """A workbook as Excel saves it (openpyxl writes shared strings when not write-only... it writes inline;
    so the shared strings part is built by hand, the way Excel lays it out)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "data-main"
    ws.append(["pad_id", "title"])
    ws.append([7, "placeholder"])
    buffer = io.BytesIO()
    wb.save(buffer)
    data = _with_shared_strings(buffer.getvalue(), ["pad_id", "title", "line_x000D_\nnext _x005F_x000D_ x005F_"])
    assert read_back(data) == [("pad_id", "title"), (7, "line\r\nnext _x000D_ x005F_")]


def _with_shared_strings(data: bytes, strings: list[str]) -> bytes:
    """``data`` with every string cell of sheet1 replaced by a shared-string reference, in order."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    import re

    counter = iter(range(len(strings)))
    with zipfile.ZipFile(out, "w") as zf:
        for info in source.infolist():
            body = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                body = re.sub(rb'<c r="([A-Z]+\d+)"([^>]*) t="inlineStr"><is><t>[^<]*</t></is></c>',
                              lambda m: b'<c r="%s"%s t="s"><v>%d</v></c>' % (m.group(1), m.group(2), next(counter)),
                              body)
            if info.filename == "[Content_Types].xml":
                body = body.replace(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
            if info.filename == "xl/_rels/workbook.xml.rels":
                body = body.replace(b"</Relationships>", b'<Relationship Id="rIdS" Type="http://schemas.openxmlformats'
                                    b'.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
                                    b"</Relationships>")
            zf.writestr(info, body)
        items = "".join(f"<si><t xml:space=\"preserve\">{s}</t></si>" for s in strings)
        zf.writestr("xl/sharedStrings.xml", '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.'
                    f'openxmlformats.org/spreadsheetml/2006/main" count="{len(strings)}">{items}</sst>')
    return out.getvalue()


def test_cell_limit_is_a_clear_error() -> None:
    longest = "x" * MAX_CELL_CHARS
    assert read_back(write_workbook([("data-main", ("pad_id", "content"), [(1, longest)])]))[1] == (1, longest)
    with pytest.raises(FormatError, match=r"data-main!B2: .*32,767 characters.*32,768"):
        write_workbook([("data-main", ("pad_id", "content"), [(1, longest + "y")])])
    with pytest.raises(FormatError, match=r"32,767 characters.*32,768"):  # counted in UTF-16 units, as Excel does
        write_workbook([("data-main", ("pad_id", "content"), [(1, "\U0001f600" * 16_384)])])


def test_days_before_march_1900_are_written_as_text() -> None:
    early, first = datetime.datetime(1899, 1, 1, 3, 4, 5), datetime.datetime(1900, 3, 1)
    data = write_workbook([("data-main", ("pad_id", "x"), [(1, early), (2, first)])])
    assert read_back(data)[1:] == [(1, "1899-01-01 03:04:05"), (2, first)]


def test_unwritable_values_are_clear_errors() -> None:
    with pytest.raises(FormatError, match=r"data-main!B2: .*nan"):
        write_workbook([("data-main", ("pad_id", "x"), [(1, float("nan"))])])
    aware = datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)
    with pytest.raises(FormatError, match=r"data-main!B2: .*time zone"):
        write_workbook([("data-main", ("pad_id", "x"), [(1, aware)])])


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "zip archive"),
        (b"pad_id,title\n1,x\n", "zip archive"),
        (b"PK\x03\x04garbage", "damaged"),
    ],
)
def test_damaged_input_is_a_parse_error(data: bytes, message: str) -> None:
    with pytest.raises(ParseError, match=message) as caught:
        Workbook(data, "bad.xlsx")
    assert caught.value.source == "bad.xlsx"


def test_a_zip_that_is_no_workbook() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(ParseError, match=r"no xl/workbook.xml.*Word document"):
        Workbook(buffer.getvalue(), "letter.docx")


def test_truncated_sheet_names_the_sheet_and_row() -> None:
    rows = [(n, "text " * 50) for n in range(2000)]
    data = write_workbook([("data-main", ("pad_id", "content"), rows)])
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for info in source.infolist():
            body = source.read(info)
            if info.filename.endswith("sheet1.xml"):
                body = body[: len(body) // 2] + b"<c r=" + body[len(body) // 2 + 40:]
            zf.writestr(info, body)
    with pytest.raises(ParseError, match=r"data-main!A\d+: the sheet cannot be read after row \d+"):
        read_back(out.getvalue())
