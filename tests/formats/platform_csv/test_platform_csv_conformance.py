"""platform-csv and platform-csv-questions pass the conformance kit (hostile text and platform pads included)."""

from __future__ import annotations

import pytest
from hypothesis import strategies as st

from alpdoc.testing import check_format, documents, hostile_documents, pad_documents


@pytest.mark.parametrize("name", ["platform-csv", "platform-csv-questions"])
def test_conforms(name):
    check_format(name, max_examples=25)


@pytest.mark.parametrize("name", ["platform-csv", "platform-csv-questions"])
def test_conforms_with_platform_pads(name):
    docs = st.one_of(pad_documents(), hostile_documents(platform=True), documents(platform=True))
    check_format(name, docs=docs, max_examples=25)


@pytest.mark.parametrize("name", ["platform-csv", "platform-csv-questions"])
def test_conforms_with_a_template(name):
    from alpdoc.options import ReaderOptions
    from alpdoc.templates import Template, TemplateItem, TemplateRegistry, TemplateSection
    from alpdoc.testing import documents_following

    template = Template(name="platform-template-5", sections=(
        TemplateSection(title="Intro", items=(
            TemplateItem(instruction="What?"),
            TemplateItem(instruction="Stage", kind="checklist", options=("Explore", "Test")),
            TemplateItem(instruction="Partners", kind="group", items=(
                TemplateItem(instruction="Name"), TemplateItem(instruction="Where", kind="other"))),
            TemplateItem(instruction="Pic", kind="img"),
        )),
        TemplateSection(title="More", items=(TemplateItem(instruction="Why?", kind="radiolist",
                                                          options=("a", "b")),)),
    ))
    from attrs import evolve

    from alpdoc.model import PlatformInfo

    docs = documents_following(template).map(lambda d: evolve(d, platform=PlatformInfo(pad_id=1, template=5)))
    check_format(name, docs=docs, max_examples=25,
                 options=ReaderOptions(templates=TemplateRegistry([template])))
