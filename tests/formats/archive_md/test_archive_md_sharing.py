"""What the reader shares to stay small on files of tiny lines: equal items, tags and Lark's tokens.

Sharing must never change what is read or written: only objects that are the
same in every field (strings exactly equal, not equal as content) are shared.
"""

from __future__ import annotations

import alpdoc
from alpdoc.format_plugins.archive_md.blocks import _SHARED, Blocks, OneRun, TagLines, parse_blocks


def _items(text: str) -> tuple[alpdoc.Item, ...]:
    return alpdoc.loads(text, "archive-md").sections[0].items


def test_repeated_items_are_one_object() -> None:
    text = "# T\n\n" + "> q\n\nthe same answer\n\n" * 3 + "> q\n"
    items = _items(text)
    assert len(items) == 4
    assert items[0] is items[1] is items[2]
    assert items[3] is not items[2]  # unanswered: another item
    assert alpdoc.dumps(alpdoc.loads(text, "archive-md"), "archive-md") == text


def test_items_equal_only_as_content_stay_apart() -> None:
    # A trailing space is layout for equality (the two items are ==) but not the same text.
    text = "# T\n\n> q\n\nan answer \n\n> q\n\nan answer\n"
    first, second = _items(text)
    assert first == second and first is not second
    assert first.text == "an answer " and second.text == "an answer"
    assert alpdoc.dumps(alpdoc.loads(text, "archive-md"), "archive-md") == text


def test_items_with_other_layouts_stay_apart() -> None:
    text = "# T\n\n> q\n\na\n\n> q\n\na\n\n\n> q\n\na\n\n> q\n"
    items = _items(text)
    assert items[0] == items[1] == items[2]
    assert items[1].layout != items[2].layout  # two blank lines after the second answer
    assert items[0] is not items[1] and items[1] is not items[2]
    assert alpdoc.dumps(alpdoc.loads(text, "archive-md"), "archive-md") == text


def test_a_tag_repeated_across_lines_is_one_object() -> None:
    doc = alpdoc.loads("# T\n\n[[sdg:5]]\nwords\n[[sdg:5]]\nmore\n[[sdg:6]]\n", "archive-md")
    assert [t.value for t in doc.tags] == ["5", "5", "6"]
    assert doc.tags[0] is doc.tags[1]


def test_blocks_are_columns_with_the_question_text() -> None:
    top, sections = parse_blocks("# T\n\n> q one\n\n[[a:1]]\n[[b:2]]\n\n[[c:3]]\n## S\n****\n\n> q two\n", True)
    assert isinstance(top, Blocks)
    assert top.kinds == ["TITLE", "INSTRUCTION", "TAGS"]
    assert top[1] == ("INSTRUCTION", "q one", 1, 3)  # the question without its "> "
    assert isinstance(top.bodies[2], TagLines) and list(top.bodies[2].runs(0)) == [(2, 1), (1, 0)]
    [section] = sections
    assert section.kinds == ["SECTION", "LEAD", "INSTRUCTION"] and section.bodies[2] == "q two"
    one = parse_blocks("# T\n\n[[a:1]]\n[[b:2]]\n", True)[0].bodies[1]
    assert isinstance(one, OneRun) and list(one.runs(0)) == [(2, 0)]


def test_lark_is_fed_one_token_per_kind() -> None:
    parse_blocks("# T\n\n" + "> q\n" * 50, True)
    for tokens in _SHARED.values():  # one object per line kind, made once, whatever the input's length
        assert len({id(t) for t in tokens.values()}) == len(tokens)
        assert all(t.type == kind and t.value == "" for kind, t in tokens.items())
