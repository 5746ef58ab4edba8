"""The generated documentation page: the lossiness matrix built from the format registry."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

import alpdoc

GEN = Path(__file__).resolve().parents[1] / "docs" / "gen_matrix.py"


def _gen():
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
    table = {kind: cells[names.index("table")] for kind, cells in rows}
    assert table["section lead"].endswith(" changed**") and table["answer text"] == "kept"
    text = gen.markdown()
    assert text.startswith("# What each format keeps\n") and "| `archive-md` |" in text


def test_cli_page_documents_every_batch_option_and_exit_code() -> None:
    from alpdoc.cli import build_parser

    page = GEN.parent / "cli.md"
    if not page.is_file():
        pytest.skip("docs/ not present")
    text = page.read_text(encoding="utf-8")
    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command").choices
    for name in ("convert", "check", "table"):
        for action in commands[name]._actions:
            if any(not o.startswith("--") for o in action.option_strings):
                continue  # documented by its short form (-t, -o, -f, -j)
            for option in action.option_strings:
                assert f"`{option}" in text or f"[{option}" in text, (name, option)
    for code in ("130", "143", "`.alpdoc-output`", "--skip-existing", "PR_SET_PDEATHSIG", "fsync"):
        assert code in text, code
