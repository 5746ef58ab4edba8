"""The table's ``group`` column and distinct ``countries``: rows of two groups asking the same questions stay apart."""

from __future__ import annotations

import alpdoc
from alpdoc import analysis
from alpdoc.model import Document, GroupItem, Section, Tag, TextItem

# Two groups with the same sub-question, as the evidence sections of many action learning plans have them.
EVIDENCE = """\
# Evidence

[[type:learningplan]]

[[country:Testland]]
[[latlng:1.5,2.25]]
[[country:Testland]]
[[latlng:3.5,4.25]]
[[country:Otherland]]
## Evidence
****

> Quantitative evidence

<div class="group">

> Source:

A survey

</div>

> Qualitative evidence

<div class="group">

> Source:

Interviews

</div>
"""


def test_rows_of_groups_with_the_same_sub_question_are_told_apart() -> None:
    rows = list(analysis.iter_rows(alpdoc.loads(EVIDENCE, "archive-md"), "e.md"))
    assert [(r["group"], r["instruction"], r["answer"]) for r in rows] == [
        ("Quantitative evidence", "Source:", "A survey"),
        ("Qualitative evidence", "Source:", "Interviews"),
    ]
    assert analysis.COLUMNS[-1] == "group" and analysis.COLUMNS[:11] == (
        "doc_id", "kind", "title", "year", "countries", "section", "instruction", "record", "answer", "choices",
        "item_kind",
    )  # the earlier columns keep their places


def test_countries_column_names_each_country_once() -> None:
    rows = list(analysis.iter_rows(alpdoc.loads(EVIDENCE, "archive-md"), "e.md"))
    assert rows[0]["countries"] == "Testland; Otherland"


def test_nested_and_unanswered_groups() -> None:
    inner = GroupItem(instruction="Contacts", records=((TextItem(instruction="Name", text="Ana"),),))
    doc = Document(sections=(Section(items=(
        TextItem(instruction="Outside", text="x"),
        GroupItem(instruction="Partners", records=((inner,),)),
        GroupItem(instruction="Empty group"),
        GroupItem(records=((TextItem(instruction="Q", text="a"),),)),
    )),))
    rows = list(analysis.iter_rows(doc, "d"))
    assert [(r["group"], r["record"], r["instruction"]) for r in rows] == [
        ("", None, "Outside"),
        ("Partners / Contacts", "1.1", "Name"),
        ("", None, "Empty group"),  # an unanswered group is its own row, outside any group
        ("", "1", "Q"),  # a group without a question
    ]
    assert next(analysis.iter_rows(Document(), "e"))["group"] == ""


def test_group_column_in_csv_jsonl_and_dataframe(tmp_path) -> None:
    doc = alpdoc.loads(EVIDENCE, "archive-md")
    text = alpdoc.dumps(doc, "table")
    assert text.splitlines()[0].endswith(",item_kind,group")
    assert analysis.write_jsonl(analysis.iter_rows(doc, "e.md"), tmp_path / "rows.jsonl") == 2
    assert '"group": "Qualitative evidence"' in (tmp_path / "rows.jsonl").read_text(encoding="utf-8")


def test_interview_answers_are_text_rows() -> None:
    doc = Document(tags=(Tag(key="type", value="story"),), sections=(Section(items=(
        TextItem(instruction="What did you learn?", text="A lot.", timestamp="1:05", tags=(Tag(key="tools", value="Design"),)),
    )),))
    (row,) = analysis.iter_rows(doc, "s.md")
    assert (row["instruction"], row["answer"], row["item_kind"], row["group"]) == ("What did you learn?", "A lot.", "text", "")
