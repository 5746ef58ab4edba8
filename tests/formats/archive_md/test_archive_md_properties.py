"""archive-md: what is written reads back, read(write(d)) == project(d), project is idempotent.

Hostile documents (``alpdoc.testing.hostile_documents``) hold lines that start
with every marker, odd white space, punctuation in tags and multi-line titles
and instructions; on the code before the escapes these properties failed
within the first few dozen examples (unreadable '[[key:' and '</div>' lines,
titles and instructions split into answers, tag keys cut at ':').
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import alpdoc
from alpdoc.options import ReaderOptions
from alpdoc.plugins import call_project
from alpdoc.templates import TemplateRegistry
from alpdoc.templates.builtin import load_builtin_templates
from alpdoc.testing import documents, documents_following, hostile_documents

SPEC = alpdoc.get_format("archive-md")
BUILTIN = TemplateRegistry(load_builtin_templates())
NONE = ReaderOptions(templates=TemplateRegistry())
WITH_TEMPLATES = ReaderOptions(templates=BUILTIN)
MANY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SOME = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _round_trip(doc: alpdoc.Document, options: ReaderOptions) -> None:
    written = alpdoc.dumps(doc, "archive-md")
    back = alpdoc.loads(written, "archive-md", options=options)  # (a) every written file reads back
    assert back == call_project(SPEC, doc, options), f"read(write(doc)) != project(doc)\n{written!r}"  # (b)


@MANY
@given(hostile_documents())
def test_hostile_documents_read_back_as_projected(doc: alpdoc.Document) -> None:
    _round_trip(doc, NONE)


@MANY
@given(hostile_documents())
def test_hostile_documents_read_back_as_projected_with_templates(doc: alpdoc.Document) -> None:
    _round_trip(doc, WITH_TEMPLATES)


@SOME
@given(hostile_documents(platform=True))
def test_hostile_platform_documents_read_back_as_projected(doc: alpdoc.Document) -> None:
    _round_trip(doc, WITH_TEMPLATES)


@pytest.mark.parametrize("name", [t.name for t in BUILTIN])
def test_template_documents_read_back_as_projected(name: str) -> None:
    @SOME
    @given(documents_following(BUILTIN[name]), st.sampled_from([NONE, WITH_TEMPLATES]))
    def check(doc: alpdoc.Document, options: ReaderOptions) -> None:
        _round_trip(doc, options)

    check()


@MANY
@given(documents(hostile=True), st.sampled_from([NONE, WITH_TEMPLATES]))
def test_project_is_idempotent(doc: alpdoc.Document, options: ReaderOptions) -> None:
    once = call_project(SPEC, doc, options)
    assert call_project(SPEC, once, options) == once


@SOME
@given(hostile_documents())
def test_written_text_is_stable(doc: alpdoc.Document) -> None:
    text = alpdoc.dumps(doc, "archive-md")
    assert alpdoc.dumps(alpdoc.loads(text, "archive-md", options=NONE), "archive-md") == text


def test_text_ending_in_blank_lines_then_text_without_instruction() -> None:
    doc = alpdoc.Document(
        title="t",
        sections=(alpdoc.Section(title="s", items=(alpdoc.TextItem(text="a\n\n"), alpdoc.TextItem(text="b"))),),
    )
    _round_trip(doc, NONE)
