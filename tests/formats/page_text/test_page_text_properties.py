"""page-text: for documents that follow a registered template, read(write(d)) == project(d)."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import alpdoc
from alpdoc.testing import documents, documents_following

TEMPLATES = list(alpdoc.templates())


@pytest.mark.parametrize("template", TEMPLATES, ids=[t.name for t in TEMPLATES])
@given(data=st.data())
def test_round_trip_equals_projection(template: alpdoc.templates.Template, data: st.DataObject) -> None:
    doc = data.draw(documents_following(template))
    text = alpdoc.dumps(doc, "page-text")
    back = alpdoc.loads(text, "page-text", templates=template)
    assert back == alpdoc.get_format("page-text").project(doc)
    assert alpdoc.dumps(back, "page-text") == text


@given(documents())
def test_project_is_idempotent(doc: alpdoc.Document) -> None:
    project = alpdoc.get_format("page-text").project
    assert project(project(doc)) == project(doc)


@pytest.mark.parametrize("template", TEMPLATES, ids=[t.name for t in TEMPLATES])
@given(data=st.data())
def test_page_text_to_archive_and_back_keeps_content(template, data) -> None:  # noqa: ANN001
    """A page-text document written as archive markdown reads back the same, radio answers included."""
    doc = alpdoc.loads(alpdoc.dumps(data.draw(documents_following(template)), "page-text"), "page-text",
                       templates=template)
    back = alpdoc.loads(alpdoc.dumps(doc, "archive-md"), "archive-md", templates=template)
    # Archive markdown does not mark where a group record ends (the reader infers it from the
    # template's question order), so records compare as one run of items.
    assert _flat_records(back).sections == _flat_records(doc).sections


def _flat_records(doc: alpdoc.Document) -> alpdoc.Document:
    def item(i):  # noqa: ANN001, ANN202
        if isinstance(i, alpdoc.GroupItem):
            return attrs.evolve(i, records=(tuple(x for r in i.records for x in r),))
        return i

    sections = tuple(attrs.evolve(s, items=tuple(map(item, s.items))) for s in doc.sections)
    return attrs.evolve(doc, sections=sections)
