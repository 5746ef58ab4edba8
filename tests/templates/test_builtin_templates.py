"""The built-in ALP templates (``alpdoc/templates/data/alp.json``) and their reproducibility."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

from alpdoc.templates import ITEM_KINDS, Template, TemplateItem, TemplateRegistry, normalize_instruction
from alpdoc.templates.builtin import load_builtin_templates

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts" / "extract_templates.py"
DATA = ("alp.json", "solution.json", "experiment.json")


def walk(items):
    for item in items:
        yield item
        yield from walk(item.items)


def find(template: Template, prefix: str) -> TemplateItem | None:
    """The question of ``template`` whose (normalized) instruction starts with ``prefix``."""
    items = walk(template.iter_items())
    return next((i for i in items if normalize_instruction(i.instruction).startswith(prefix)), None)


@pytest.fixture(scope="module")
def templates() -> list[Template]:
    return load_builtin_templates()


def test_builtin_templates_load(templates):
    assert templates and all(isinstance(t, Template) for t in templates)
    names = [t.name for t in templates]
    assert len(set(names)) == len(names)
    assert any(n.startswith("alp-plan-") for n in names)
    assert any(n.startswith("alp-closing-") for n in names)
    for t in templates:
        assert t.doc_kind in ("learningplan", "solution", "experiment") and t.description and t.sections
        assert t.name.startswith({"learningplan": "alp-", "solution": "solution-", "experiment": "experiment-"}[t.doc_kind])
        for item in walk(t.iter_items()):
            assert item.kind in ITEM_KINDS
            assert not item.options or item.kind in ("checklist", "radiolist")
            assert not item.items or item.kind == "group"
    TemplateRegistry(templates)  # names are unique, questions register


def test_plan_sections(templates):
    plan = next(t for t in templates if t.name.startswith("alp-plan-"))
    titles = [s.title for s in plan.sections]
    assert titles == ["Title", "Challenge statement", "Challenge classification", "Partners",
                      "Learning questions", "Closing"]
    closing = [t for t in templates if t.name.startswith("alp-closing-")]
    assert all([s.title for s in t.sections][:3] == ["Learnings on your challenge", "Data and Methods", "Partners"]
               for t in closing)


def test_partner_group_records(templates):
    groups = [g for t in templates for g in [find(t, "Who are your top 5 partners"),
                                             find(t, "Please indicate what partners")] if g]
    assert groups
    for group in groups:
        assert group.kind == "group"
        wanted = ["Please state the name of the", "What sector does", "Please provide a brief description",
                  "Is this a new and unusual partner"]
        assert len(group.items) == 4
        for item, prefix in zip(group.items, wanted):
            assert normalize_instruction(item.instruction).startswith(prefix)
        assert [i.kind for i in group.items] == ["txt", "radiolist", "txt", "radiolist"]


def test_challenge_type_carries_its_note(templates):
    plan = next(t for t in templates if t.name.startswith("alp-plan-"))
    item = find(plan, "Challenge type:")
    assert item is not None and item.kind == "radiolist"
    first, note = item.instruction.split("\n\n", 1)
    assert first.startswith("Challenge type: If you are working on multiple challenges")
    assert note.startswith("Please note: we ask you to only submit a maximum of 3 challenges")
    assert normalize_instruction(item.instruction) == normalize_instruction(first)


def test_choice_questions(templates):
    plan = next(t for t in templates if t.name.startswith("alp-plan-"))
    assert find(plan, "What sector does our partner belong to?").kind == "radiolist"
    assert find(plan, "Is this a new and unusual partner for UNDP?").kind == "radiolist"
    stages = find(plan, "To what stage(s) in the learning cycle")
    assert stages.kind == "checklist" and stages.options == ("Sense", "Explore", "Test", "Grow")
    registry = TemplateRegistry(templates)
    assert registry.item("What sector does our partner belong to?").kind == "radiolist"


def test_translated_section_titles(templates):
    """Translations of the plan's section titles seen in the archive are aliases of the sections."""
    plan = next(t for t in templates if t.name == "alp-plan-v1")
    aliases = {s.title: s.aliases for s in plan.sections}
    assert "Titre" in aliases["Title"] and "Título" in aliases["Title"]
    closing = next(t for t in templates if t.name == "alp-closing-v1")
    assert "Enseignements sur votre défi" in closing.sections[0].aliases
    experiment = next(t for t in templates if t.name == "experiment-v1")
    assert [s.title for s in experiment.sections][:2] == ["Overview", "Design"]
    assert "Descripción general" in experiment.sections[0].aliases
    for t in templates:
        for s in t.sections:
            assert s.title or not s.aliases  # an untitled section has no translation (no user text as alias)


def test_solution_and_experiment_forms(templates):
    kinds = {t.doc_kind for t in templates}
    assert {"solution", "experiment"} <= kinds
    registry = TemplateRegistry(templates)
    assert registry.item("Title of the innovation") is not None
    assert registry.item("Prepared by (Name of the experimenter)") is not None
    assert any(i.kind == "title" for t in templates if t.doc_kind == "solution" for i in t.iter_items())
    for t in templates:
        for item in walk(t.iter_items()):
            # answers never enter an instruction: only plans carry a second paragraph
            assert t.doc_kind == "learningplan" or "\n- " not in item.instruction


@pytest.mark.corpus
def test_extraction_is_reproducible(tmp_path, corpus_dir):
    subprocess.run([sys.executable, str(SCRIPT), str(corpus_dir), "-o", str(tmp_path)], check=True, capture_output=True)
    for name in DATA:
        shipped = resources.files("alpdoc.templates").joinpath(f"data/{name}").read_text(encoding="utf-8")
        assert json.loads((tmp_path / name).read_text(encoding="utf-8")) == json.loads(shipped), name
