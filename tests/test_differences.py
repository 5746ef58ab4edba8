"""The structural diff behind loss reports: a difference exactly when documents differ, each in its place."""

from __future__ import annotations

import pytest
from attrs import evolve
from hypothesis import given
from hypothesis import strategies as st

import alpdoc
from alpdoc.differences import DIFFERENCE_KINDS, diff_documents
from alpdoc.testing import documents

ITEMS = (
    alpdoc.TextItem(instruction="Why?", text="Because."),
    alpdoc.ChoiceItem(instruction="Which?", options=(alpdoc.Option(name="a"), alpdoc.Option(name="b", checked=False))),
    alpdoc.ImageItem(instruction="Map", src="https://example.org/m.png", alt="A map of the district"),
    alpdoc.GroupItem(instruction="Partners", records=((alpdoc.TextItem(instruction="Name", text="X"),
                                                       alpdoc.TextItem(instruction="Role", text="Y")),)),
)
DOC = alpdoc.Document(
    title="Plan",
    tags=(alpdoc.Tag(key="type", value="learningplan"), alpdoc.Tag(key="sdgs", value="1. No poverty"),
          alpdoc.Tag(key="country", value="Niger")),
    sections=(alpdoc.Section(title="Context", lead="Lead", items=ITEMS), alpdoc.Section(title="Next")),
)


def _section(doc: alpdoc.Document, k: int, **changes: object) -> alpdoc.Document:
    sections = list(doc.sections)
    sections[k] = evolve(sections[k], **changes)
    return evolve(doc, sections=tuple(sections))


def _item(doc: alpdoc.Document, k: int, item: alpdoc.Item) -> alpdoc.Document:
    items = list(doc.sections[0].items)
    items[k] = item
    return _section(doc, 0, items=tuple(items))


CASES = {
    "title": (evolve(DOC, title="Plan B"), "title", ("title",)),
    "tag value": (evolve(DOC, tags=(DOC.tags[0], alpdoc.Tag(key="sdgs", value="2. Zero hunger"), DOC.tags[2])),
                  "tag", ("tags", 1)),
    "tag order": (evolve(DOC, tags=(DOC.tags[1], DOC.tags[0], DOC.tags[2])), "tag order", ("tags",)),
    "lead": (_section(DOC, 0, lead="Other"), "section lead", ("sections", 0, "lead")),
    "section dropped": (evolve(DOC, sections=DOC.sections[:1]), "section", ("sections", 1)),
    "answer": (_item(DOC, 0, evolve(ITEMS[0], text="No.")), "answer text", ("sections", 0, "items", 0, "text")),
    "option": (_item(DOC, 1, evolve(ITEMS[1], options=ITEMS[1].options[:1])), "option",
               ("sections", 0, "items", 1, "options", 1)),
    "checked": (_item(DOC, 1, evolve(ITEMS[1], options=(ITEMS[1].options[0], alpdoc.Option(name="b")))),
                "option checked", ("sections", 0, "items", 1, "options", 1, "checked")),
    "radio": (_item(DOC, 1, evolve(ITEMS[1], multiple=False)), "choice kind", ("sections", 0, "items", 1, "multiple")),
    "alt": (_item(DOC, 2, evolve(ITEMS[2], alt="")), "image alt", ("sections", 0, "items", 2, "alt")),
    "kind": (_item(DOC, 1, alpdoc.TextItem(instruction="Which?")), "item kind", ("sections", 0, "items", 1)),
    "records": (_item(DOC, 3, evolve(ITEMS[3], records=((ITEMS[3].records[0][0],), (ITEMS[3].records[0][1],)))),
                "record boundary", ("sections", 0, "items", 3, "records")),
    "item dropped": (_section(DOC, 0, items=ITEMS[1:]), "item", ("sections", 0, "items", 0)),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_one_change_gives_one_difference_in_its_place(case: str) -> None:
    changed, kind, path = CASES[case]
    (difference,) = diff_documents(DOC, changed)
    assert (difference.kind, difference.path) == (kind, path)
    assert difference.kind in DIFFERENCE_KINDS and difference.severity == "content"
    assert str(difference)


def test_layout_only_is_its_own_quiet_kind() -> None:
    read = alpdoc.loads("# Plan\n\n\n[[type:learningplan]]\n", "archive-md")
    (difference,) = diff_documents(read, evolve(read, layout=None))
    assert (difference.kind, difference.severity) == ("layout", "layout")


@given(documents(platform=True), documents(platform=True))
def test_a_content_difference_exactly_when_documents_differ(a: alpdoc.Document, b: alpdoc.Document) -> None:
    found = [d for d in diff_documents(a, b) if d.severity == "content"]
    assert bool(found) == (a != b)
    assert all(d.kind in DIFFERENCE_KINDS for d in found)


@given(documents(platform=True), st.data())
def test_dropping_one_item_is_one_difference(doc: alpdoc.Document, data: st.DataObject) -> None:
    places = [(s, i) for s, section in enumerate(doc.sections) for i in range(len(section.items))]
    if not places:
        return
    s, i = data.draw(st.sampled_from(places))
    items = doc.sections[s].items
    if items[i] in items[:i] + items[i + 1:]:
        return  # a duplicate: which copy went cannot be told
    changed = _section(doc, s, items=items[:i] + items[i + 1:])
    found = diff_documents(doc, changed)
    assert [d.kind for d in found if d.severity == "content"] == ["item"]


@given(st.text(alphabet=st.sampled_from(" \t\r\n\x0b\x0c\x1c\x85\xa0\u2028\u3000ab"), max_size=30) | st.text())
def test_content_text_is_the_regular_expression_it_documents(text: str) -> None:
    from alpdoc.model import _LINE_END_SPACE, content_text

    assert content_text(text) == (_LINE_END_SPACE.sub("", text) if text else text)


# --------------------------------------------------------------------------- report wording


def _report(*kinds: str) -> alpdoc.LossReport:
    from alpdoc.differences import Difference

    return alpdoc.LossReport(source="archive-md", target="page-text",
                             differences=tuple(Difference(kind=k, where="x", before="a", after="b") for k in kinds))


def test_loss_summary_counts_in_the_right_number() -> None:
    """'changes 3 item kinds, 1 tag', never '3 item kind' or '1 answer tagss'."""
    report = _report("item kind", "item kind", "item kind", "tag", "record boundary", "record boundary",
                     "option checked", "option checked")
    text = str(report)
    assert text == ("archive-md -> page-text: changes 3 item kinds, 2 record boundaries, 2 option check marks, "
                    "1 tag")
    assert str(_report("answer tags")) == "archive-md -> page-text: changes 1 answer's tags"
    assert str(_report("answer tags", "answer tags")).endswith("changes 2 answers' tags")


def test_every_difference_kind_has_a_singular_and_a_plural() -> None:
    from alpdoc.differences import count_of

    for kind in DIFFERENCE_KINDS:
        one, many = count_of(kind, 1), count_of(kind, 2)
        assert one.startswith("1 ") and many.startswith("2 ") and one[2:] != many[2:], kind
        assert not many.endswith("ss") and "infos" not in many and "checkeds" not in many, many


def test_batch_losses_line_uses_the_same_words(tmp_path: pytest.TempPathFactory) -> None:
    from alpdoc.cli import losses_line

    assert losses_line({"tag": 31, "record boundary": 1, "platform info": 2}) == (
        "31 tags, 2 platform info fields, 1 record boundary")


def test_record_sizes_read_in_the_right_number() -> None:
    one = alpdoc.TextItem(instruction="Name", text="X")
    before = alpdoc.Document(title="T", sections=(alpdoc.Section(items=(
        alpdoc.GroupItem(instruction="Partners", records=((one,),)),)),))
    after = alpdoc.Document(title="T", sections=(alpdoc.Section(items=(
        alpdoc.GroupItem(instruction="Partners", records=((one, one), (one,))),)),))
    found = [d for d in diff_documents(before, after) if d.kind == "record boundary"]
    assert found and found[0].before == "1 record of 1 item" and found[0].after == "2 records of 2+1 items"
