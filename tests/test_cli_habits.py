"""Command-line habits: help texts, usage, singular/plural, CLI wording of errors, ``info --json``,
``templates show``, folder walks (README-like notes, hidden files), ``convert -t table``, ``--index``."""

from __future__ import annotations

import errno
import json
import tempfile
from pathlib import Path

import pytest

from alpdoc.cli import main

PLAN = """\
# Testing bicycle repair hubs

[[year:2023]]

[[type:learningplan]]

[[country:Testland]]
## Challenge
****

> What is your challenge?

Few people repair their bicycles because tools are expensive.

## Partners
****

> Who are your partners?

<div class="group">

> Name of the partner:

Wheel Friends Club

</div>
"""


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "plan.md"
    path.write_text(PLAN, encoding="utf-8")
    return path


def _help(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main([*argv, "--help"]) == 0
    return capsys.readouterr().out


# --------------------------------------------------------------------------- help and usage


@pytest.mark.parametrize(("command", "words"), [
    (["check"], "byte"),
    (["table"], "row per answer"),
    (["info"], "Summarise one file"),
    (["templates"], "questionnaire templates"),
])
def test_commands_have_a_description(capsys: pytest.CaptureFixture[str], command: list[str], words: str) -> None:
    text = _help(capsys, *command)
    _usage, _, rest = text.partition("\n\n")
    description = rest.split("positional arguments")[0].split("options:")[0]
    assert words in " ".join(description.split())


def test_convert_usage_shows_the_output_format(capsys: pytest.CaptureFixture[str]) -> None:
    usage = _help(capsys, "convert").split("\n\n")[0]
    assert "-t FORMAT [" in usage  # not optional in brackets
    assert "[-t FORMAT]" not in usage
    assert "OUT.EXT" in usage  # the one case where -o's extension names the format


# --------------------------------------------------------------------------- plurals


def test_counts_of_one_are_singular(plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(plan)]) == 0
    assert capsys.readouterr().out.startswith("checked 1 file: ")
    assert main(["info", str(plan)]) == 0
    assert "1 group record)" in capsys.readouterr().out
    assert main(["convert", str(plan), str(plan), "-t", "json", "-o", str(tmp_path / "out")]) == 0
    assert "converted 1 of 1 file into" in capsys.readouterr().out
    assert main(["table", str(plan), "-o", str(tmp_path / "rows.csv")]) == 0
    assert "from 1 file to" in capsys.readouterr().err


def test_counts_of_several_stay_plural(plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    other = tmp_path / "other.md"
    other.write_text(PLAN.replace("bicycle", "scooter"), encoding="utf-8")
    assert main(["check", str(plan), str(other)]) == 0
    assert capsys.readouterr().out.startswith("checked 2 files: ")


# --------------------------------------------------------------------------- error wording


def test_detection_error_says_dash_f_not_python(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    odd = tmp_path / "notes.xyz"
    odd.write_text("hello\n", encoding="utf-8")
    assert main(["info", str(odd)]) == 2
    err = capsys.readouterr().err
    assert "-f FORMAT" in err and "format=" not in err and "Python" not in err


def test_output_format_error_says_dash_t(plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["convert", str(plan), "-o", str(tmp_path / "out.xyz")]) == 2
    err = capsys.readouterr().err
    assert "-t FORMAT" in err and "to=" not in err and "Python" not in err


def test_python_api_keeps_python_wording(tmp_path: Path) -> None:
    from alpdoc.api import format_for_path
    from alpdoc.errors import FormatError

    with pytest.raises(FormatError, match="format="):
        format_for_path(tmp_path / "x.xyz", head=b"hello")


def test_word_and_excel_named_when_no_format_reads_them(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    xlsx = tmp_path / "sheet.xlsx"
    xlsx.write_text("not a spreadsheet", encoding="utf-8")
    assert main(["info", str(xlsx)]) == 2
    assert "sheet.xlsx is an Excel file" in capsys.readouterr().err
    doc = tmp_path / "old.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0 old Word")
    assert main(["info", str(doc)]) == 2
    err = capsys.readouterr().err
    assert "Word 97-2003" in err and ".docx" in err


def test_extension_only_a_writer_claims(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "page.html"
    page.write_text("<!DOCTYPE html><p>hi</p>", encoding="utf-8")
    assert main(["info", str(page)]) == 2
    err = capsys.readouterr().err
    assert "no format reads .html files (html only writes them)" in err and "-f FORMAT" in err
    assert main(["check", str(page)]) == 1
    assert "no format reads .html files" in capsys.readouterr().out


def test_unwritable_output_names_the_target_only(
    plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.json"

    def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(errno.EACCES, "Permission denied", str(tmp_path / ".out.json.x1y2.tmp"))

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    assert main(["convert", str(plan), "-t", "json", "-o", str(target)]) == 2
    err = capsys.readouterr().err
    assert f"{target}: " in err and "Permission denied" in err
    assert ".tmp" not in err and "x1y2" not in err
    rows = tmp_path / "rows.csv"
    assert main(["table", str(plan), "-o", str(rows)]) == 2
    err = capsys.readouterr().err
    assert f"{rows}: " in err and "Permission denied" in err and "x1y2" not in err
    assert main(["schema", "-o", str(target)]) == 2
    err = capsys.readouterr().err
    assert f"{target}: " in err and "x1y2" not in err


# --------------------------------------------------------------------------- convert -t table


def test_convert_to_table_jsonl_writes_json_lines_with_doc_id(
    plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "rows.jsonl"
    assert main(["convert", str(plan), "-t", "table", "-o", str(out)]) == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert rows and all(row["doc_id"] == str(plan) for row in rows)
    assert any(row["answer"] == "Wheel Friends Club" for row in rows)


def test_convert_to_table_csv_fills_doc_id(plan: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["convert", str(plan), "-t", "table"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("doc_id,")
    assert all(line.startswith(str(plan) + ",") for line in lines[1:] if line)


def test_convert_to_table_other_extension_refused(
    plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["convert", str(plan), "-t", "table", "-o", str(tmp_path / "rows.txt")]) == 2
    assert ".csv or .jsonl" in capsys.readouterr().err
    assert not (tmp_path / "rows.txt").exists()


# --------------------------------------------------------------------------- -t / -f from the registry


def test_unknown_format_lists_the_valid_names(plan: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["convert", str(plan), "-t", "no-such"]) == 2
    err = capsys.readouterr().err
    assert "unknown format 'no-such'" in err and "archive-md" in err and "json" in err


def test_read_only_use_of_a_write_only_format_is_a_usage_error(plan: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "-f", "table", str(plan)]) == 2
    err = capsys.readouterr().err
    assert "cannot be read" in err and "html" not in err.split("reads:")[1]


def test_aliases_and_case_still_work(plan: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["convert", str(plan), "-t", "JSON"]) == 0
    assert json.loads(capsys.readouterr().out)["document"]["title"] == "Testing bicycle repair hubs"
    assert main(["convert", str(plan), "-f", "Archive", "-t", "page-HTML"]) == 0
    assert "<html" in capsys.readouterr().out


# --------------------------------------------------------------------------- info --json


def test_info_json_one_object_per_document(plan: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["info", "--json", str(plan)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1
    record = json.loads(lines[0])
    assert set(record) == {"file", "format", "index", "pad_id", "title", "kind", "template", "year", "countries",
                           "sections", "items", "answered", "group_records", "tags", "bytes"}
    assert record["title"] == "Testing bicycle repair hubs" and record["kind"] == "learningplan"
    assert record["year"] == 2023 and record["countries"][0]["name"] == "Testland"
    assert record["format"] == "archive-md" and record["group_records"] == 1 and record["index"] == 0


def test_info_json_several_documents(plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    other = tmp_path / "other.md"
    other.write_text(PLAN.replace("bicycle", "scooter"), encoding="utf-8")
    pads = tmp_path / "pads.json"
    assert main(["convert", str(plan), str(other), "-t", "pad-json", "-o", str(pads)]) == 0
    capsys.readouterr()
    assert main(["info", "--json", str(pads)]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["index"] for r in records] == [0, 1]
    assert {r["format"] for r in records} == {"pad-json"}
    assert "scooter" in records[1]["title"]


# --------------------------------------------------------------------------- templates show


def test_templates_show_prints_sections_and_questions(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["templates", "show", "alp-plan-v1"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("template: alp-plan-v1\n")
    assert "1. Title" in out and "- Please provide a name for your action learning plan. [txt]" in out


def test_templates_show_unknown_lists_names(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["templates", "show", "no-such-template"]) == 2
    err = capsys.readouterr().err
    assert "no template 'no-such-template'" in err and "alp-plan-v1" in err


# --------------------------------------------------------------------------- folder walks


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "plan.md").write_text(PLAN, encoding="utf-8")
    (folder / "README.md").write_text("# About this folder\n", encoding="utf-8")
    (folder / "LICENSE.md").write_text("# MIT\n", encoding="utf-8")
    (folder / ".draft.md").write_text(PLAN, encoding="utf-8")
    (folder / ".old.md").write_text(PLAN, encoding="utf-8")
    return folder


def test_folder_walk_skips_readme_and_counts_hidden(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _folder(tmp_path)
    assert main(["check", str(folder)]) == 0
    out = capsys.readouterr().out
    assert f"{folder / 'README.md'}: skipped: " in out and f"{folder / 'LICENSE.md'}: skipped: " in out
    assert "checked 1 file: 1 ok" in out and "skipped 2 hidden files" in out
    assert ".draft.md" not in out


def test_readme_named_explicitly_is_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _folder(tmp_path)
    assert main(["info", "--json", str(folder / "README.md")]) == 0
    assert json.loads(capsys.readouterr().out)["title"] == "About this folder"


def test_batch_convert_summary_counts_hidden(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _folder(tmp_path)
    assert main(["convert", str(folder), "-t", "json", "-o", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    assert "converted 1 of 3 files" in out and "2 skipped" in out and "skipped 2 hidden files" in out
    assert sorted(p.name for p in (tmp_path / "out").iterdir() if not p.name.startswith(".")) == ["plan.json"]


# --------------------------------------------------------------------------- --index


def test_convert_to_html_with_index(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _folder(tmp_path)
    (folder / "index.md").write_text(PLAN.replace("bicycle", "scooter"), encoding="utf-8")
    out = tmp_path / "site"
    assert main(["convert", str(folder), "-t", "html", "-o", str(out), "--index"]) == 0
    names = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    assert names == ["index-2.html", "index.html", "plan.html"]  # the index keeps its name
    page = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="plan.html"' in page and 'href="index-2.html"' in page
    assert "Testing bicycle repair hubs" in page


def test_index_lists_each_document_of_a_multi_document_file(
    plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "other.md"
    other.write_text(PLAN.replace("bicycle", "scooter"), encoding="utf-8")
    pads = tmp_path / "pads.json"
    assert main(["convert", str(plan), str(other), "-t", "pad-json", "-o", str(pads)]) == 0
    out = tmp_path / "site"
    assert main(["convert", str(pads), "-t", "html", "-o", str(out), "--index"]) == 0
    page = (out / "index.html").read_text(encoding="utf-8")
    pages = sorted(p.name for p in out.iterdir() if p.suffix == ".html" and p.name != "index.html")
    assert len(pages) == 2 and all(f'href="{name}"' in page for name in pages)
    assert "Testing bicycle repair hubs" in page and "Testing scooter repair hubs" in page


def test_index_only_for_html(plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["convert", str(plan), str(plan), "-t", "json", "-o", str(tmp_path / "o"), "--index"]) == 2
    assert "--index" in capsys.readouterr().err


def test_batch_convert_to_table_fills_doc_id(plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A folder converted to the table names each row's document as ``convert FILE -t table`` does: the file."""
    folder = tmp_path / "in"
    folder.mkdir()
    first, second = folder / "first.md", folder / "second.md"
    first.write_text(PLAN, encoding="utf-8")
    second.write_text(PLAN.replace("bicycle", "tricycle"), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["convert", str(folder), "-t", "table", "-o", str(out)]) == 0
    for source in (first, second):
        lines = (out / f"{source.stem}.csv").read_text(encoding="utf-8").splitlines()
        assert lines[0].startswith("doc_id,") and len(lines) > 1
        assert all(line.startswith(f"{source},") for line in lines[1:]), lines[1]
    capsys.readouterr()
    assert main(["convert", str(first), "-t", "table"]) == 0
    single = capsys.readouterr().out.splitlines()
    assert single == (out / "first.csv").read_text(encoding="utf-8").splitlines()


def test_batch_convert_to_table_keeps_the_pad_id(tmp_path: Path) -> None:
    """A pad's id is its ``doc_id``, in a batch too (the file name only stands in for documents without one)."""
    folder = tmp_path / "in"
    folder.mkdir()
    pad = {"pad_id": 4242, "title": "A pad", "sections": [{"title": "S", "items": [{"type": "txt", "txt": "x",
                                                                                     "instruction": "Q?"}]}]}
    (folder / "pad.json").write_text(json.dumps(pad), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["convert", str(folder), "-f", "pad-json", "-t", "table", "-o", str(out)]) == 0
    lines = (out / "pad.csv").read_text(encoding="utf-8").splitlines()
    assert len(lines) > 1 and all(line.startswith("4242,") for line in lines[1:])


# --------------------------------------------------------------------------- .txt in folder walks


def _page_text() -> str:
    import alpdoc

    return alpdoc.dumps(alpdoc.loads(PLAN, "archive-md"), "page-text")


def _txt_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "plan.txt").write_text(_page_text(), encoding="utf-8")
    (folder / "README.txt").write_text("Pages saved from the SDG Commons.\n", encoding="utf-8")
    (folder / "notes.txt").write_text("call Ana on Monday\n", encoding="utf-8")
    (folder / "other.md").write_text(PLAN, encoding="utf-8")
    return folder


def test_folder_walk_with_page_text_format_reads_txt(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``-f page-text`` on a folder reads its .txt files (alpdoc writes page text as .txt); README.txt stays out."""
    folder = _txt_folder(tmp_path)
    (folder / "notes.txt").unlink()
    (folder / "other.md").unlink()
    out = tmp_path / "out"
    assert main(["convert", str(folder), "-f", "page-text", "-t", "json", "-o", str(out)]) == 0
    text = capsys.readouterr().out
    assert "converted 1 of 2 files" in text and f"{folder / 'README.txt'}: skipped: " in text
    assert json.loads((out / "plan.json").read_text(encoding="utf-8"))["document"]["sections"]


def test_folder_walk_without_format_sniffs_txt(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Without -f, a .txt file is read when it is page text; a stray one is skipped with why, never failing."""
    folder = _txt_folder(tmp_path)
    out = tmp_path / "out"
    assert main(["convert", str(folder), "-t", "json", "-o", str(out)]) == 0
    text = capsys.readouterr().out
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == ["other.json", "plan.json"]
    notes = next(line for line in text.splitlines() if "notes.txt" in line)
    assert notes.startswith(f"{folder / 'notes.txt'}: skipped: ") and "page-text" in notes and "-f" in notes
    assert f"{folder / 'README.txt'}: skipped: " in text
    assert "converted 2 of 4 files" in text and "0 failed" in text


def test_check_totals_leave_skipped_files_out(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _txt_folder(tmp_path)
    (folder / "data.xyz").write_text("?", encoding="utf-8")  # no format reads it: not listed at all
    assert main(["check", str(folder)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1] == "checked 2 files: 2 ok, 0 not byte-exact, 0 unreadable, 2 skipped"
    assert sum("skipped: " in line for line in lines) == 2
