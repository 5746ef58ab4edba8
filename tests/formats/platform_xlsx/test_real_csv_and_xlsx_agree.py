"""Pads the real CSV and a real XLSX export both hold read to the same content."""

from __future__ import annotations

from conftest import SHARED, need

import alpdoc

REAL = SHARED / "samples" / "platform-exports" / "real"


def _by_pad(name: str) -> dict[int | None, alpdoc.Document]:
    return {doc.platform.pad_id: doc for doc in alpdoc.read_all(need(REAL / name)) if doc.platform is not None}


def test_pads_in_the_csv_and_the_maghreb_workbook_read_alike() -> None:
    csv = _by_pad("all_africa.csv")
    xlsx = _by_pad("all_maghreb.xlsx")
    common = sorted(set(csv) & set(xlsx))
    assert common, "the two exports share pads"
    for pad_id in common:
        a, b = csv[pad_id], xlsx[pad_id]
        assert (a.title, a.sections) == (b.title, b.sections), pad_id
        assert (a.platform.status, a.platform.template) == (b.platform.status, b.platform.template), pad_id
