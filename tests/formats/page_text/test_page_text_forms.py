"""page-text with the built-in forms (solutions, experiments, translated plans) and platform templates.

The fixtures are invented answers under the forms' questions (questionnaire vocabulary);
the platform templates and pads come from ``../shared/samples/pad-json`` (skipped when absent).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SHARED, need

import alpdoc
from alpdoc import Document, ParseError, Section, Tag, TextItem
from alpdoc.api import format_for_path
from alpdoc.options import ReaderOptions
from alpdoc.plugins import call_project
from alpdoc.templates import TemplateRegistry, load_templates

PAD_JSON = SHARED / "samples" / "pad-json"
SPEC = alpdoc.get_format("page-text")
registered = getattr(alpdoc, "template_registry", alpdoc.templates)  # older alpdoc: alpdoc.templates()


def _strict() -> ReaderOptions:
    return ReaderOptions(templates=registered(), strict=True)


def _doc(kind: str, *sections: tuple[str, list[tuple[str, str]]]) -> Document:
    return Document(
        tags=(Tag(key="type", value=kind),),
        sections=tuple(Section(title=t, items=tuple(TextItem(instruction=i, text=a) for i, a in items))
                       for t, items in sections),
    )


def test_a_solution_page_reads_with_its_form() -> None:
    doc = _doc("solution", ("", [
        ("Title of the Solution", "Solar dryer for mangoes"),
        ("Description of the solution", "A box with a black roof dries fruit in two days."),
        ("Other Notes", "Built by a school club."),
    ]))
    back = alpdoc.loads(alpdoc.dumps(doc, "page-text"), "page-text", options=_strict())
    assert back.template is not None and back.template.startswith("solution-")
    assert (back.kind, back.title) == ("solution", "Solar dryer for mangoes")
    assert [(i.instruction, i.text) for i in back.sections[0].items] == [
        (i.instruction, i.text) for i in doc.sections[0].items]


def test_an_experiment_page_reads_with_its_form() -> None:
    """Plans and experiments share the disclaimer: the experiment form decides the kind."""
    doc = _doc(
        "experiment",
        ("Overview", [("Prepared by (Name of the experimenter)", "A. Tester"),
                      ("On date (Day/Month/Year)", "1/2/2023")]),
        ("Design", [("What is your hypothesis? IF... THEN....", "If we water at dawn then less is lost.")]),
    )
    back = alpdoc.loads(alpdoc.dumps(doc, "page-text"), "page-text", options=_strict())
    assert back.template is not None and back.template.startswith("experiment-")
    assert back.kind == "experiment"
    assert [s.title for s in back.sections] == ["Overview", "Design"]
    assert back.sections[1].items[0].text == "If we water at dawn then less is lost."


def test_translated_section_titles_are_placed() -> None:
    """A plan whose sections carry French titles (English questions) reads as the plan form."""
    doc = _doc(
        "learningplan",
        ("Titre", [("Please provide a name for your action learning plan.", "Jardins partagés")]),
        ("Énoncé du défi", [(("Challenge statement: What is your challenge? (Please answer in specific terms: "
                              "\"Our challenge is that...”.)"), "Notre défi est l'eau.")]),
    )
    back = alpdoc.loads(alpdoc.dumps(doc, "page-text"), "page-text", options=_strict())
    assert back.template == "alp-plan-v1"
    assert [s.title for s in back.sections] == ["Titre", "Énoncé du défi"]
    assert back.title == "Jardins partagés"


def test_a_french_closing_report_section_is_placed() -> None:
    doc = _doc("learningplan", ("Enseignements sur votre défi", []), ("Données et méthodes", []))
    back = alpdoc.loads(alpdoc.dumps(doc, "page-text"), "page-text", options=_strict())
    assert back.template is not None and back.template.startswith("alp-closing-")
    assert [s.title for s in back.sections] == ["Enseignements sur votre défi", "Données et méthodes"]


def test_strict_error_names_the_best_template_and_the_others_tried() -> None:
    doc = _doc("solution", ("", [("Title of the Solution", "Solar dryer"), ("Not a question of any form", "x")]))
    with pytest.raises(ParseError) as info:
        alpdoc.loads(alpdoc.dumps(doc, "page-text"), "page-text", options=_strict())
    message = str(info.value)
    assert "Not a question of any form" in message
    assert "of template 'solution-" in message and "templates tried" in message
    assert len(message) < 1200  # the best few are named, not every built-in template


def test_txt_files_are_read_as_page_text_by_content(tmp_path: Path) -> None:
    page = tmp_path / "pad.txt"
    page.write_text(alpdoc.dumps(_doc("solution", ("", [("Other Notes", "n")])), "page-text"), encoding="utf-8")
    assert format_for_path(page, head=page.read_bytes()).name == "page-text"
    assert alpdoc.read(page).kind == "solution"
    assert SPEC.sniff_extensions == (".txt",)


# -- platform templates -------------------------------------------------------------------------

def _pads_with_template() -> list[tuple[Path, int]]:
    if not PAD_JSON.exists():
        return []
    out = []
    for path in sorted(PAD_JSON.glob("pad-*.json")):
        template = json.loads(path.read_text(encoding="utf-8")).get("template")
        if template is not None and (PAD_JSON / f"template-{template}.json").exists():
            out.append((path, int(template)))
    return out


def test_platform_template_files_load_as_templates() -> None:
    path = need(PAD_JSON / "template-14.json")
    (template,) = load_templates(path)
    assert template.name == "platform-template-14"
    assert [s.title for s in template.sections] == ["Header 1", "Repeat header", "Header 2"]


@pytest.mark.parametrize("pad,number", _pads_with_template(), ids=lambda v: getattr(v, "name", str(v)))
def test_platform_templates_read_the_page_of_their_pads(pad: Path, number: int) -> None:
    # the built-in forms, plus the pad's platform template
    templates = TemplateRegistry([*registered(), *load_templates(PAD_JSON / f"template-{number}.json")])
    options = ReaderOptions(templates=templates)
    doc = alpdoc.read(pad, format="pad-json")
    text = alpdoc.dumps(doc, "page-text")
    back = alpdoc.loads(text, "page-text", options=options)
    assert back == call_project(SPEC, doc, options)
    if back.sections:
        assert back.template == f"platform-template-{number}"


def test_a_bad_platform_template_names_the_template(tmp_path: Path) -> None:
    bad = tmp_path / "template-99.json"
    bad.write_text(json.dumps({"id": 99, "medium": None, "sections": [{"title": "A", "structure": 3}]}),
                   encoding="utf-8")
    with pytest.raises(ParseError) as info:
        load_templates(bad)
    assert "platform template 99" in str(info.value) and "template-99.json" in str(info.value)


def test_a_closing_section_before_the_plan_is_placed() -> None:
    """A page holding a closing report's section, then the plan's: both forms' sections are placed."""
    doc = _doc(
        "learningplan",
        ("Learnings on your challenge", [
            (("What are the top 5 key insights you generated about your frontier challenge during this Action "
              "Learning Plan?"), "Rain gauges beat forecasts.")]),
        ("Title", [("Please provide a name for your action learning plan.", "Rain")]),
    )
    back = alpdoc.loads(alpdoc.dumps(doc, "page-text"), "page-text", options=_strict())
    assert [s.title for s in back.sections] == ["Learnings on your challenge", "Title"]
    assert back.sections[0].items[0].text == "Rain gauges beat forecasts."
    assert back.title == "Rain" and back.template is not None and back.template.startswith("alp-")
