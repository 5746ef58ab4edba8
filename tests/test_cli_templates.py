"""``alpdoc templates learn/list`` and ``--templates``: reading page text of a form alpdoc did not know."""

from __future__ import annotations

import json
from pathlib import Path

from alpdoc.cli import main

ARCHIVE = """\
# Bee survey

[[type:experiment]]
## Hives
****

> How many hives?

Twelve

> Which flowers nearby?

- Clover
- Lavender

> Who counted?

<div class="group">

> Counter name:

Ana

</div>

<div class="group">

> Counter name:

Bo

</div>
"""


def test_learn_a_template_then_read_page_text_with_it(tmp_path: Path, capsys) -> None:
    source = tmp_path / "survey.md"
    source.write_text(ARCHIVE, encoding="utf-8")
    page = tmp_path / "survey.txt"
    assert main(["convert", str(source), "-t", "page-text", "-o", str(page)]) == 0
    # The built-in templates do not know this form: it reads, every line an answer without instruction.
    assert main(["info", str(page)]) == 0
    capsys.readouterr()

    learned = tmp_path / "bees.json"
    assert main(["templates", "learn", str(source), "--name", "bees", "-o", str(learned)]) == 0
    (template,) = json.loads(learned.read_text(encoding="utf-8"))
    assert template["name"] == "bees" and template["doc_kind"] == "experiment"
    kinds = [(i["instruction"], i["kind"]) for i in template["sections"][0]["items"]]
    assert kinds == [("How many hives?", "txt"), ("Which flowers nearby?", "checklist"), ("Who counted?", "group")]

    assert main(["templates", "list", "--templates", str(learned)]) == 0
    assert "bees" in capsys.readouterr().out
    assert main(["check", str(page), "--templates", str(learned)]) == 0
    assert main(["info", str(page), "--templates", str(learned)]) == 0
    out = capsys.readouterr().out
    assert "items:" in out and "2 group records" in out
    back = tmp_path / "back.md"
    assert main(["convert", str(page), "-t", "archive-md", "-o", str(back), "--templates", str(learned)]) == 0
    assert "- Clover\n- Lavender" in back.read_text(encoding="utf-8")


def test_bad_template_file_is_a_clear_error(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("[{\"sections\": 3}]", encoding="utf-8")
    assert main(["templates", "list", "--templates", str(bad)]) == 2
    assert "bad.json" in capsys.readouterr().err
