"""page-text: structure from templates on invented fixtures, and errors that point at the line."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import alpdoc
from alpdoc import ChoiceItem, GroupItem, ImageItem, ParseError, TextItem
from alpdoc.format_plugins.page_text.reader import split_options
from alpdoc.format_plugins.page_text.vocabulary import DISCLAIMERS
from alpdoc.templates import Template, TemplateItem, TemplateRegistry, TemplateSection

FORM = Template(
    name="garden-form",
    doc_kind="experiment",
    sections=(
        TemplateSection(
            title="Setup",
            items=(
                TemplateItem(instruction="Which plot?\n\nOne plot per sheet.", kind="radiolist"),
                TemplateItem(instruction="What did you plant?", kind="txt"),
                TemplateItem(instruction="Tools used", kind="checklist", options=("Spade", "Rake, small", "Hose")),
                TemplateItem(instruction="Photo of the plot", kind="img"),
            ),
        ),
        TemplateSection(
            title="Helpers",
            items=(
                TemplateItem(
                    instruction="Who helped?",
                    kind="group",
                    items=(
                        TemplateItem(instruction="Name:", kind="txt"),
                        TemplateItem(instruction="Role:", kind="radiolist"),
                    ),
                ),
                TemplateItem(instruction="Anything else?", kind="txt"),
            ),
        ),
    ),
)
PLAN = DISCLAIMERS["learningplan"]

PAGE = "\n".join(
    [
        "Disclaimer:",
        PLAN,
        "Setup",
        "Which plot?",
        "One plot per sheet.",
        "North",
        "What did you plant?",
        "Beans and maize, in rows.",
        "Tools used",
        "Spade, Rake, small",
        "Photo of the plot",
        "Helpers",
        "Who helped?",
        "Name:",
        "Ada",
        "Role:",
        "Neighbour",
        "Who helped?",
        "Role:",
        "Anything else?",
        "Comments",
        "Log in to add a comment or reply.",
    ]
)


def test_structure_is_recovered_with_the_template() -> None:
    doc = alpdoc.loads(PAGE, "page-text", templates=FORM)
    assert alpdoc.dumps(doc, "page-text") == PAGE
    setup, helpers = doc.sections
    assert (setup.title, helpers.title) == ("Setup", "Helpers")
    plot, planted, tools, photo = setup.items
    assert plot == ChoiceItem(instruction="Which plot?\nOne plot per sheet.", options=(alpdoc.Option(name="North"),),
                              multiple=False)
    assert planted == TextItem(instruction="What did you plant?", text="Beans and maize, in rows.")
    assert isinstance(tools, ChoiceItem) and tools.selected == ("Spade", "Rake, small")
    assert photo == ImageItem(instruction="Photo of the plot")
    group, anything = helpers.items
    assert isinstance(group, GroupItem)
    assert group.records == (
        (TextItem(instruction="Name:", text="Ada"), ChoiceItem(instruction="Role:", options=(alpdoc.Option(name="Neighbour"),), multiple=False)),
        (ChoiceItem(instruction="Role:", multiple=False),),
    )
    assert anything == TextItem(instruction="Anything else?")


def test_templates_are_tried_in_turn() -> None:
    other = Template(name="other", sections=(TemplateSection(title="Elsewhere"),))
    doc = alpdoc.loads(PAGE, "page-text", templates=TemplateRegistry([other, FORM]))
    assert doc.layout.header[-1].raw == "garden-form"


def test_split_options_knows_names_with_commas() -> None:
    assert [o.name for o in split_options("Rake, small, Hose, Shovel", ("Rake, small", "Hose"))] == [
        "Rake, small",
        "Hose",
        "Shovel",
    ]


@pytest.mark.parametrize(
    ("page", "line", "fragment"),
    [
        ("", 1, "disclaimer"),
        (b"\x89PNG\x00\x01", 1, "UTF-8"),
        (PAGE.encode().replace(b"North", b"No\x00rth"), 6, "NUL"),
        (PAGE.replace("What did you plant?\n", ""), 7, "fits no known template"),  # a second answer
        (PAGE.rsplit("\n", 2)[0], 20, "footer"),  # truncated
        (PAGE.replace("Helpers\n", "", 1), 12, "fits no known template"),  # a section title lost
        (PAGE.replace("Setup\n", "Setup\n\n"), 4, "blank line"),
    ],
)
def test_bad_page_text(page: str | bytes, line: int, fragment: str) -> None:
    with pytest.raises(ParseError) as info:
        alpdoc.loads(page, "page-text", templates=FORM)
    assert info.value.line == line, str(info.value)
    assert fragment in str(info.value)


def test_reordered_lines_name_the_line_and_the_way_out() -> None:
    lines = PAGE.split("\n")
    lines[6], lines[8] = lines[8], lines[6]  # "Tools used" before "What did you plant?"
    with pytest.raises(ParseError) as info:
        alpdoc.loads("\n".join(lines), "page-text", templates=FORM)
    message = str(info.value)
    assert info.value.line == 9 and "'What did you plant?'" in message
    assert "alpdoc templates learn" in message and "garden-form" in message


def test_unknown_template_with_the_registry() -> None:
    with pytest.raises(ParseError, match="fits no known template"):
        alpdoc.loads(PAGE, "page-text")


@given(st.lists(st.sampled_from(PAGE.split("\n") + ["", "noise"]), max_size=25).map("\n".join))
def test_shuffled_pages_fail_cleanly(text: str) -> None:
    try:
        doc = alpdoc.loads(text, "page-text", templates=FORM)
    except ParseError as err:
        assert 1 <= err.line <= text.count("\n") + 1
    else:
        assert alpdoc.dumps(doc, "page-text") == text


@pytest.mark.parametrize(("kind", "variant"), [("solution", "solution"), ("experiment", "learningplan"),
                                                ("learningplan", "learningplan"), (None, "learningplan")])
def test_disclaimer_follows_the_document_kind(kind: str | None, variant: str) -> None:
    doc = alpdoc.loads(PAGE, "page-text", templates=FORM)
    tags = (alpdoc.Tag(key="type", value=kind),) if kind else ()
    fresh = alpdoc.Document(tags=tags, sections=doc.sections)
    text = alpdoc.dumps(fresh, "page-text")
    assert text.split("\n")[1] == DISCLAIMERS[variant]
    back = alpdoc.loads(text, "page-text", templates=FORM)
    assert back == doc and alpdoc.dumps(back, "page-text") == text
