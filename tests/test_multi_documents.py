"""Files of several documents: ``write_all``/``dumps_all``, ``read_all``/``loads_all``, and the CLI on them."""

from __future__ import annotations

import json

import pytest

import alpdoc
from alpdoc.plugins import FormatSpec
from alpdoc.spec_checks import validate_spec


def _doc(n: int, title: str) -> alpdoc.Document:
    return alpdoc.loads(json.dumps({"pad_id": n, "title": title, "sections": []}), "pad-json")


def test_pad_json_write_all_is_an_array_that_reads_back(tmp_path):
    docs = [_doc(1, "one"), _doc(2, "two")]
    text = alpdoc.dumps_all(docs, "pad-json")
    assert [pad["pad_id"] for pad in json.loads(text)] == [1, 2]
    path = tmp_path / "pads.json"
    alpdoc.write_all(docs, path)
    assert [d.title for d in alpdoc.read_all(path)] == ["one", "two"]
    assert list(alpdoc.loads_all(text, "pad-json")) == list(alpdoc.read_all(path))


def test_pad_json_reads_the_next_js_envelope():
    pads = [{"pad_id": n, "title": f"t{n}", "sections": []} for n in (3, 4, 5)]
    text = json.dumps({"count": 3, "data": pads})
    assert [d.title for d in alpdoc.loads_all(text, "pad-json")] == ["t3", "t4", "t5"]


def test_write_all_without_write_all_takes_one_document_only():
    doc = _doc(1, "one")
    assert alpdoc.dumps_all([doc], "archive-md") == alpdoc.dumps(doc, "archive-md")
    with pytest.raises(alpdoc.FormatError, match="one document per file"):
        alpdoc.dumps_all([doc, doc], "archive-md")


def test_write_all_is_checked_like_the_other_callables():
    assert validate_spec(FormatSpec(name="x", write_all=len)) == []
    problems = validate_spec(FormatSpec(name="x", write_all="not callable"))  # type: ignore[arg-type]
    assert problems == ["write_all must be None or a callable write_all(docs), not str 'not callable'"]
    assert alpdoc.get_format("pad-json").can_write_all
    assert not alpdoc.get_format("archive-md").can_write_all
