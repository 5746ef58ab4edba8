"""archive-md: hostile text is escaped or changed the least, templates are chosen by best match."""

from __future__ import annotations

import pytest

import alpdoc
from alpdoc import ChoiceItem, Document, Option, Section, Tag, TextItem
from alpdoc.format_plugins.archive_md import archive_page_warnings, project_archive_md
from alpdoc.options import ReaderOptions
from alpdoc.templates import Template, TemplateItem, TemplateRegistry, TemplateSection


def _back(doc: Document, options: ReaderOptions | None = None) -> Document:
    text = alpdoc.dumps(doc, "archive-md")
    back = alpdoc.loads(text, "archive-md", options=options or ReaderOptions())
    assert back == project_archive_md(doc, options)
    return back


def _answers(*texts: str, instruction: str | None = "Q") -> Document:
    items = tuple(TextItem(instruction=instruction, text=t) for t in texts)
    return Document(title="t", tags=(Tag(key="type", value="x"),), sections=(Section(title="s", items=items),))


@pytest.mark.parametrize(
    "line",
    ["</div>", '<div class="group">', "> quoted", "## heading", "[[key:value]]", "[[key: never closed",
     "![alt](https://x.org/a.png)", "[a link](https://x.org)", "\\> already escaped", "\\\\## twice", "\\"],
)
def test_an_answer_line_that_looks_like_a_marker_reads_back(line: str) -> None:
    doc = _answers(f"before\n{line}\nafter", line)
    assert _back(doc) == doc


def test_escapes_are_what_marked_shows_as_typed() -> None:
    text = alpdoc.dumps(_answers("> quote\n## x\n[[k:v]]"), "archive-md")
    assert "\n\\> quote\n\\## x\n\\[[k:v]]\n" in text


def test_a_tag_key_with_a_colon_changes_the_least() -> None:
    doc = Document(title="t", tags=(Tag(key="a:b", value="c"), Tag(key="ok", value="x]]y]")))
    assert _back(doc).tags == (Tag(key="a_b", value="c"), Tag(key="ok", value="x] ]y] "))


def test_a_multi_line_title_stays_when_tags_follow_it() -> None:
    doc = Document(title="first\n## second\n\nthird", tags=(Tag(key="type", value="x"),))
    assert _back(doc).title == doc.title


def test_a_multi_line_title_without_tags_is_joined() -> None:
    assert _back(Document(title="first\nsecond\n")).title == "first second"


def test_a_multi_line_instruction_reads_back() -> None:
    doc = Document(title="t", sections=(Section(title="s", items=(
        TextItem(instruction="first\n\n> second\\", text="answer"),
        TextItem(instruction="ends in a backslash\\"),
        TextItem(instruction="next"),
    )),))
    text = alpdoc.dumps(doc, "archive-md")
    assert "> first\\\n> \\\n> > second\\\n\n" in text
    assert _back(doc) == doc


def test_a_checklist_option_with_a_line_break_goes_on_one_line() -> None:
    doc = Document(title="t", sections=(Section(title="s", items=(
        ChoiceItem(instruction="Q", options=(Option(name="a\nb"),)),)),))
    assert _back(doc).sections[0].items[0].options == (Option(name="a b"),)


def test_nul_is_refused_with_the_field_named() -> None:
    doc = _answers("fine", "bad\x00text")
    with pytest.raises(alpdoc.FormatError, match=r"section 1, item 2: text"):
        alpdoc.dumps(doc, "archive-md")


def _template(name: str, kind: str, *questions: tuple[str, str]) -> Template:
    items = tuple(TemplateItem(instruction=q, kind=k) for q, k in questions)
    return Template(name=name, doc_kind=kind, sections=(TemplateSection(title="s", items=items),))


TEXT_FIRST = _template("a-text", "plan", ("Partners?", "txt"), ("Budget?", "txt"))
CHOICE_FIRST = _template("b-choice", "plan", ("Partners?", "checklist"), ("Budget?", "txt"), ("Stage?", "radiolist"))


@pytest.mark.parametrize("order", [(TEXT_FIRST, CHOICE_FIRST), (CHOICE_FIRST, TEXT_FIRST)])
def test_the_best_matching_template_wins_whatever_the_registration_order(order: tuple[Template, ...]) -> None:
    text = "# t\n\n[[type:plan]]\n\n## s\n****\n\n> Partners?\n\n- one\n- two\n\n> Stage?\n"
    options = ReaderOptions(templates=TemplateRegistry(order))
    doc = alpdoc.loads(text, "archive-md", options=options)
    assert doc.template == "b-choice"
    assert isinstance(doc.sections[0].items[0], ChoiceItem)  # the best template's kind, not the first registered
    assert alpdoc.dumps(doc, "archive-md") == text


def test_ties_go_to_the_document_kind_then_the_name() -> None:
    other = _template("z-other-kind", "solution", ("Partners?", "txt"))
    same = _template("y-same-kind", "plan", ("Partners?", "txt"))
    registry = TemplateRegistry([other, same])
    assert registry.best_match(["Partners?"], "plan") == "y-same-kind"
    assert registry.best_match(["Partners?"], None) == "y-same-kind"  # by name
    assert registry.best_match(["Unknown?"], "plan") is None


def test_page_warnings_name_each_place() -> None:
    doc = Document(
        title="t",
        tags=(Tag(key="sdgs", value="13. Climate action"), Tag(key="k", value="why?")),
        sections=(Section(title="s", lead=" lead", items=(
            ChoiceItem(instruction="Q", options=(Option(name="a"),)), ChoiceItem(options=(Option(name="b"),)),
        )),),
    )
    found = [(w.field, w.section, w.item, w.text) for w in archive_page_warnings(doc)]
    assert found == [("tag", None, None, "[[k:why?]]"), ("lead", 0, None, "** lead**"), ("option", 0, 1, "")]


def test_a_fresh_lead_is_written_without_trailing_space() -> None:
    doc = Document(title="t", sections=(Section(title="s", lead="Lead  "),))
    assert "\n**Lead**\n" in alpdoc.dumps(doc, "archive-md")
    assert archive_page_warnings(doc) == []


def test_an_instruction_ending_in_a_backslash_is_kept_apart_from_the_next_one() -> None:
    from alpdoc.model import ItemLayout

    first = TextItem(instruction="ends in\\", layout=ItemLayout(gaps=(0,)))  # no blank line after it, as read
    for second in (TextItem(instruction="next"), TextItem(instruction="two\nlines")):
        doc = Document(title="t", sections=(Section(title="s", items=(first, second)),))
        assert _back(doc) == doc
