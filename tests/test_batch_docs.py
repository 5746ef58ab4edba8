"""The generated documentation page: the lossiness matrix built from the format registry."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

import alpdoc

GEN = Path(__file__).resolve().parents[1] / "docs" / "gen_matrix.py"


def _gen():  # noqa: ANN202
    if not GEN.is_file():
        pytest.skip("docs/ not present")
    pytest.importorskip("alpdoc.conversion")
    spec = importlib.util.spec_from_file_location("gen_matrix", GEN)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_matrix_lists_every_writable_format() -> None:
    gen = _gen()
    names, rows, notes = gen.matrix()
    assert names == [s.name for s in alpdoc.formats() if s.can_write]
    assert not notes  # the sample can be written in every format
    json_column = [cells[names.index("json")] for _kind, cells in rows]
    assert set(json_column) == {"kept"}  # json is lossless
    table = dict((kind, cells[names.index("table")]) for kind, cells in rows)
    assert table["section leads"] == "**lost**" and table["text answers"] == "kept"
    text = gen.markdown()
    assert text.startswith("# What each format keeps\n") and "| `archive-md` |" in text
