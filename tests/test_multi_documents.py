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


@pytest.fixture
def fresh_plugins():
    from alpdoc import plugins

    plugins.plugin_manager.cache_clear()
    plugins.reset()
    yield plugins
    plugins.plugin_manager.cache_clear()
    plugins.reset()


def test_a_plugin_write_all_sees_documents_without_platform_parts(fresh_plugins):
    import types

    seen = []

    def write_all(docs):
        seen.extend(docs)
        return "|".join(d.title for d in docs)

    module = types.ModuleType("lines_plugin")
    spec = FormatSpec(name="lines", extensions=(".lines",), writer=lambda d: d.title, write_all=write_all)
    module.alpdoc_formats = alpdoc.hookimpl(lambda: [spec])
    fresh_plugins.register(module, name="lines_plugin")
    docs = (d for d in [_doc(1, "one"), _doc(2, "two")])  # any iterable
    assert alpdoc.dumps_all(docs, "lines") == "one|two"
    assert [d.platform for d in seen] == [None, None]


def test_sniff_extensions_are_checked_and_read_only(fresh_plugins, tmp_path):
    assert validate_spec(FormatSpec(name="x", sniff_extensions=("json",))) == [
        ("sniff_extensions must be a tuple (or list) of lower-case suffixes with one leading dot, like '.json', "
         "not tuple ('json',)")]
    assert alpdoc.format_for_path(tmp_path / "a.json", mode="write").name == "json"
    assert alpdoc.format_for_path(tmp_path / "a.json", mode="write_all").name == "pad-json"


def test_write_all_is_checked_like_the_other_callables():
    assert validate_spec(FormatSpec(name="x", write_all=len)) == []
    problems = validate_spec(FormatSpec(name="x", write_all="not callable"))  # type: ignore[arg-type]
    assert problems == ["write_all must be None or a callable write_all(docs), not str 'not callable'"]
    assert alpdoc.get_format("pad-json").can_write_all
    assert not alpdoc.get_format("archive-md").can_write_all


# --------------------------------------------------------------------------- the command line

from alpdoc.cli import main  # noqa: E402
from alpdoc.multidoc import document_stem, slug  # noqa: E402


def _pads_file(tmp_path, pads, name="pads.json"):
    path = tmp_path / name
    path.write_text(json.dumps(pads), encoding="utf-8")
    return path


PADS = [
    {"pad_id": 12, "title": "Solar Kiosk", "template": 3, "sections": []},
    {"pad_id": 7, "title": "../../etc/passwd", "sections": []},
    {"pad_id": 12, "title": "Solar kiosk!", "sections": []},
    {"title": "", "sections": []},
]


def test_stems_are_safe_and_named_after_pad_and_title():
    assert slug("Égua: a Plan?  (2023) / x") == "égua-a-plan-2023-x"
    assert document_stem(_doc(123, "Some Title"), 1) == "pad-123-some-title"
    assert document_stem(alpdoc.loads("# T\n", "archive-md"), 4, "pads") == "pads-4-t"


def test_info_summarises_every_pad(tmp_path, capsys):
    path = _pads_file(tmp_path, PADS)
    assert main(["info", str(path)]) == 0
    out = capsys.readouterr().out
    assert "documents: 4" in out
    lines = [line.split() for line in out.splitlines()[out.splitlines().index("") + 1:]]
    assert lines[0][:1] == ["pad_id"] and [row[0] for row in lines[1:]] == ["12", "7", "12", "-"]


def test_convert_writes_one_file_per_pad_with_unique_safe_names(tmp_path, capsys):
    path = _pads_file(tmp_path, PADS)
    out = tmp_path / "out"
    assert main(["convert", str(path), "-t", "archive-md", "-o", str(out)]) == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == ["pad-12-solar-kiosk-2.md", "pad-12-solar-kiosk.md", "pad-7-etc-passwd.md", "pads-4.md"]
    assert "documents: 4 written" in capsys.readouterr().out
    assert alpdoc.read(out / "pad-12-solar-kiosk-2.md").title == "Solar kiosk!"
    # no clobbering: a second run fails for each pad and leaves the files alone
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    assert main(["convert", str(path), "-t", "archive-md", "-o", str(out)]) == 1
    report = capsys.readouterr().out
    assert f"{path} [pad 7]: failed:" in report and "already exists" in report
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert main(["convert", str(path), "-t", "archive-md", "-o", str(out), "--skip-existing"]) == 0
    assert main(["convert", str(path), "-t", "archive-md", "-o", str(out), "--force"]) == 0


def test_convert_a_folder_of_pad_arrays_with_workers(tmp_path, capsys):
    src = tmp_path / "src"
    src.mkdir()
    _pads_file(src, PADS[:2], "a.json")
    _pads_file(src, PADS[2:], "b.json")
    (src / "c.md").write_text("# Plain\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["convert", str(src), "-t", "archive-md", "-o", str(out), "-j", "2"]) == 0
    assert sorted(p.name for p in out.iterdir()) == [
        "b-2.md", "c.md", "pad-12-solar-kiosk-2.md", "pad-12-solar-kiosk.md", "pad-7-etc-passwd.md"]


def test_one_bad_pad_fails_alone(tmp_path, capsys):
    path = _pads_file(tmp_path, [PADS[0], {"pad_id": "x", "sections": 3}, PADS[1]])
    out = tmp_path / "out"
    assert main(["convert", str(path), "-t", "archive-md", "-o", str(out)]) == 1
    report = capsys.readouterr().out
    assert "failed: the rest of the input cannot be read" in report
    assert [p.name for p in out.iterdir()] == ["pad-12-solar-kiosk.md"]


def test_convert_many_files_into_one_file_of_a_format_that_holds_several(tmp_path, capsys):
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.md").write_text("# First\n", encoding="utf-8")
    (src / "b.md").write_text("# Second\n", encoding="utf-8")
    _pads_file(src, PADS[:2], "c.json")
    out = tmp_path / "all.json"
    assert main(["convert", str(src), "-t", "pad-json", "-o", str(out)]) == 0
    assert [d.title for d in alpdoc.read_all(out)] == ["First", "Second", "Solar Kiosk", "../../etc/passwd"]
    assert "wrote 4 documents from 3 of 3 files" in capsys.readouterr().err
    assert main(["convert", str(src), "-t", "pad-json", "-o", str(out)]) == 2  # never clobbered
    capsys.readouterr()
    strict = tmp_path / "strict.json"
    assert main(["convert", str(src), "-t", "pad-json", "-o", str(strict), "--strict"]) == 1
    assert f"{src / 'a.md'} [document 1]: failed: lossy" in capsys.readouterr().err and not strict.exists()
    geo = tmp_path / "all.geojson"
    assert main(["convert", str(src / "a.md"), str(src / "c.json"), "-o", str(geo)]) == 0  # format from -o
    assert json.loads(geo.read_text())["type"] == "FeatureCollection"
    assert len(list(alpdoc.read_all(geo))) == 3


def test_one_file_of_several_pads_to_stdout_needs_a_format_that_holds_several(tmp_path, capsys):
    path = _pads_file(tmp_path, PADS)
    assert main(["convert", str(path), "-t", "platform-geojson"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 4
    assert main(["convert", str(path), "-t", "archive-md"]) == 2
    assert "give an output folder with -o" in capsys.readouterr().err


def test_check_verifies_each_pad(tmp_path, capsys):
    path = _pads_file(tmp_path, PADS)
    assert main(["check", str(path)]) == 0
    assert "4 documents, each read back the same" in capsys.readouterr().out
    exact = tmp_path / "exact.json"
    alpdoc.write_all(list(alpdoc.read_all(path)), exact)
    assert main(["check", str(exact)]) == 0
    assert capsys.readouterr().out.startswith("checked 1 file: 1 ok")


def test_the_platform_pads_json_sample(tmp_path, capsys):
    from conftest import SHARED, need

    pads = need(SHARED / "samples" / "platform-exports" / "generated" / "pads.json")
    assert main(["info", str(pads)]) == 0
    assert "documents: 19" in capsys.readouterr().out
    assert main(["check", str(pads)]) == 0
    assert main(["convert", str(pads), "-t", "archive-md", "-o", str(tmp_path / "md")]) == 0
    assert len(list((tmp_path / "md").iterdir())) == 19


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_sigint_stops_a_batch_of_pad_arrays_cleanly(tmp_path, jobs):
    import os
    import signal
    import subprocess
    import sys
    import time
    from pathlib import Path

    answer = "\n\n".join(f"Paragraph {n} " + "lorem ipsum dolor sit amet " * 40 for n in range(40))
    src = tmp_path / "in"
    src.mkdir()
    for f in range(60):
        pads = [{"pad_id": f * 100 + n, "title": f"Plan {f}-{n}",
                 "sections": [{"title": "S", "items": [{"type": "txt", "txt": answer}]}]} for n in range(30)]
        _pads_file(src, pads, f"pads{f:02}.json")
    out = tmp_path / "out"
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(Path(alpdoc.__file__).resolve().parents[1]),
                                                      env.get("PYTHONPATH")]))
    proc = subprocess.Popen(
        [sys.executable, "-m", "alpdoc", "convert", str(src), "-t", "json", "-o", str(out), "--jobs", jobs],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if out.is_dir() and sum(1 for p in out.iterdir() if not p.name.startswith(".")) >= 3:
            break
        time.sleep(0.01)
    if proc.poll() is not None:
        pytest.fail("the conversion ended before it could be interrupted")
    os.killpg(proc.pid, signal.SIGINT)
    _stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr.decode()
    assert b"interrupted" in stderr and b"Traceback" not in stderr
    finished = [p for p in out.iterdir() if not p.name.startswith(".")]
    assert 0 < len(finished) < 1800
    for path in finished:
        assert alpdoc.read(path, "json").title.startswith("Plan ")  # a half-written file would not parse
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []  # no temporary file left
