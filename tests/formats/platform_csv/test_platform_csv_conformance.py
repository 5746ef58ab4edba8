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
