"""Interview answers and quotations through pad JSON: kept in the item's alpdoc_* keys."""

from __future__ import annotations

import json

import pytest

import alpdoc
from alpdoc.model import Document, Section, Tag, TextItem


def _doc() -> Document:
    answer = TextItem(instruction="Can you tell us about it?", text="We began in 2020.", timestamp="0:27",
                      tags=(Tag(key="theme", value="water"),))
    quote = TextItem(text="Ten short lines", quote=True)
    return Document(title="Interview", sections=(Section(title="Story", items=(answer, quote)),))


def test_interview_answer_and_quotation_survive_pad_json() -> None:
    doc = _doc()
    text = alpdoc.dumps(doc, "pad-json")
    back = alpdoc.loads(text, "pad-json")
    items = back.sections[0].items
    assert isinstance(items[0], TextItem) and isinstance(items[1], TextItem)
    assert (items[0].timestamp, items[0].tags, items[1].quote) == ("0:27", (Tag(key="theme", value="water"),), True)
    item = json.loads(text)["sections"][0]["items"][0]
    assert item["alpdoc_timestamp"] == "0:27" and item["alpdoc_tags"] == [{"key": "theme", "value": "water"}]


@pytest.mark.parametrize(("key", "value"), [("alpdoc_timestamp", 3), ("alpdoc_tags", {"key": "a"}), ("alpdoc_quote", "yes")])
def test_bad_interview_keys_name_their_json_path(key: str, value: object) -> None:
    pad = json.loads(alpdoc.dumps(_doc(), "pad-json"))
    pad["sections"][0]["items"][0][key] = value
    with pytest.raises(alpdoc.ParseError, match=key):
        alpdoc.loads(json.dumps(pad), "pad-json")
