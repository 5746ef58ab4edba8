"""A document read from text it writes back exactly is its own projection (and only then)."""

from __future__ import annotations

from attrs import evolve

import alpdoc
from alpdoc.options import ReaderOptions
from alpdoc.plugins import call_project
from alpdoc.templates import TemplateRegistry

TEXT = "# Plan\n\n[[type:learningplan]]\n## Context\n****\n\n> What is it?\n\n- a\n- b\n\n"
SPEC = alpdoc.get_format("archive-md")


def test_a_document_read_from_its_own_output_is_returned_as_it_is() -> None:
    options = ReaderOptions(templates=TemplateRegistry())
    doc = alpdoc.loads(TEXT, "archive-md", options=options)
    written = alpdoc.dumps(doc, "archive-md")
    assert written == TEXT
    assert call_project(SPEC, doc, options, written=written) is doc


def test_other_templates_other_text_or_a_changed_copy_are_projected_in_full() -> None:
    options = ReaderOptions(templates=TemplateRegistry())
    doc = alpdoc.loads(TEXT, "archive-md", options=options)
    written = alpdoc.dumps(doc, "archive-md")
    with_templates = ReaderOptions(templates=alpdoc.template_registry())
    assert call_project(SPEC, doc, with_templates, written=written) is not doc
    assert call_project(SPEC, doc, options, written=written + "x\n") is not doc
    changed = evolve(doc, title="Plan")  # equal, but a new object: not known to the reader
    projected = call_project(SPEC, changed, options, written=alpdoc.dumps(changed, "archive-md"))
    assert projected is not changed and projected == call_project(SPEC, changed, options)


def test_the_shortcut_gives_what_the_full_projection_gives() -> None:
    options = ReaderOptions(templates=alpdoc.template_registry())
    doc = alpdoc.loads(TEXT, "archive-md", options=options)
    fast = call_project(SPEC, doc, options, written=alpdoc.dumps(doc, "archive-md"))
    assert fast == call_project(SPEC, doc, options) == alpdoc.loads(TEXT, "archive-md", options=options)
