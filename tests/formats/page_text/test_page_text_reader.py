"""page-text: structure from templates on invented fixtures, lenient reading, metadata, and errors that point at the line."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import alpdoc
from alpdoc import ChoiceItem, GroupItem, ImageItem, ParseError, TextItem
from alpdoc.format_plugins.page_text.choices import split_options
from alpdoc.format_plugins.page_text.vocabulary import DISCLAIMERS
from alpdoc.options import ReaderOptions
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


def test_the_best_matching_template_wins_whatever_the_order() -> None:
    other = Template(name="other", sections=(TemplateSection(title="Elsewhere"),))
    partial = Template(name="aaa-partial", sections=(TemplateSection(title="Setup"),))
    for order in ([other, partial, FORM], [FORM, partial, other]):
        doc = alpdoc.loads(PAGE, "page-text", templates=TemplateRegistry(order))
        assert doc.template == "garden-form"
        assert alpdoc.dumps(doc, "page-text") == PAGE


def test_ties_go_to_the_disclaimers_kind_then_the_name() -> None:
    def twin(name: str, kind: str) -> Template:
        return Template(name=name, doc_kind=kind, sections=FORM.sections)

    names = [twin("b", "learningplan"), twin("a", "solution"), twin("c", "experiment"), twin("a2", "learningplan")]
    for order in (names, names[::-1]):
        registry = TemplateRegistry(order)
        plan = alpdoc.loads(PAGE, "page-text", templates=registry)
        assert (plan.template, plan.kind) == ("c", "experiment")  # "experiment" sorts before "learningplan"
        solution = alpdoc.loads(PAGE.replace(PLAN, DISCLAIMERS["solution"]), "page-text", templates=registry)
        assert (solution.template, solution.kind) == ("a", "solution")


def test_kind_and_title_from_what_the_page_shows() -> None:
    titled = Template(name="titled", doc_kind="learningplan", sections=(
        TemplateSection(title="Title", items=(TemplateItem(instruction="Please provide a name."),)),
        *FORM.sections))
    lines = PAGE.split("\n")
    page = "\n".join([*lines[:2], "Title", "Please provide a name.", "Raised beds", *lines[2:]])
    doc = alpdoc.loads(page, "page-text", templates=titled)
    assert (doc.title, doc.kind, doc.template) == ("Raised beds", "learningplan", "titled")
    # The shared disclaimer of plans and experiments: the template's kind decides; no template, no kind.
    assert alpdoc.loads(page, "page-text", templates=TemplateRegistry()).kind is None
    assert alpdoc.loads(page.replace(PLAN, DISCLAIMERS["solution"]), "page-text", templates=titled).kind == "solution"


def test_split_options_knows_names_with_commas() -> None:
    assert [o.name for o in split_options("Rake, small, Hose, Shovel", ("Rake, small", "Hose"))] == [
        "Rake, small",
        "Hose",
        "Shovel",
    ]


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("a, , b", ["a", ", b"]),  # an empty piece cannot be an option: it joins the next
        ("a , b", ["a , b"]),  # nor one ending in a space (the page trims names)
        ("x, ,, y", ["x", ",", "y"]),
        ("Sense, Sense", ["Sense", "Sense"]),
    ],
)
def test_split_options_gives_the_line_back(line: str, names: list[str]) -> None:
    options = split_options(line, ("Sense",))
    assert [o.name for o in options] == names
    assert ", ".join(o.name for o in options) == line


def test_many_separators_split_in_one_pass() -> None:
    line = ", ".join(["Spade", "Rake, small", "x"] * 20_000)
    options = split_options(line, FORM.sections[0].items[2].options)
    assert len(options) == 60_000 and ", ".join(o.name for o in options) == line


@pytest.mark.parametrize(
    ("page", "line", "fragment"),
    [
        ("", 1, "disclaimer"),
        (b"\x89PNG\x00\x01", 1, "UTF-8"),
        (PAGE.encode().replace(b"North", b"No\x00rth"), 6, "NUL"),
        (PAGE.rsplit("\n", 2)[0], 20, "footer"),  # truncated
        (PAGE.replace("Setup\n", "Setup\n\n"), 4, "blank line"),
    ],
)
def test_bad_page_text(page: str | bytes, line: int, fragment: str) -> None:
    with pytest.raises(ParseError) as info:
        alpdoc.loads(page, "page-text", templates=FORM)
    assert info.value.line == line, str(info.value)
    assert fragment in str(info.value)


def _all_items(doc: alpdoc.Document) -> list[alpdoc.Item]:
    out = []
    for _section, item in doc.iter_items():
        out.append(item)
        if isinstance(item, GroupItem):
            out.extend(x for record in item.records for x in record)
    return out


@pytest.mark.parametrize(
    ("page", "line"),
    [
        (PAGE.replace("What did you plant?\n", ""), 7),  # a second answer
        (PAGE.replace("Anything else?", "Anything else?\nMore\nAnd more"), 22),  # two answers
        ("\n".join(["Disclaimer:", PLAN, "Setup", "noise", "Comments", "Log in to add a comment or reply."]), 4),
    ],
)
def test_lines_no_template_places_are_answers_without_instruction(page: str, line: int) -> None:
    """Read leniently, such a line is an answer without instruction; ``strict`` refuses it, naming the line
    and the templates tried."""
    doc = alpdoc.loads(page, "page-text", templates=FORM)
    assert doc.template == "garden-form" and alpdoc.dumps(doc, "page-text") == page
    assert TextItem(instruction="", text=page.split("\n")[line - 1]) in _all_items(doc)
    other = Template(name="other", sections=(TemplateSection(title="Elsewhere"),))
    strict = ReaderOptions(templates=TemplateRegistry([other, FORM]), strict=True)
    with pytest.raises(ParseError) as info:
        alpdoc.loads(page, "page-text", options=strict)
    message = str(info.value)
    assert info.value.line == line, message
    assert "'garden-form'" in message and "'other'" in message and "alpdoc templates learn" in message


def test_a_lost_section_title_still_places_its_questions() -> None:
    page = PAGE.replace("Helpers\n", "", 1)
    doc = alpdoc.loads(page, "page-text", options=ReaderOptions(templates=FORM, strict=True))
    assert [s.title for s in doc.sections] == ["Setup", ""]
    assert doc.sections[1].items == alpdoc.loads(PAGE, "page-text", templates=FORM).sections[1].items
    assert alpdoc.dumps(doc, "page-text") == page


def test_no_template_reads_every_line_in_order() -> None:
    """Without templates every line is a user-written section title or an answer without instruction,
    in page order."""
    doc = alpdoc.loads(PAGE, "page-text", templates=TemplateRegistry())
    assert doc.template is None and doc.kind is None and doc.title == ""
    lines = []
    for section in doc.sections:
        lines.extend([section.title] if section.title else [])
        assert all(isinstance(i, TextItem) and i.instruction == "" for i in section.items)
        lines.extend(i.text for i in section.items)
    assert lines == PAGE.split("\n")[2:-2]
    assert alpdoc.dumps(doc, "page-text") == PAGE
    with pytest.raises(ParseError, match="templates tried: none"):
        alpdoc.loads(PAGE, "page-text", options=ReaderOptions(strict=True))


def _body(*lines: str) -> str:
    return "\n".join(["Disclaimer:", PLAN, *lines, "Comments", "Log in to add a comment or reply."])


def test_user_written_section_titles() -> None:
    """A short line that does not end like a sentence, first or after an answer in such a section and
    followed by a longer line, is a section title no template has (free-form solutions)."""
    page = _body("Water treatment", "A social enterprise that builds water and sanitation solutions.",
                 "Contacts", "Call the office on weekdays, or write.", "Opening hours vary.")
    doc = alpdoc.loads(page, "page-text", templates=FORM)
    assert [(s.title, [i.text for i in s.items]) for s in doc.sections] == [
        ("Water treatment", ["A social enterprise that builds water and sanitation solutions."]),
        ("Contacts", ["Call the office on weekdays, or write.", "Opening hours vary."]),
    ]
    assert alpdoc.dumps(doc, "page-text") == page
    # A single line, or a line ending like a sentence, is an answer.
    for lines in (["A social enterprise."], ["It works.", "A social enterprise that builds solutions."]):
        (section,) = alpdoc.loads(_body(*lines), "page-text", templates=FORM).sections
        assert section.title == "" and [i.text for i in section.items] == lines
    # Template questions right after a user-written title stay in its section.
    page = _body("Garden notes", "What did you plant?", "Beans.")
    (section,) = alpdoc.loads(page, "page-text", templates=FORM).sections
    assert section.title == "Garden notes"
    assert section.items == (TextItem(instruction="What did you plant?", text="Beans."),)
    with pytest.raises(ParseError) as info:
        alpdoc.loads(page, "page-text", options=ReaderOptions(templates=FORM, strict=True))
    assert info.value.line == 3


def test_group_instruction_then_two_answers() -> None:
    """Two lines after a group's instruction: the record question without instruction, then an answer
    without one (this crashed with "page-text reader failed: IndexError" at 1:1)."""
    evidence = Template(name="evidence", sections=(TemplateSection(title="Evidence", items=(
        TemplateItem(instruction="What evidence?", kind="group", items=(
            TemplateItem(instruction="", kind="txt"), TemplateItem(instruction="", kind="embed"))),)),))
    page = "\n".join(["Disclaimer:", PLAN, "Evidence", "What evidence?", "A survey", "https://example.org/survey",
                      "Comments", "Log in to add a comment or reply."])
    doc = alpdoc.loads(page, "page-text", templates=evidence)
    (group,) = doc.sections[0].items
    assert group == GroupItem(instruction="What evidence?", records=((
        TextItem(instruction="", text="A survey"), TextItem(instruction="", text="https://example.org/survey")),))
    assert alpdoc.dumps(doc, "page-text") == page


def test_a_text_answer_under_a_link_question_reads_as_text() -> None:
    form = Template(name="links", sections=(TemplateSection(title="Blogs", items=(
        TemplateItem(instruction="Please paste the link(s) to the blog(s).", kind="embed"),
        TemplateItem(instruction="Anything else?"),)),))
    page = "\n".join(["Disclaimer:", PLAN, "Blogs", "Please paste the link(s) to the blog(s).", "Not yet written",
                      "Anything else?", "Comments", "Log in to add a comment or reply."])
    doc = alpdoc.loads(page, "page-text", options=ReaderOptions(templates=form, strict=True))
    assert doc.sections[0].items == (TextItem(instruction="Please paste the link(s) to the blog(s).",
                                              text="Not yet written"), TextItem(instruction="Anything else?"))


def test_sections_out_of_template_order() -> None:
    lines = PAGE.split("\n")
    helpers = lines.index("Helpers")
    page = "\n".join(lines[:2] + lines[helpers:-2] + lines[2:helpers] + lines[-2:])
    doc = alpdoc.loads(page, "page-text", options=ReaderOptions(templates=FORM, strict=True))
    assert [s.title for s in doc.sections] == ["Helpers", "Setup"]
    assert doc.sections == alpdoc.loads(PAGE, "page-text", templates=FORM).sections[::-1]
    assert alpdoc.dumps(doc, "page-text") == page


def test_reordered_questions_are_placed() -> None:
    lines = PAGE.split("\n")
    lines[6], lines[8] = lines[8], lines[6]  # "Tools used" before "What did you plant?"
    lines[7], lines[9] = lines[9], lines[7]  # with their answers
    page = "\n".join(lines)
    doc = alpdoc.loads(page, "page-text", options=ReaderOptions(templates=FORM, strict=True))
    tools, planted = doc.sections[0].items[1:3]
    assert isinstance(tools, ChoiceItem) and tools.selected == ("Spade", "Rake, small")
    assert planted == TextItem(instruction="What did you plant?", text="Beans and maize, in rows.")
    assert alpdoc.dumps(doc, "page-text") == page


def test_unknown_form_with_the_registry_reads_leniently() -> None:
    doc = alpdoc.loads(PAGE, "page-text")
    assert doc.template is None and alpdoc.dumps(doc, "page-text") == PAGE
    with pytest.raises(ParseError, match="no template tried places any line of this page"):
        alpdoc.loads(PAGE, "page-text", options=ReaderOptions(templates=alpdoc.template_registry(), strict=True))


@given(st.lists(st.sampled_from([*PAGE.split("\n"), "", "noise"]), max_size=25).map("\n".join))
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
    assert back.sections == doc.sections and alpdoc.dumps(back, "page-text") == text
    assert back.kind == ("solution" if variant == "solution" else "experiment")  # FORM is an experiment form


def test_a_nul_is_shown_as_the_replacement_character() -> None:
    """A web page cannot show NUL: the writer shows U+FFFD, so the page reads back (it did not)."""
    doc = alpdoc.Document(sections=(alpdoc.Section(title="Setup", items=(
        TextItem(instruction="What did you plant?", text="Beans\x00maize"),)),))
    text = alpdoc.dumps(doc, "page-text")
    assert "Beans\ufffdmaize" in text.split("\n")
    back = alpdoc.loads(text, "page-text", templates=FORM)
    assert back.sections[0].items == (TextItem(instruction="What did you plant?", text="Beans\ufffdmaize"),)


def test_the_platforms_none_instruction() -> None:
    """``None`` is how the platform shows a question without instruction (``> None`` in the archive):
    where no question waits for its answer it is that question's instruction, the next line its answer."""
    upload = Template(name="upload", sections=(TemplateSection(title="End", items=(
        TemplateItem(instruction="Please upload any evidence.", kind="group", items=(
            TemplateItem(instruction="", kind="embed"), TemplateItem(instruction="", kind="mosaic"))),)),))
    page = _body("End", "Please upload any evidence.", "None", "All the documents are online.",
                 "Please upload any evidence.", "None", "None")
    doc = alpdoc.loads(page, "page-text", templates=upload)
    (group,) = doc.sections[0].items
    assert isinstance(group, GroupItem)
    assert group.records == (
        (TextItem(instruction="None", text="All the documents are online."),),
        (_none_item(group.records[1][0]), _none_item(group.records[1][1])),
    )
    assert alpdoc.dumps(doc, "page-text") == page
    # Answered "None" stays an answer; with no question left, "None" opens a text question of its own.
    doc = alpdoc.loads(_body("Setup", "What did you plant?", "None", "None", "Beans."), "page-text", templates=FORM)
    assert doc.sections[0].items == (TextItem(instruction="What did you plant?", text="None"),
                                     TextItem(instruction="None", text="Beans."))


def _none_item(item: alpdoc.Item) -> alpdoc.Item:
    assert item.instruction == "None" and not item.answered
    return item


def test_a_repeated_empty_section() -> None:
    """An empty section repeated before another section title is read as such (plans repeat "Learning
    questions"); the title's line right before a question is an answer."""
    page = _body("Setup", "Helpers", "Helpers", "Helpers", "Who helped?")
    doc = alpdoc.loads(page, "page-text", templates=FORM)
    assert [s.title for s in doc.sections] == ["Setup", "Helpers", "Helpers"]
    assert doc.sections[2].items[0] == TextItem(instruction="", text="Helpers")
    assert alpdoc.dumps(doc, "page-text") == page


@pytest.mark.parametrize(("page", "line", "cause"), [
    (PAGE.replace("What did you plant?\n", ""), 7, "a second answer: the question before it ('Which plot?') has its"),
    (_body("Setup", "noise"), 4, "an answer where no question is open"),
    (_body("Garden notes", "What did you plant?", "Beans."), 3, "a section title (a user-written one)"),
    (_body("Setup", "What did you plant?", "Beans", "None", "Peas"), 6, "the line 'None'"),
])
def test_strict_errors_say_what_the_line_was_read_as(page: str, line: int, cause: str) -> None:
    """The strict error names the line, what it was read as, the best template and the ones tried."""
    with pytest.raises(ParseError) as info:
        alpdoc.loads(page, "page-text", options=ReaderOptions(templates=FORM, strict=True))
    message = str(info.value)
    assert info.value.line == line and cause in message, message
    assert "template 'garden-form', the best match" in message and "templates tried: 'garden-form'" in message
    with pytest.raises(ParseError, match="no template tried places any line of this page"):
        alpdoc.loads(page, "page-text", options=ReaderOptions(templates=TemplateRegistry(), strict=True))
