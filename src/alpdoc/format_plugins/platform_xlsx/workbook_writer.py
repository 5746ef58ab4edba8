"""Writing a workbook of plain sheets the way the platform's SheetJS export does.

Strings are inline (``t="str"``, no shared strings table), booleans
``t="b"``, numbers exact (``repr`` of a float, every digit of an integer),
datetimes serial numbers in number format 14 (``m/d/yy``; the time is kept
in the value; a day before March 1900, which has no agreed serial number,
as its ISO text). ``docProps/app.xml`` names the sheets; the zip's time stamps
are fixed, so the same sheets give the same bytes. The XML is written here
rather than through openpyxl's writer, which keeps only 16 significant
digits of a float and rounds datetimes to milliseconds on the way.
"""

from __future__ import annotations

import datetime
import io
import math
import zipfile
from collections.abc import Iterable, Sequence
from xml.sax.saxutils import escape as _xml_escape

from ...errors import FormatError
from .escapes import encode_escapes

__all__ = ["Sheet", "write_workbook", "column_letters", "MAX_CELL_CHARS"]

MAX_CELL_CHARS = 32_767
"""The most characters (UTF-16 code units, as Excel and SheetJS count) one cell may hold."""

Sheet = tuple[str, Sequence[object], Sequence[Sequence[object]]]
"""``(name, header, rows)``: one sheet; ``header`` is written as row 1."""

_EPOCH = datetime.datetime(1899, 12, 30)
_FIRST_DATE = datetime.datetime(1900, 3, 1)
"""The first day whose serial number every reader agrees on (Excel counts a 29 February 1900)."""
_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_STAMP = (1980, 1, 1, 0, 0, 0)

_STYLES = (
    _HEAD + f'<styleSheet xmlns="{_NS}"><fonts count="1"><font><sz val="12"/><color theme="1"/>'
    '<name val="Calibri"/><family val="2"/><scheme val="minor"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/>'
    '</fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles><dxfs count="0"/>'
    '<tableStyles count="0" defaultTableStyle="TableStyleMedium9" defaultPivotStyle="PivotStyleMedium4"/>'
    "</styleSheet>"
)


def column_letters(index: int) -> str:
    """The letters of 1-based column ``index`` (1 -> ``A``, 27 -> ``AA``)."""
    out = ""
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(65 + rest) + out
    return out


def _too_long(sheet: str, ref: str, size: int) -> FormatError:
    return FormatError(
        f"{sheet}!{ref}: a spreadsheet cell holds at most {MAX_CELL_CHARS:,} characters, this one would hold "
        f"{size:,} (the platform's export fails the same way); shorten the text or use another format"
    )


def _string_cell(sheet: str, ref: str, text: str) -> str:
    if len(text) > MAX_CELL_CHARS // 2:  # cheap test first: only long texts are counted in UTF-16 units
        size = len(text.encode("utf-16-le", "surrogatepass")) // 2
        if size > MAX_CELL_CHARS:
            raise _too_long(sheet, ref, size)
    body = _xml_escape(encode_escapes(text))
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f'<c r="{ref}" t="str"><v{space}>{body}</v></c>'


def _cell(sheet: str, ref: str, value: object) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return _string_cell(sheet, ref, value)
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int):
        return f'<c r="{ref}"><v>{value}</v></c>'
    if isinstance(value, float):
        if not math.isfinite(value):
            raise FormatError(f"{sheet}!{ref}: a spreadsheet cannot hold the number {value!r}")
        return f'<c r="{ref}"><v>{value!r}</v></c>'
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None and value < _FIRST_DATE:  # no serial number for it: its text, as a date cell reads
            return _string_cell(sheet, ref, value.isoformat(sep=" "))
        return f'<c r="{ref}" s="1"><v>{_serial(sheet, ref, value)!r}</v></c>'
    raise FormatError(f"{sheet}!{ref}: cannot write a {type(value).__name__} in a spreadsheet cell")


def _serial(sheet: str, ref: str, value: datetime.datetime) -> float:
    """Excel's serial day number of ``value`` (1900 date system, with its leap-year bug before March 1900)."""
    if value.tzinfo is not None:
        raise FormatError(f"{sheet}!{ref}: a spreadsheet date has no time zone ({value.isoformat()})")
    delta = value - _EPOCH
    return delta.days + (delta.seconds + delta.microseconds / 1_000_000) / 86_400


def _sheet_xml(name: str, header: Sequence[object], rows: Sequence[Sequence[object]]) -> Iterable[str]:
    letters: list[str] = []
    width = max([len(header), *(len(row) for row in rows)])
    # The stated size lets readers (openpyxl's read-only mode) skip scanning the sheet for it.
    size = f"A1:{column_letters(max(width, 1))}{len(rows) + 1}"
    yield (_HEAD + f'<worksheet xmlns="{_NS}" xmlns:r="{_R_NS}"><dimension ref="{size}"/><sheetViews>'
           '<sheetView workbookViewId="0"/></sheetViews><sheetData>')
    for number, row in enumerate(_with_header(header, rows), start=1):
        while len(letters) < len(row):
            letters.append(column_letters(len(letters) + 1))
        cells = "".join(_cell(name, f"{letters[i]}{number}", value) for i, value in enumerate(row))
        yield f'<row r="{number}">{cells}</row>'
    yield "</sheetData></worksheet>"


def _with_header(header: Sequence[object], rows: Sequence[Sequence[object]]) -> Iterable[Sequence[object]]:
    yield header
    yield from rows


def _entry(zf: zipfile.ZipFile, name: str, text: str | Iterable[str]) -> None:
    info = zipfile.ZipInfo(name, date_time=_STAMP)
    info.compress_type = zipfile.ZIP_DEFLATED
    body = text if isinstance(text, str) else "".join(text)
    # level 1: a third of the time of zlib's default for a few per cent more bytes (SheetJS stores, uncompressed)
    zf.writestr(info, body.encode("utf-8"), compresslevel=1)


def _attr(text: str) -> str:
    return _xml_escape(text, {'"': "&quot;"})


def write_workbook(sheets: Sequence[Sheet]) -> bytes:
    """The bytes of an XLSX workbook holding ``sheets`` in order (a sheet name is at most 31 characters)."""
    names = [name for name, _header, _rows in sheets]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for number, (name, header, rows) in enumerate(sheets, start=1):
            _entry(zf, f"xl/worksheets/sheet{number}.xml", _sheet_xml(name, header, rows))
        sheet_list = "".join(
            f'<sheet name="{_attr(name)}" sheetId="{n}" r:id="rId{n}"/>' for n, name in enumerate(names, start=1)
        )
        _entry(zf, "xl/workbook.xml", _HEAD + f'<workbook xmlns="{_NS}" xmlns:r="{_R_NS}"><workbookPr/>'
               f"<sheets>{sheet_list}</sheets></workbook>")
        rels = "".join(
            f'<Relationship Id="rId{n}" Type="{_DOC_REL}/worksheet" Target="worksheets/sheet{n}.xml"/>'
            for n in range(1, len(names) + 1)
        )
        styles_id = len(names) + 1
        _entry(zf, "xl/_rels/workbook.xml.rels", _HEAD + f'<Relationships xmlns="{_PKG_REL}">{rels}'
               f'<Relationship Id="rId{styles_id}" Type="{_DOC_REL}/styles" Target="styles.xml"/></Relationships>')
        _entry(zf, "xl/styles.xml", _STYLES)
        _entry(zf, "docProps/app.xml", _app_xml(names))
        _entry(zf, "docProps/core.xml", _HEAD + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/'
               'package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
               'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
               'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/>')
        _entry(zf, "_rels/.rels", _HEAD + f'<Relationships xmlns="{_PKG_REL}">'
               f'<Relationship Id="rId1" Type="{_DOC_REL}/officeDocument" Target="xl/workbook.xml"/>'
               f'<Relationship Id="rId2" Type="{_PKG_REL}/metadata/core-properties" Target="docProps/core.xml"/>'
               f'<Relationship Id="rId3" Type="{_DOC_REL}/extended-properties" Target="docProps/app.xml"/>'
               "</Relationships>")
        _entry(zf, "[Content_Types].xml", _content_types(len(names)))
    return buffer.getvalue()


def _app_xml(names: Sequence[str]) -> str:
    parts = "".join(f"<vt:lpstr>{_xml_escape(name)}</vt:lpstr>" for name in names)
    return (
        _HEAD + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Application>alpdoc'
        '</Application><HeadingPairs><vt:vector size="2" baseType="variant"><vt:variant><vt:lpstr>Worksheets'
        f'</vt:lpstr></vt:variant><vt:variant><vt:i4>{len(names)}</vt:i4></vt:variant></vt:vector></HeadingPairs>'
        f'<TitlesOfParts><vt:vector size="{len(names)}" baseType="lpstr">{parts}</vt:vector></TitlesOfParts>'
        "</Properties>"
    )


def _content_types(count: int) -> str:
    base = "application/vnd.openxmlformats-officedocument"
    sheets = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{base}.spreadsheetml.worksheet+xml"/>'
        for n in range(1, count + 1)
    )
    return (
        _HEAD + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{base}.spreadsheetml.sheet.main+xml"/>{sheets}'
        f'<Override PartName="/xl/styles.xml" ContentType="{base}.spreadsheetml.styles+xml"/>'
        '<Override PartName="/docProps/core.xml" '
        'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        f'<Override PartName="/docProps/app.xml" ContentType="{base}.extended-properties+xml"/>'
        "</Types>"
    )
