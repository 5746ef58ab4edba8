"""page-text: user-written section titles among template lines (rules measured on the shared corpus)."""

from __future__ import annotations

import pytest

import alpdoc
from alpdoc import ParseError, TextItem
from alpdoc.format_plugins.page_text.vocabulary import DISCLAIMERS
from alpdoc.options import ReaderOptions
from alpdoc.templates import Template, TemplateItem, TemplateSection

SOLUTION = DISCLAIMERS["solution"]

STAGES = Template(name="stages", doc_kind="solution", sections=(
    TemplateSection(title="", items=(TemplateItem(instruction="Stage of Innovation"),
                                     TemplateItem(instruction="Who are the partners?"))),
))

LOCATED = Template(name="located", doc_kind="solution", sections=(
    TemplateSection(title="Time Frame"),
    TemplateSection(title="Location", items=(TemplateItem(instruction="Where is it?"),)),
))


def _page(*lines: str) -> str:
    return "\n".join(["Disclaimer:", SOLUTION, *lines, "Comments", "Log in to add a comment or reply."])


def _shown(doc: alpdoc.Document) -> list[tuple[str, list[tuple[str, str]]]]:
    return [(s.title, [(i.instruction, i.text) for i in s.items if isinstance(i, TextItem)]) for s in doc.sections]


def test_a_free_form_page_whose_titles_include_a_template_question() -> None:
    """The best template leaves lines unplaced and the page, read without one, is user-written sections
    whose every answer stands right under its title: that reading wins (the template's line is a title)."""
    page = _page("What is the challenge?", "Young professionals in the city cannot find affordable rooms.",
                 "Stage of Innovation", "Early stage: building the first version.",
                 "Owner and contact", "Shoumik, shoumik@example.org, on weekdays only.")
    doc = alpdoc.loads(page, "page-text", templates=STAGES)
    assert doc.template is None and doc.kind == "solution"
    assert _shown(doc) == [
        ("What is the challenge?", [("", "Young professionals in the city cannot find affordable rooms.")]),
        ("Stage of Innovation", [("", "Early stage: building the first version.")]),
        ("Owner and contact", [("", "Shoumik, shoumik@example.org, on weekdays only.")]),
    ]
    assert alpdoc.dumps(doc, "page-text") == page
    assert alpdoc.get_format("page-text").project(doc) == doc
    # A page where the template's question is answered and nothing is left over keeps the template.
    page = _page("Stage of Innovation", "Early stage: building the first version.")
    doc = alpdoc.loads(page, "page-text", templates=STAGES)
    assert doc.template == "stages"
    assert _shown(doc) == [("", [("Stage of Innovation", "Early stage: building the first version.")])]
    # An answer that is not right under a title keeps the template's reading.
    page = _page("Stage of Innovation", "Early stage.", "Owner and contact", "Shoumik, on weekdays only.",
                 "A second paragraph of the page.")
    assert alpdoc.loads(page, "page-text", templates=STAGES).template == "stages"


def test_a_user_written_title_after_answers_of_a_template_section() -> None:
    """After an answer in a template section where no template question was placed, a heading-like line
    followed by a longer one is a user-written section title (as in a section the template lacks)."""
    page = _page("Time Frame", "11/01/2023 - N/A.", "Project leaders & Contact information",
                 "Isabella Cosse, CONICET and the Interdisciplinary School of Higher Social Studies.",
                 "Location", "Where is it?", "Buenos Aires, Argentina.")
    doc = alpdoc.loads(page, "page-text", templates=LOCATED)
    assert doc.template == "located"
    assert _shown(doc) == [
        ("Time Frame", [("", "11/01/2023 - N/A.")]),
        ("Project leaders & Contact information",
         [("", "Isabella Cosse, CONICET and the Interdisciplinary School of Higher Social Studies.")]),
        ("Location", [("Where is it?", "Buenos Aires, Argentina.")]),
    ]
    assert alpdoc.dumps(doc, "page-text") == page
    # Once a template question is placed in the section, a following line is its second answer, as before.
    page = _page("Location", "Where is it?", "Buenos Aires.", "Nearby towns", "Quilmes, Lanús and Avellaneda too.")
    doc = alpdoc.loads(page, "page-text", templates=LOCATED)
    assert [s.title for s in doc.sections] == ["Location"]


def test_a_one_line_page_is_an_answer() -> None:
    """A page of one line reads as an answer, not a section title: on the shared corpus 1,499 one-line
    solution pages are an answer and 34 a title alone."""
    for line in ("Refused Derived Fuel", "A portal created to support entrepreneurs."):
        (section,) = alpdoc.loads(_page(line), "page-text", templates=STAGES).sections
        assert (section.title, _shown_texts(section)) == ("", [line])


def _shown_texts(section: alpdoc.Section) -> list[str]:
    return [i.text for i in section.items if isinstance(i, TextItem)]


def test_strict_says_a_free_form_page_was_read_without_template() -> None:
    """Strict reading of a free-form page names what it was read as and the templates tried."""
    page = _page("What is the challenge?", "Young professionals in the city cannot find affordable rooms.",
                 "Stage of Innovation", "Early stage: building the first version.")
    with pytest.raises(ParseError) as info:
        alpdoc.loads(page, "page-text", options=ReaderOptions(templates=STAGES, strict=True))
    assert info.value.line == 3
    assert "user-written sections only" in str(info.value) and "'stages'" in str(info.value)
