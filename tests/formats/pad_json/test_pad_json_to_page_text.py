"""pad-json samples -> page-text -> read equals the page-text projection.

Each pad is read back with its own platform template when the samples hold
it, else with a template learned from the pad itself. Page text cannot place
an answer whose question has no instruction (nothing on the page marks it),
so pads with such answers must fail cleanly instead.
"""

from __future__ import annotations

import json
from pathlib import Path

from conftest import SHARED, need

import alpdoc
from alpdoc.format_plugins.pad_json import read_platform_template
from alpdoc.plugins import call_project


def _templates(folder: Path) -> dict[str, alpdoc.Template]:
    out = {}
    for path in folder.glob("template-*.json"):
        row = json.loads(path.read_text(encoding="utf-8"))
        out[str(row["id"])] = read_platform_template(row)
    return out


def test_pads_to_page_text_and_back() -> None:
    folder = need(SHARED / "samples" / "pad-json")
    platform_templates = _templates(folder)
    placed = 0
    for path in sorted(folder.glob("pad-*.json")):
        doc = alpdoc.read(path, format="pad-json")
        template_id = str(json.loads(path.read_text(encoding="utf-8")).get("template"))
        template = platform_templates.get(template_id) or alpdoc.learn_template([doc], "self")
        text = alpdoc.dumps(doc, "page-text")
        options = alpdoc.ReaderOptions(templates=template)
        back = alpdoc.loads(text, "page-text", options=options)
        assert back == call_project(alpdoc.get_format("page-text"), doc, options), path.name
        assert alpdoc.dumps(back, "page-text") == text
        placed += 1
    assert placed == len(list(folder.glob("pad-*.json"))) >= 15
