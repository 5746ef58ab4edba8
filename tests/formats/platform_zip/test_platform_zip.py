"""The platform-zip format: a whole download zip read in one call, data files through their formats."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from conftest import SHARED, need

import alpdoc
from alpdoc.cli import main
from alpdoc.format_plugins.platform_zip import archive, pad_images
from alpdoc.model import ImageItem, MosaicItem
from alpdoc.testing import check_format

GENERATED = SHARED / "samples" / "platform-exports" / "generated"
MS = "download-1796152724547/"


def _zip(entries: dict[str, bytes | str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return buf.getvalue()


def _pad(pad_id: int, *srcs: str) -> dict:
    items = [{"type": "img", "src": srcs[0]}] if srcs else []
    if len(srcs) > 1:
        items.append({"type": "mosaic", "srcs": list(srcs[1:])})
    return {"pad_id": pad_id, "title": f"pad {pad_id}", "sections": [{"title": "s", "items": items}]}


def _registered(name: str) -> bool:
    return any(name in (s.name, *s.aliases) for s in alpdoc.formats())


def test_conforms():
    check_format("platform-zip", max_examples=15)


def test_a_json_download_reads_as_its_data_file_reads():
    pads = need(GENERATED / "pads.json").read_bytes()
    data = _zip({MS: b"", MS + "solutions-mapping_data.json": pads, MS + "images/pad-56/image-1.jpeg": b"\xff"})
    assert list(alpdoc.loads_all(data, "platform-zip")) == list(alpdoc.loads_all(pads, "pad-json"))
    assert pad_images(data) == {56: [MS + "images/pad-56/image-1.jpeg"]}


def test_geojson_data_is_read_as_geojson():
    geo = need(GENERATED / "pads-except-57-58.geojson.json").read_bytes()
    data = _zip({MS + "solutions-mapping_data.json": geo})
    assert list(alpdoc.loads_all(data, "platform-zip")) == list(alpdoc.loads_all(geo, "geojson"))


def test_per_template_folders_and_their_images():
    first = [_pad(1, "images/pad-1/image-1.png", "images/pad-1/image-2", "https://example.org/x.png")]
    second = [_pad(2, "images/pad-2/image-3.jpeg"), _pad(3, "images/pad-3/image-9.png")]
    data = _zip({
        MS + "experiments_template_7/data.json": json.dumps(first),
        MS + "experiments_template_7/images/pad-1/image-1.png": b"a",
        MS + "experiments_template_7/images/pad-1/image-2": b"b",
        MS + "experiments_template_null/data.json": json.dumps(second),
        MS + "experiments_template_null/images/pad-2/image-3.jpeg": b"c",
    })
    docs = list(alpdoc.loads_all(data, "platform-zip"))
    assert [d.platform.pad_id for d in docs] == [1, 2, 3]
    srcs = [[getattr(i, "src", None) or [x.src for x in i.images] for _s, i in d.iter_items()
             if isinstance(i, (ImageItem, MosaicItem))] for d in docs]
    folder = MS + "experiments_template_7/images/pad-1/"
    assert srcs[0] == [folder + "image-1.png", [folder + "image-2", "https://example.org/x.png"]]
    assert srcs[1] == [MS + "experiments_template_null/images/pad-2/image-3.jpeg"]
    assert srcs[2] == ["images/pad-3/image-9.png"]  # not in the zip: left as the data names it


def test_the_cli_reads_a_zip_and_writes_one_file_per_pad(tmp_path, capsys):
    pads = need(GENERATED / "pads.json").read_bytes()
    src = tmp_path / "download.zip"
    src.write_bytes(_zip({MS: b"", MS + "solutions-mapping_data.json": pads}))
    assert alpdoc.detect_format(src).name == "platform-zip"
    assert main(["info", str(src)]) == 0
    assert "documents: 19" in capsys.readouterr().out
    assert main(["convert", str(src), "-t", "archive-md", "-o", str(tmp_path / "out")]) == 0
    assert len(list((tmp_path / "out").glob("pad-*.md"))) == 19


def test_the_generated_xlsx_download():
    if not _registered("platform-xlsx"):
        pytest.skip("the platform-xlsx format is not registered in this alpdoc")
    data = need(GENERATED / "content-xlsx.zip").read_bytes()
    docs = list(alpdoc.loads_all(data, "platform-zip", source="content-xlsx.zip"))
    direct = list(alpdoc.loads_all(zipfile.ZipFile(io.BytesIO(data)).read(MS + "solutions-mapping_data.xlsx"),
                                   "platform-xlsx"))
    assert [d.platform.pad_id for d in docs] == [d.platform.pad_id for d in direct]
    assert len(docs) == 19
    assert sorted(pad_images(data)) == [5, 41, 42, 43, 56]


def test_a_data_file_whose_format_is_missing_is_a_clear_error(monkeypatch):
    data = _zip({MS + "solutions-mapping_data.xlsx": b"PK not really"})
    if _registered("platform-xlsx"):
        monkeypatch.setattr(alpdoc.api, "formats", lambda: tuple(s for s in alpdoc.plugins.registry().formats()
                                                                  if ".xlsx" not in s.extensions))
    with pytest.raises(alpdoc.FormatError, match="needs the platform-xlsx format, which is not installed"):
        list(alpdoc.loads_all(data, "platform-zip", source="d.zip"))


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        ({MS + "readme.txt": "x"}, r"no data file in the zip .*found download-1796152724547/readme.txt"),
        ({MS + "solutions-mapping_contributors.xlsx": "x"}, "a contributors export"),
        ({}, "no data file in the zip"),
        ({MS + "images/pad-1/data.json": "[]", "__MACOSX/x_data.json": "[]", MS + ".hidden/data.json": "[]"},
         "no data file in the zip"),
    ],
)
def test_a_zip_without_a_data_file(entries, message):
    with pytest.raises(alpdoc.ParseError, match=message):
        list(alpdoc.loads_all(_zip(entries), "platform-zip"))


def test_not_a_zip():
    with pytest.raises(alpdoc.ParseError, match="not a readable zip file"):
        list(alpdoc.loads_all(b"PK\x03\x04 broken", "platform-zip"))


def test_sizes_are_checked_before_anything_is_decompressed(monkeypatch):
    data = _zip({MS + "solutions-mapping_data.json": b"[" + b" " * 5000 + b"]"})
    monkeypatch.setattr(archive, "MAX_MEMBER_BYTES", 1000)

    def never(*_a, **_k):
        raise AssertionError("decompressed")

    monkeypatch.setattr(archive.zipfile.ZipFile, "open", never)
    with pytest.raises(alpdoc.ParseError, match=r"5002 bytes when decompressed, more than 1000: not read"):
        list(alpdoc.loads_all(data, "platform-zip"))


def test_the_total_and_the_entry_count_are_bounded(monkeypatch):
    data = _zip({f"{MS}t_{n}/data.json": b"[]" * 300 for n in range(3)})
    monkeypatch.setattr(archive, "MAX_TOTAL_BYTES", 1000)
    with pytest.raises(alpdoc.ParseError, match="more than 1000: not read"):
        list(alpdoc.loads_all(data, "platform-zip"))
    monkeypatch.setattr(archive, "MAX_ENTRIES", 2)
    with pytest.raises(alpdoc.ParseError, match="lists 3 entries, more than 2"):
        list(alpdoc.loads_all(data, "platform-zip"))


def test_a_header_that_lies_about_the_size_is_refused(monkeypatch):
    data = _zip({MS + "solutions-mapping_data.json": b"[]" + b" " * 100})
    real = archive.zipfile.ZipFile.infolist

    def shrunk(self):
        infos = real(self)
        for info in infos:
            info.file_size = 10
        return infos

    monkeypatch.setattr(archive.zipfile.ZipFile, "infolist", shrunk)
    # zipfile stops at the declared size and finds the CRC wrong; either way no more is read
    with pytest.raises(alpdoc.ParseError, match=r"Bad CRC-32|more than the 10 bytes its header says"):
        list(alpdoc.loads_all(data, "platform-zip"))


def test_office_files_are_not_sniffed_as_downloads(tmp_path):
    office = _zip({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"})
    from alpdoc.format_plugins.platform_zip import FORMAT

    assert not FORMAT.sniff(office[:4096])
    assert FORMAT.sniff(_zip({MS: b""})[:4096])
    assert FORMAT.sniff(_zip({"solutions-mapping_data.csv": b""})[:4096])


def test_per_template_xlsx_and_csv_data_files_read_through_their_formats():
    for name in ("platform-xlsx", "platform-csv"):
        if not _registered(name):
            pytest.skip(f"the {name} format is not registered in this alpdoc")
    xlsx = need(GENERATED / "pads-template-13.xlsx").read_bytes()
    csv = need(GENERATED / "pads-template-11.csv").read_bytes()
    data = _zip({MS + "solutions-mapping_template_13/data.xlsx": xlsx,
                 MS + "solutions-mapping_template_11/data.csv": csv})
    expected = [*alpdoc.read_all(GENERATED / "pads-template-13.xlsx"), *alpdoc.read_all(GENERATED / "pads-template-11.csv")]
    assert list(alpdoc.loads_all(data, "platform-zip")) == expected
