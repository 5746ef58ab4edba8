"""The ``alpdoc`` command line, called in-process through ``alpdoc.cli.main``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import alpdoc
from alpdoc.cli import main

# A small invented document in the archive-markdown dialect: title, header tags,
# a section with a question and answer, a checklist run and a partners group.
PLAN = """\
# Testing bicycle repair hubs

[[focal_point:tester@example.org]]

[[year:2023]]

[[type:learningplan]]

[[methods:Prototyping]]
[[sdgs:11. Sustainable cities and communities]]
[[country:Testland]]
[[latlng:1.5,2.25]]
## Challenge
****

> What is your challenge?

Few people repair their bicycles because tools are expensive.

> Which methods will you use?

- Prototyping
- Surveys
## Partners
****

> Who are your partners?

<div class="group">

> Name of the partner:

Wheel Friends Club

</div>

<div class="group">

> Name of the partner:

City Transport Office

</div>
"""

BLOG = """\
# A short note

[[type:blog]]

Some free text without any question.
"""


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "plan.md"
    path.write_bytes(PLAN.encode("utf-8"))
    return path


def _has_format(name: str) -> bool:
    try:
        alpdoc.get_format(name)
    except alpdoc.FormatError:
        return False
    return True


# --------------------------------------------------------------------------- convert


def test_convert_to_stdout_round_trips(plan: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    assert main(["convert", str(plan), "-t", "archive-md"]) == 0
    out, err = capsysbinary.readouterr()
    assert out == plan.read_bytes()
    assert err == b""


def test_convert_to_file(plan: Path, tmp_path: Path) -> None:
    out = tmp_path / "copy.md"
    assert main(["convert", str(plan), "-t", "md", "-o", str(out)]) == 0
    assert out.read_bytes() == plan.read_bytes()
    # no temporary file is left behind by the atomic write
    assert sorted(p.name for p in tmp_path.iterdir()) == ["copy.md", "plan.md"]


def test_convert_output_format_from_extension(plan: Path, tmp_path: Path) -> None:
    out = tmp_path / "copy.markdown"
    assert main(["convert", str(plan), "-o", str(out)]) == 0
    assert out.read_bytes() == plan.read_bytes()


def test_convert_with_explicit_input_format(tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    src = tmp_path / "plan.txt"  # an extension no format claims
    src.write_text(PLAN, encoding="utf-8")
    assert main(["convert", str(src), "-f", "archive-md", "-t", "archive-md"]) == 0
    assert capsysbinary.readouterr().out == PLAN.encode("utf-8")


def test_convert_refuses_to_overwrite(plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "existing.md"
    out.write_bytes(b"keep me\n")
    assert main(["convert", str(plan), "-t", "archive-md", "-o", str(out)]) == 2
    assert out.read_bytes() == b"keep me\n"
    err = capsys.readouterr().err
    assert err.startswith("alpdoc: ")
    assert "--force" in err
    assert main(["convert", str(plan), "-t", "archive-md", "-o", str(out), "--force"]) == 0
    assert out.read_bytes() == plan.read_bytes()


def test_convert_missing_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nope.md"
    assert main(["convert", str(missing), "-t", "archive-md"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("alpdoc: ")
    assert "nope.md" in err
    assert "Traceback" not in err


def test_convert_garbage_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    garbage = tmp_path / "garbage.md"
    garbage.write_bytes(b"\x00\x01")
    assert main(["convert", str(garbage), "-t", "archive-md"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("alpdoc: ")
    assert "Traceback" not in err


def test_convert_invalid_utf8(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.md"
    bad.write_bytes(b"# Title\n\n\xff\xfe\n")
    assert main(["convert", str(bad), "-t", "archive-md"]) == 2
    assert "UTF-8" in capsys.readouterr().err


def test_convert_unknown_format(plan: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["convert", str(plan), "-t", "no-such-format"]) == 2
    assert "unknown format" in capsys.readouterr().err


def test_convert_into_missing_folder(plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["convert", str(plan), "-t", "archive-md", "-o", str(tmp_path / "no" / "x.md")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_convert_from_stdin_needs_format(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "stdin", _FakeStdin(PLAN.encode()))
    assert main(["convert", "-", "-t", "archive-md"]) == 2
    assert "-f" in capsys.readouterr().err


def test_convert_from_stdin(monkeypatch: pytest.MonkeyPatch, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    monkeypatch.setattr(sys, "stdin", _FakeStdin(PLAN.encode()))
    assert main(["convert", "-", "-f", "archive-md", "-t", "archive-md"]) == 0
    assert capsysbinary.readouterr().out == PLAN.encode()


@pytest.mark.skipif(not _has_format("json"), reason="the json format is not registered yet")
def test_convert_to_json_and_back(plan: Path, tmp_path: Path) -> None:
    js = tmp_path / "plan.json"
    assert main(["convert", str(plan), "-t", "json", "-o", str(js)]) == 0
    data = json.loads(js.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    back = tmp_path / "back.md"
    assert main(["convert", str(js), "-f", "json", "-t", "archive-md", "-o", str(back)]) == 0
    assert alpdoc.read(back) == alpdoc.read(plan)


class _FakeStdin:
    def __init__(self, data: bytes) -> None:
        import io

        self.buffer = io.BytesIO(data)


# --------------------------------------------------------------------------- check


def test_check_one_file(plan: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(plan)]) == 0
    assert capsys.readouterr().out == "checked 1 file: 1 ok, 0 not byte-exact, 0 unreadable\n"


def test_check_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "docs"
    (root / "sub").mkdir(parents=True)
    (root / "a.md").write_text(PLAN, encoding="utf-8")
    (root / "sub" / "b.md").write_text(BLOG, encoding="utf-8")
    (root / "sub" / "c.markdown").write_bytes(PLAN.replace("expensive.", "expensive.\r\nReally.").encode())
    (root / "notes.txt").write_text("not a document\n", encoding="utf-8")  # not page text: skipped, with why
    (root / "data.xyz").write_text("?\n", encoding="utf-8")  # no format reads .xyz: not even listed
    (root / "sub" / "broken.md").write_bytes(b"\x00\x01")
    assert main(["check", str(root)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == "checked 4 files: 3 ok, 0 not byte-exact, 1 unreadable, 1 skipped"
    assert len(out) == 3
    assert "notes.txt: skipped: a .txt file that is not page-text" in out[0]
    assert "broken.md" in out[1] and "unreadable" in out[1]


def test_check_several_paths_and_missing(plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(plan), str(tmp_path / "missing.md")]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == "checked 2 files: 1 ok, 0 not byte-exact, 1 unreadable"
    assert "missing.md" in out[0]


def test_check_reports_inexact(monkeypatch: pytest.MonkeyPatch, plan: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from attrs import evolve

    spec = alpdoc.get_format("archive-md")
    broken = evolve(spec, writer=lambda doc: spec.writer(doc) + "extra\n")
    monkeypatch.setattr("alpdoc.cli.format_for_path", lambda path, **kw: broken)
    assert main(["check", "-f", "archive-md", str(plan)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert "not byte-exact" in out[0]
    assert "longer" in out[0]
    assert out[-1] == "checked 1 file: 0 ok, 1 not byte-exact, 0 unreadable"


def test_check_unknown_format(plan: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "-f", "nope", str(plan)]) == 2
    assert "unknown format" in capsys.readouterr().err


def test_check_example_document(capsys: pytest.CaptureFixture[str]) -> None:
    example = Path(__file__).resolve().parents[1] / "examples" / "sample_plan.md"
    if not example.is_file():
        pytest.skip("examples/ not present")
    assert main(["check", str(example)]) == 0


# --------------------------------------------------------------------------- formats, info, schema


def test_formats_lists_archive_md(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["formats"]) == 0
    out = capsys.readouterr().out
    header, *rows = out.splitlines()
    assert header.split()[:4] == ["name", "aliases", "extensions", "r/w"]
    assert any(row.split()[0] == "archive-md" and ".md" in row and " rw " in row for row in rows)


def test_info(plan: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["info", str(plan)]) == 0
    lines = dict(line.split(":", 1) for line in capsys.readouterr().out.splitlines())
    info = {k.strip(): v.strip() for k, v in lines.items()}
    assert info["title"] == "Testing bicycle repair hubs"
    assert info["kind"] == "learningplan"
    assert info["year"] == "2023"
    assert info["countries"].startswith("Testland")
    assert info["sections"] == "2"
    assert info["items"].startswith("3 ")
    assert info["tags"] == "7"


def test_info_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["info", str(tmp_path / "missing.md")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("alpdoc: ") and "missing.md" in err


def test_schema(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["schema"])
    captured = capsys.readouterr()
    try:
        from alpdoc.format_plugins.json import json_schema  # noqa: F401
    except ImportError:
        assert code == 2
        assert captured.err.startswith("alpdoc: ")
        return
    assert code == 0
    schema = json.loads(captured.out)
    assert isinstance(schema, dict)
    out = tmp_path / "schema.json"
    assert main(["schema", "-o", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8")) == schema
    assert main(["schema", "-o", str(out)]) == 2  # exists, no --force


# --------------------------------------------------------------------------- usage


def test_no_command_is_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "usage:" in capsys.readouterr().err


def test_help_and_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    assert "convert" in capsys.readouterr().out
    assert main(["--version"]) == 0
    assert alpdoc.__version__ in capsys.readouterr().out


def test_keyboard_interrupt(monkeypatch: pytest.MonkeyPatch, plan: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("alpdoc.cli.read_data", interrupted)
    assert main(["info", str(plan)]) == 130


def test_python_dash_m(plan: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "alpdoc", "check", str(plan)], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("checked 1 file: 1 ok")


def test_plugin_warnings_are_one_alpdoc_line_each(tmp_path: Path) -> None:
    """Before: Python's own form, ``.../plugins.py:536: PluginWarning: ...`` plus a source line."""
    where = tmp_path / "plugin"
    where.mkdir()
    (where / "misspelled_plugin.py").write_text(
        "import alpdoc\n\n@alpdoc.hookimpl\ndef alpdoc_format():\n    return []\n", encoding="utf-8"
    )
    info = where / "misspelled_plugin-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: misspelled-plugin\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[alpdoc]\nmisspelled = misspelled_plugin\n")
    env = {**os.environ, "PYTHONPATH": str(where)}
    proc = subprocess.run([sys.executable, "-m", "alpdoc", "formats"], capture_output=True, text=True,
                          timeout=120, env=env)
    assert proc.returncode == 0, proc.stderr
    warned = [line for line in proc.stderr.splitlines() if line]
    assert warned and all(line.startswith("alpdoc: warning: ") for line in warned), proc.stderr
    assert "misspelled-plugin" in proc.stderr and "PluginWarning:" not in proc.stderr
