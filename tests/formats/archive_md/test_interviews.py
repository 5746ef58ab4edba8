"""Interviews in archive markdown: timestamped questions, each answer with its own tags (fixtures made up here)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import alpdoc
from alpdoc.format_plugins.archive_md import project_archive_md
from alpdoc.format_plugins.archive_md.escapes import escape_text, unescape_text
from alpdoc.format_plugins.archive_md.interviews import QUESTION_LINE, parse_question
from alpdoc.model import Document, GroupItem, Section, Tag, TextItem

STORY = """\
[[summary:A lab tried things.]]

[[country:Testland]]
[[type:story]]

# A story

### [[0:00]] Tell us your name\\.

I am Ana\\.

### [[0:15]] Thanks\\.

### [[0:27]] Which activity will you share?

[[tools:Design]]
[[tactics:Getting in there]]
A repair café\\.

It went well\\.

[[1:05]] What did you learn?

[[principles:Curiosity]]

- listen
- test
### [[0:01\\]\\]Anything else?

No\\.
"""


def _story() -> Document:
    return alpdoc.loads(STORY, "archive-md")


def test_each_question_is_one_answer_with_its_own_tags() -> None:
    doc = _story()
    items = doc.sections[0].items
    assert [(i.timestamp, i.instruction, i.text) for i in items] == [
        ("0:00", "Tell us your name\\.", "I am Ana\\."),
        ("0:15", "Thanks\\.", ""),
        ("0:27", "Which activity will you share?", "A repair café\\.\n\nIt went well\\."),
        ("1:05", "What did you learn?", "- listen\n- test"),
        ("0:01", "Anything else?", "No\\."),
    ]
    assert [[(t.key, t.value) for t in i.tags] for i in items] == [
        [], [], [("tools", "Design"), ("tactics", "Getting in there")], [("principles", "Curiosity")], [],
    ]
    assert all(isinstance(i, TextItem) and i.interview for i in items)
    # The document's tags are its own: no answer's tags among them.
    assert [(t.key, t.value) for t in doc.tags] == [
        ("summary", "A lab tried things."), ("country", "Testland"), ("type", "story"),
    ]


def test_layout_keeps_how_each_question_line_was_written() -> None:
    items = _story().sections[0].items
    assert [i.layout.marker for i in items] == ["### [[0:00]] ", "### [[0:15]] ", "### [[0:27]] ", "[[1:05]] ",
                                                "### [[0:01\\]\\]"]
    assert alpdoc.dumps(_story(), "archive-md") == STORY
    assert alpdoc.dumps(_story(), "archive-md").encode() == STORY.encode()


def test_layout_is_not_content() -> None:
    plain = STORY.replace("[[1:05]] ", "### [[1:05]] ").replace("### [[0:01\\]\\]", "### [[0:01]] ")
    assert alpdoc.loads(plain, "archive-md") == _story()


def test_a_document_built_in_code_gets_the_usual_question_lines() -> None:
    doc = Document(title="S", tags=(Tag(key="type", value="story"),), sections=(Section(items=(
        TextItem(instruction="First?", text="Yes.", timestamp="0:05", tags=(Tag(key="tools", value="Design"),)),
        TextItem(instruction="Second?", timestamp="1:02:03"),
    )),))
    text = alpdoc.dumps(doc, "archive-md")
    assert "### [[0:05]] First?\n\n[[tools:Design]]\nYes.\n\n### [[1:02:03]] Second?\n" in text
    assert alpdoc.loads(text, "archive-md") == doc


def test_changed_timestamp_or_question_is_written_fresh() -> None:
    import attrs

    item = _story().sections[0].items[4]
    moved = attrs.evolve(item, timestamp="0:02", instruction="]x")
    doc = Document(title="S", sections=(Section(items=(moved,)),))
    text = alpdoc.dumps(doc, "archive-md")
    assert "### [[0:02]] ]x\n" in text  # the old marker would not read back as this question
    assert alpdoc.loads(text, "archive-md").sections[0].items[0] == moved


def test_timestamped_text_lines_are_escaped() -> None:
    text = "### [[0:00]] not a question\n[[1:00]] neither\n\\### [[2:00]] escaped already"
    doc = Document(title="T", sections=(Section(items=(TextItem(instruction="Q", text=text),)),))
    written = alpdoc.dumps(doc, "archive-md")
    assert "\\### [[0:00]] not a question\n\\[[1:00]] neither\n\\\\### [[2:00]]" in written
    assert alpdoc.loads(written, "archive-md") == doc
    assert project_archive_md(doc) == doc


def test_what_an_interview_line_cannot_hold_is_projected() -> None:
    doc = Document(title="T", sections=(Section(items=(
        TextItem(instruction="two\nlines", text="a", timestamp="1:00"),
        TextItem(instruction="Q", text="b", timestamp="soon", tags=(Tag(key="k", value="v"),)),
    )),))
    back = alpdoc.loads(alpdoc.dumps(doc, "archive-md"), "archive-md")
    assert back == project_archive_md(doc)
    first, second = back.sections[0].items
    assert (first.instruction, first.timestamp) == ("two lines", "1:00")
    assert (second.instruction, second.timestamp, second.tags) == ("Q", None, ())  # written as a '> ' question


def test_interview_inside_a_group_div() -> None:
    group = GroupItem(instruction="G", records=((TextItem(instruction="Q", text="A", timestamp="0:01"),),))
    doc = Document(title="T", sections=(Section(title="S", items=(group,)),))
    assert alpdoc.loads(alpdoc.dumps(doc, "archive-md"), "archive-md") == doc


def test_other_lines_are_not_questions() -> None:
    for line in ("### Yes, and more", "[[tools:Design]]", "[[1:00pm]] x", "### [[1:2]] x", "## [[1:00]] x", "#### [[1:00]] x",
                 "[1:00] x", "\\[[1:00]] x"):
        assert parse_question(line) is None, line
    assert parse_question("### [[2:40 And then?") == ("### [[2:40 ", "2:40", "And then?")
    assert parse_question("### \\[11:01]] Any other?") == ("### \\[11:01]] ", "11:01", "Any other?")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["### [[0:00]] q", "[[1:00]] q", "### \\[2:00]] q", "### [[3:00\\] q", "x",
                                 "\\### [[4:00]] q", "\\\\[[5:00]]", "### [[6:00", "### [[7:00]]"]), max_size=5))
def test_every_question_line_is_escaped_and_escapes_invert(lines: list[str]) -> None:
    text = "\n".join(lines)
    escaped = escape_text(text)
    assert unescape_text(escaped) == text
    assert not any(QUESTION_LINE.fullmatch(line) for line in escaped.split("\n"))
