"""The ``table`` format, ``alpdoc table`` and ``alpdoc.to_dataframe``: one row per answer."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import pytest

import alpdoc
from alpdoc import analysis
from alpdoc.cli import main
from alpdoc.model import (
    ChoiceItem,
    Document,
    GroupItem,
    ImageItem,
    LinkItem,
    Option,
    PlatformInfo,
    Section,
    Tag,
    TextItem,
)

PLAN = """\
# Repair hubs

[[type:learningplan]]

[[year:2023]]
[[country:Testland]]
[[latlng:1.5,2.25]]
[[country:Otherland]]
## Challenge
****

> What is your challenge?

Tools are expensive.
Really.

> Which methods will you use?

- Prototyping
- Surveys
## Partners
****

> Who are your partners?

<div class="group">

> Name of the partner:

Wheel Friends Club

</div>

<div class="group">

> Name of the partner:

City Transport Office

</div>
"""


def _doc() -> Document:
    return Document(
        title="Built in code",
        tags=(Tag(key="type", value="solution"), Tag(key="country", value="Testland"), Tag(key="sdgs", value="1. No poverty")),
        sections=(
            Section(
                title="S",
                lead="a lead",
                items=(
                    TextItem(instruction="Q1", text="A1"),
                    ChoiceItem(instruction="Q2", options=(Option(name="x"), Option(name="y", checked=False), Option(name="z"))),
                    ChoiceItem(instruction="Q3", options=(Option(name="only"),), multiple=False),
                    ImageItem(instruction="Q4", src="https://example.org/a.png", alt="alt"),
                    LinkItem(instruction="Q5", url="https://example.org", text="site"),
                    GroupItem(
                        instruction="Partners",
                        records=((TextItem(instruction="Name", text="P1"),), (TextItem(instruction="Name", text="P2"),)),
                    ),
                ),
            ),
        ),
        platform=PlatformInfo(pad_id=4242),
    )


def test_rows_of_a_document() -> None:
    rows = list(analysis.iter_rows(_doc(), "ignored.md"))
    assert [r["item_kind"] for r in rows] == ["text", "checklist", "radio", "image", "link", "text", "text"]
    assert {r["doc_id"] for r in rows} == {"4242"}  # the pad id wins over the file name
    assert rows[0]["kind"] == "solution" and rows[0]["countries"] == "Testland" and rows[0]["year"] is None
    assert rows[1]["choices"] == "x; z" and rows[1]["answer"] == ""
    assert rows[2]["choices"] == "only"
    assert rows[3]["answer"] == "https://example.org/a.png"
    assert [(r["record"], r["answer"]) for r in rows[5:]] == [("1", "P1"), ("2", "P2")]
    assert rows[0]["record"] is None
    assert list(rows[0]) == list(analysis.COLUMNS)


def test_document_without_items_gives_one_row() -> None:
    rows = list(analysis.iter_rows(Document(title="Empty"), "e.md"))
    assert len(rows) == 1 and rows[0]["doc_id"] == "e.md" and rows[0]["item_kind"] == ""


def test_format_is_registered_and_write_only() -> None:
    spec = alpdoc.get_format("table")
    assert spec.can_write and not spec.can_read
    text = alpdoc.dumps(alpdoc.loads(PLAN, "archive-md"), "table")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert tuple(rows[0]) == analysis.COLUMNS
    assert rows[0]["answer"] == "Tools are expensive.\nReally."
    assert rows[0]["countries"] == "Testland; Otherland" and rows[0]["year"] == "2023"
    assert rows[1]["choices"] == "Prototyping; Surveys"
    assert [r["record"] for r in rows[2:]] == ["1", "2"]


def test_loss_report_names_what_the_table_drops() -> None:
    conversion = pytest.importorskip("alpdoc.conversion")
    with pytest.warns(conversion.LossWarning):
        result = conversion.convert_doc(_doc(), "table", source="document")
    losses = result.report.losses
    assert losses.get("tag") == 1  # the SDG tag
    assert losses.get("section lead") == 1
    assert losses.get("option") == 1  # the unchecked one
    assert losses.get("platform info") == 1
    for kept in ("title", "answer text", "option checked", "image", "link", "record boundary", "instruction"):
        assert kept not in losses


def test_table_command_csv_and_jsonl(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "plan.md").write_text(PLAN, encoding="utf-8")
    (tmp_path / "in" / "bad.md").write_bytes(b"\x00")
    out = tmp_path / "rows.csv"
    assert main(["table", str(tmp_path / "in"), "-o", str(out)]) == 1  # bad.md failed, the rest written
    assert "bad.md: failed" in capsys.readouterr().err
    rows = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    assert len(rows) == 4 and rows[0]["doc_id"].endswith("plan.md")
    assert main(["table", str(tmp_path / "in" / "plan.md"), "-o", str(out)]) == 2  # exists, no --force
    jl = tmp_path / "rows.jsonl"
    assert main(["table", str(tmp_path / "in" / "plan.md"), "-o", str(jl)]) == 0
    lines = jl.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 4
    first = json.loads(lines[0])
    assert first["year"] == 2023 and first["record"] is None and json.loads(lines[2])["record"] == "1"
    assert main(["table", str(tmp_path / "in" / "plan.md"), "-o", str(tmp_path / "rows.txt")]) == 2
    capsys.readouterr()
    assert main(["table", str(tmp_path / "in" / "plan.md"), "--jsonl"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 4


def test_to_dataframe() -> None:
    pd = pytest.importorskip("pandas")
    frame = alpdoc.to_dataframe([_doc(), alpdoc.loads(PLAN, "archive-md")])
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns) == list(analysis.COLUMNS)
    assert len(frame) == 7 + 4
    assert frame["year"].dtype == "Int64"


def test_to_dataframe_without_pandas(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas now raises ImportError
    with pytest.raises(alpdoc.AlpdocError, match=r"alpdoc\[pandas\]"):
        alpdoc.to_dataframe([_doc()])
