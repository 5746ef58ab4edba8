"""archive-md: the structure read from hand-written fixtures, and byte-exact writing."""

from __future__ import annotations

import pytest

import alpdoc
from alpdoc import ChoiceItem, GroupItem, ImageItem, LinkItem, MosaicItem, TextItem
from alpdoc.format_plugins.archive_md import read_archive_md, write_archive_md
from alpdoc.templates import Template, TemplateItem, TemplateRegistry, TemplateSection

PLAN = """\
# Cleaner rivers for Riverton

[[focal_point:lab.head@example.org]]

[[year:2023]]

[[type:learningplan]]

[[sdgs:6. Clean water and sanitation]]
[[sdgs:14. Life below water]]
[[methods:Prototyping]]
[[country:Riverton]]
[[latlng:12.5,-45.25]]
[[country:Lakeside]]
## Challenge
****

> What is the name of your plan?



Rivers first

> Which stages does your question touch?

- Sense
- Test

> Add a picture of the site.


![Missing alt text](https://example.org/site.png)


## Partners
**Who works with you**

> Who are your partners?



<div class="group">


> Partner name:



River Trust


</div>



<div class="group">


> Partner sector:



</div>



<div class="group">


> Partner name:



City Hall


</div>



<div class="group">


> Partner sector:



</div>

## Evidence

> Photos of the river

![Missing alt text](https://example.org/a.png)

![Missing alt text](https://example.org/b.png)

> Where can we read more?
[https://example.org/report](https://example.org/report)
"""


def test_header_and_tag_accessors() -> None:
    doc = alpdoc.loads(PLAN, "archive-md")
    assert doc.title == "Cleaner rivers for Riverton"
    assert doc.kind == "learningplan"
    assert doc.year == 2023
    assert doc.focal_point == "lab.head@example.org"
    assert [(s.number, s.name) for s in doc.sdgs] == [(6, "Clean water and sanitation"), (14, "Life below water")]
    assert doc.methods == ("Prototyping",)
    assert [(c.name, c.lat, c.lng) for c in doc.countries] == [("Riverton", 12.5, -45.25), ("Lakeside", None, None)]


def test_items_by_kind() -> None:
    doc = alpdoc.loads(PLAN, "archive-md")
    assert [s.title for s in doc.sections] == ["Challenge", "Partners", "Evidence"]
    assert doc.sections[1].lead == "Who works with you"
    name, stages, picture = doc.sections[0].items
    assert name == TextItem(instruction="What is the name of your plan?", text="Rivers first")
    assert isinstance(stages, ChoiceItem) and stages.selected == ("Sense", "Test")
    assert picture == ImageItem(
        instruction="Add a picture of the site.", src="https://example.org/site.png", alt="Missing alt text"
    )
    photos, link = doc.sections[2].items
    assert isinstance(photos, MosaicItem) and [i.src for i in photos.images] == [
        "https://example.org/a.png",
        "https://example.org/b.png",
    ]
    assert link == LinkItem(instruction="Where can we read more?", url="https://example.org/report")


def test_group_records_without_template_split_on_repeated_question() -> None:
    (group,) = alpdoc.loads(PLAN, "archive-md").sections[1].items
    assert isinstance(group, GroupItem)
    assert [[i.instruction for i in record] for record in group.records] == [
        ["Partner name:", "Partner sector:"],
        ["Partner name:", "Partner sector:"],
    ]
    assert group.records[1][0] == TextItem(instruction="Partner name:", text="City Hall")


def test_byte_exact_and_layout_free_equality() -> None:
    doc = alpdoc.loads(PLAN, "archive-md")
    assert alpdoc.dumps(doc, "archive-md") == PLAN
    squeezed = PLAN.replace("\n\n\n\n", "\n\n").replace("\n\n\n", "\n\n")
    other = alpdoc.loads(squeezed, "archive-md")
    assert other == doc
    assert alpdoc.dumps(other, "archive-md") == squeezed


# --- ambiguous cases resolved by templates ------------------------------------------

FORM = Template(
    name="test-form",
    doc_kind="learningplan",
    sections=(
        TemplateSection(
            title="Challenge",
            items=(
                TemplateItem(
                    instruction="Kind of challenge: is this your main bet?\n\nNote: one main bet per lab.",
                    kind="radiolist",
                    options=("MAIN BET", "SIDE BET"),
                ),
                TemplateItem(instruction="Describe the challenge.", kind="txt"),
                TemplateItem(
                    instruction="Your partners",
                    kind="group",
                    items=(
                        TemplateItem(instruction="Name:", kind="txt"),
                        TemplateItem(instruction="Sector:", kind="radiolist"),
                        TemplateItem(instruction="What you do together:", kind="txt"),
                        TemplateItem(instruction="New partner?", kind="radiolist"),
                    ),
                ),
                TemplateItem(instruction="Stages", kind="checklist", options=("Sense", "Explore")),
            ),
        ),
    ),
)

FORM_DOC = """\
# Form test

[[type:learningplan]]
## Challenge
****

> Kind of challenge: is this your main bet?

Note: one main bet per lab.


> Describe the challenge.

- first we listen
- then we act

> Your partners

<div class="group">

> Name:

Alpha

</div>

<div class="group">

> Sector:

</div>

<div class="group">

> What you do together:

Workshops

</div>

<div class="group">

> New partner?

</div>

<div class="group">

> Sector:

</div>

<div class="group">

> What you do together:

Data

</div>

> Stages

"""


def _form_doc(templates: TemplateRegistry | None) -> alpdoc.Document:
    return read_archive_md(FORM_DOC, templates=templates or TemplateRegistry())


def test_continued_instruction_belongs_to_its_question() -> None:
    first = _form_doc(TemplateRegistry([FORM])).sections[0].items[0]
    assert first.instruction == "Kind of challenge: is this your main bet?\n\nNote: one main bet per lab."
    without = _form_doc(None).sections[0].items[0]
    assert without == TextItem(
        instruction="Kind of challenge: is this your main bet?", text="Note: one main bet per lab."
    )


def test_unanswered_radio_is_a_choice_not_an_empty_text() -> None:
    first = _form_doc(TemplateRegistry([FORM])).sections[0].items[0]
    assert first == ChoiceItem(instruction=first.instruction, options=(), multiple=False)
    assert not first.answered
    stages = _form_doc(TemplateRegistry([FORM])).sections[0].items[-1]
    assert stages == ChoiceItem(instruction="Stages", options=(), multiple=True)


def test_bullets_under_free_text_question_are_text() -> None:
    described = _form_doc(TemplateRegistry([FORM])).sections[0].items[1]
    assert described == TextItem(instruction="Describe the challenge.", text="- first we listen\n- then we act")
    guessed = _form_doc(None).sections[0].items[1]
    assert isinstance(guessed, ChoiceItem) and guessed.selected == ("first we listen", "then we act")


def test_group_records_follow_template_order() -> None:
    group = _form_doc(TemplateRegistry([FORM])).sections[0].items[2]
    assert isinstance(group, GroupItem)
    # The second partner has no name: the template order (Sector after New partner?) starts a record.
    assert [[i.instruction for i in r] for r in group.records] == [
        ["Name:", "Sector:", "What you do together:", "New partner?"],
        ["Sector:", "What you do together:"],
    ]
    sector = group.records[0][1]
    assert sector == ChoiceItem(instruction="Sector:", multiple=False)
    # Without the template, records split only where a question repeats.
    plain = _form_doc(None).sections[0].items[2]
    assert [len(r) for r in plain.records] == [4, 2]


def test_templated_reading_is_still_byte_exact() -> None:
    for templates in (TemplateRegistry([FORM]), None):
        assert write_archive_md(_form_doc(templates)) == FORM_DOC


# --- quirks listed in the format notes -----------------------------------------------


@pytest.mark.parametrize(
    "answer",
    [
        "line one\r\nline two\r",
        "lone \r inside",
        "nbsp\u00a0and\u202fnarrow  ",
        "three\n\n\n\nblank lines",
        "# not a title\n#hashtag",
        ">not a quote",
        "**bold** text",
        "a line\n- then a bullet",
        "\x07control\x1b chars",
    ],
)
def test_answers_are_kept_exactly(answer: str) -> None:
    text = f"# T\n\n[[type:solution]]\n## S\n****\n\n> Q\n\n{answer}\n\n> Next\n\nok\n"
    doc = alpdoc.loads(text, "archive-md")
    assert doc.sections[0].items[0] == TextItem(instruction="Q", text=answer)
    assert alpdoc.dumps(doc, "archive-md") == text


def test_link_directly_under_text_and_question() -> None:
    text = "# T\n\n[[type:solution]]\n\nSome words\n[https://x.org](https://x.org)\n\n\n> Link\n[u](https://y.org)\n"
    doc = alpdoc.loads(text, "archive-md")
    items = doc.sections[0].items
    assert items == (
        TextItem(text="Some words"),
        LinkItem(url="https://x.org"),
        LinkItem(instruction="Link", url="https://y.org", text="u"),
    )
    assert doc.sections[0].layout.heading is False
    assert alpdoc.dumps(doc, "archive-md") == text


def test_multi_line_title_and_missing_final_newline() -> None:
    text = "# A title\nthat goes on\n\n[[type:solution]]\n## S\n****\n\n> Q\n\nA"
    doc = alpdoc.loads(text, "archive-md")
    assert doc.title == "A title\nthat goes on"
    assert doc.sections[0].items[0].text == "A"
    assert alpdoc.dumps(doc, "archive-md") == text


def test_tags_before_title_and_inside_the_body() -> None:
    text = (
        "[[summary:two\n\nparagraphs]]\n[[type:story]]\n\n# Story\n\nQuestion one?\n\n"
        "[[tools:Mapping]]\nAnswer one.\n\n[[0:12]] Said at twelve seconds.\n"
    )
    doc = alpdoc.loads(text, "archive-md")
    assert doc.title == "Story"
    assert [(t.key, t.value) for t in doc.tags] == [
        ("summary", "two\n\nparagraphs"),
        ("type", "story"),
        ("tools", "Mapping"),
    ]
    assert [i.text for i in doc.sections[0].items] == ["Question one?", "Answer one.", ""]
    last = doc.sections[0].items[2]  # a timestamped line is an interview question (see test_interviews.py)
    assert (last.instruction, last.timestamp) == ("Said at twelve seconds.", "0:12")
    assert alpdoc.dumps(doc, "archive-md") == text


def test_blog_header_keeps_the_source_link() -> None:
    text = (
        "# Blog post\n\n[[type:blog]]\n\n[[source:https://example.org/post]]\n\n"
        "[Original article published here](https://example.org/post)\n\n\n[[year:2022]]\n\n\n\nBody text.\n"
    )
    doc = alpdoc.loads(text, "archive-md")
    assert doc.kind == "blog" and doc.year == 2022
    assert [i.text for i in doc.sections[0].items] == ["Body text."]
    assert alpdoc.dumps(doc, "archive-md") == text


def test_documents_built_in_code_get_default_layout() -> None:
    doc = alpdoc.Document(
        title="Built",
        tags=(alpdoc.Tag(key="type", value="experiment"), alpdoc.Tag(key="methods", value="Survey")),
        sections=(
            alpdoc.Section(
                title="Design",
                lead="How we test",
                items=(
                    TextItem(instruction="Hypothesis?", text="If A then B."),
                    ChoiceItem(instruction="Control group?", options=(alpdoc.Option(name="Yes"),)),
                    GroupItem(
                        instruction="Team",
                        records=((TextItem(instruction="Name", text="Ana"),), (TextItem(instruction="Name", text="Bo"),)),
                    ),
                ),
            ),
        ),
    )
    text = alpdoc.dumps(doc, "archive-md")
    assert text.startswith("# Built\n\n[[type:experiment]]\n\n[[methods:Survey]]\n## Design\n**How we test**\n\n")
    assert alpdoc.loads(text, "archive-md") == doc


def test_line_end_space_and_crlf_are_layout_not_content() -> None:
    spaced = "# Title \n\n[[type:solution]]\n## Part\u00a0\n****\n\n> Q \n\nfirst line \r\nsecond\u202f\n"
    plain = "# Title\n\n[[type:solution]]\n## Part\n****\n\n> Q\n\nfirst line\nsecond\n"
    a, b = alpdoc.loads(spaced, "archive-md"), alpdoc.loads(plain, "archive-md")
    assert a == b and hash(a) == hash(b)
    assert a.sections[0].items[0].text == "first line \r\nsecond\u202f"  # the exact characters are kept
    assert alpdoc.dumps(a, "archive-md") == spaced and alpdoc.dumps(b, "archive-md") == plain
    assert alpdoc.model.content_text(a.sections[0].items[0].text) == "first line\nsecond"
    # A lone CR inside a line, or a changed word, is content.
    assert alpdoc.loads(plain.replace("first line", "first\rline"), "archive-md") != b
    assert alpdoc.loads(plain.replace("second", "2nd"), "archive-md") != b


def test_continued_instruction_is_recognised_whatever_its_white_space() -> None:
    text = FORM_DOC.replace("Note: one main bet per lab.", "Note:\u00a0one main  bet per lab. ")
    first = read_archive_md(text, templates=TemplateRegistry([FORM])).sections[0].items[0]
    assert isinstance(first, ChoiceItem) and first.instruction.endswith("Note:\u00a0one main  bet per lab. ")
