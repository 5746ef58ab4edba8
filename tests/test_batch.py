"""``alpdoc convert`` and ``alpdoc check`` on many files: names, overwrites, failures, workers, interrupts."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import alpdoc
from alpdoc import batch
from alpdoc.cli import main
from alpdoc.format_plugins.json import FORMAT_VERSION

DOC = """\
# {title}

[[type:learningplan]]

[[year:2023]]
[[country:Testland]]
[[sdgs:11. Sustainable cities and communities]]
## Challenge
****

> What is your challenge?

{answer}
"""


def _doc(title: str, answer: str = "Bicycles are expensive to repair.") -> str:
    return DOC.format(title=title, answer=answer)


def _make(folder: Path, docs: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in docs.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# --------------------------------------------------------------------------- names


def test_safe_filename_cannot_escape() -> None:
    for title in ["../../etc/passwd", "..", ".", "/abs/path", "a\\b", "..\\..\\x", "\x00\x1b[31m", "", " . "]:
        name = batch.safe_filename(title)
        assert name and "/" not in name and "\\" not in name and ".." not in name
        assert not name.startswith(".") and not name.startswith(" ")
        assert all(ch.isprintable() for ch in name)
    assert batch.safe_filename("NUL").lower() != "nul"
    assert batch.safe_filename("com1.txt").split(".")[0].lower() != "com1"
    assert len(batch.safe_filename("é" * 500).encode("utf-8")) <= batch.MAX_NAME_BYTES
    assert batch.safe_filename("Active listening") == "Active listening"  # safe names are kept


@given(st.text(alphabet="aZ09_-. \tÉ/:", max_size=12) | st.sampled_from(["con", "CON.txt", "nul .md", "a b.c", "a..b"]))
def test_safe_filename_fast_path_agrees_with_the_general_one(text: str) -> None:
    # Plain names skip the character-by-character pass: both must give the same name.
    general = batch._safe_filename_any(text, max_bytes=batch.MAX_NAME_BYTES, default="document")
    assert batch.safe_filename(text) == general
    assert batch.safe_filename(text, max_bytes=3) == batch._safe_filename_any(text, max_bytes=3, default="document")


def test_name_planner_is_deterministic(tmp_path: Path) -> None:
    planner = batch.NamePlanner(tmp_path, ".md")
    names = [os.path.basename(planner.claim(t)) for t in ["Plan", "plan", "Plan", "Plan-2", "../Plan"]]
    assert names == ["Plan.md", "plan-2.md", "Plan-3.md", "Plan-2-2.md", "_Plan.md"]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_titles_give_safe_distinct_names(tmp_path: Path, jobs: str) -> None:
    src = _make(
        tmp_path / "in",
        {
            "a.md": _doc("../../etc/passwd"),
            "b.md": _doc("Same title"),
            "c.md": _doc("Same title", "Another answer."),
            "d.md": _doc(".hidden"),
            "e.md": _doc("con"),
        },
    )
    out = tmp_path / "deep" / "out"
    assert main(["convert", str(src), "-t", "md", "-o", str(out), "--names", "title", "--jobs", jobs]) == 0
    names = _files(out)
    assert names == ["Same title-2.md", "Same title.md", "_._etc_passwd.md", "con_.md", "hidden.md"]
    # nothing was written outside OUTDIR, every file is complete
    assert sorted(p.name for p in (tmp_path / "deep").iterdir()) == ["out"]
    assert not (tmp_path / "etc").exists()
    assert alpdoc.read(out / "Same title.md").sections[0].items[0].text.startswith("Bicycles")
    assert alpdoc.read(out / "Same title-2.md").sections[0].items[0].text.startswith("Another")


# --------------------------------------------------------------------------- batch convert


def test_folder_to_json_and_back_is_byte_identical(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    docs = {f"doc{i:02}.md": _doc(f"Plan {i}", f"Answer number {i}.\r\nSecond line.  ") for i in range(12)}
    src = _make(tmp_path / "in", docs)
    assert main(["convert", str(src), "-t", "json", "-o", str(tmp_path / "js"), "--jobs", "2"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1].startswith("converted 12 of 12 files into ") and out[-1].endswith(": 0 failed, 0 lossy")
    assert _files(tmp_path / "js") == [f"doc{i:02}.json" for i in range(12)]
    assert main(["convert", str(tmp_path / "js"), "-t", "archive-md", "-o", str(tmp_path / "back"), "-j", "2"]) == 0
    for name, text in docs.items():
        assert (tmp_path / "back" / name).read_bytes() == text.encode("utf-8")


def test_inputs_files_and_globs(tmp_path: Path) -> None:
    src = _make(tmp_path / "in", {"a.md": _doc("A"), "b.md": _doc("B"), "c.markdown": _doc("C")})
    out = tmp_path / "out"
    inputs = [str(src / "*.md"), str(src / "c.markdown"), str(src / "a.md")]
    assert main(["convert", *inputs, "-t", "json", "-o", str(out)]) == 0
    assert _files(out) == ["a.json", "b.json", "c.json"]  # a.md named twice: converted once


def test_single_file_into_existing_folder(tmp_path: Path) -> None:
    src = _make(tmp_path / "in", {"a.md": _doc("A")})
    (tmp_path / "out").mkdir()
    assert main(["convert", str(src / "a.md"), "-t", "json", "-o", str(tmp_path / "out")]) == 0
    assert _files(tmp_path / "out") == ["a.json"]


def test_same_input_names_do_not_collide(tmp_path: Path) -> None:
    _make(tmp_path / "in" / "x", {"plan.md": _doc("X")})
    _make(tmp_path / "in" / "y", {"plan.md": _doc("Y")})
    out = tmp_path / "out"
    assert main(["convert", str(tmp_path / "in"), "-t", "md", "-o", str(out)]) == 0
    assert _files(out) == ["plan-2.md", "plan.md"]
    assert alpdoc.read(out / "plan.md").title == "X" and alpdoc.read(out / "plan-2.md").title == "Y"


def test_never_overwrites_without_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = _make(tmp_path / "in", {"a.md": _doc("A"), "b.md": _doc("B")})
    out = _make(tmp_path / "out", {"a.json": "keep me\n"})
    assert main(["convert", str(src), "-t", "json", "-o", str(out)]) == 1
    assert (out / "a.json").read_text() == "keep me\n"
    assert (out / "b.json").is_file()
    text = capsys.readouterr().out
    assert "a.md: failed: " in text and "--force" in text
    assert "converted 1 of 2 files" in text
    (out / "b.json").write_text("keep me too\n")
    assert main(["convert", str(src), "-t", "json", "-o", str(out), "--names", "title"]) == 0
    assert _files(out) == ["A.json", "B.json", "a.json", "b.json"] or _files(out) == ["A.json", "B.json"]
    assert main(["convert", str(src), "-t", "json", "-o", str(out), "--force"]) == 0
    assert json.loads((out / "a.json").read_text())["alpdoc"] == FORMAT_VERSION  # written anew by --force


def test_continues_past_bad_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = _make(tmp_path / "in", {"a.md": _doc("A"), "c.md": _doc("C")})
    (src / "b.md").write_bytes(b"\x00\x01")
    missing = tmp_path / "missing.md"
    assert main(["convert", str(src), str(missing), "-t", "json", "-o", str(tmp_path / "out"), "-j", "2"]) == 1
    lines = capsys.readouterr().out.splitlines()
    failed = [line for line in lines if ": failed: " in line]
    assert len(failed) == 2 and "b.md" in failed[0] and "missing.md" in failed[1]
    assert "converted 2 of 4 files" in lines[-1] and "2 failed" in lines[-1]
    assert _files(tmp_path / "out") == ["a.json", "c.json"]


def test_batch_needs_outdir_and_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = _make(tmp_path / "in", {"a.md": _doc("A"), "b.md": _doc("B")})
    assert main(["convert", str(src), "-t", "json"]) == 2
    assert "-o OUTDIR" in capsys.readouterr().err
    assert main(["convert", str(src), "-o", str(tmp_path / "out")]) == 2
    assert "-t FORMAT" in capsys.readouterr().err
    (tmp_path / "file").write_text("x")
    assert main(["convert", str(src), "-t", "json", "-o", str(tmp_path / "file")]) == 2
    assert main(["convert", str(src), "-t", "json", "-o", str(tmp_path / "o"), "--jobs", "-1"]) == 2


def test_losses_strict_and_dry_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("alpdoc.conversion")
    src = _make(tmp_path / "in", {"a.md": _doc("A"), "b.md": _doc("B")})
    out = tmp_path / "out"
    assert main(["convert", str(src), "-t", "table", "-o", str(out), "--dry-run"]) == 0
    text = capsys.readouterr().out
    assert not out.exists()
    assert "a.md: archive-md -> table: changes " in text
    assert "would convert 2 of 2 files: 0 failed, 2 lossy" in text
    assert "losses: 2 tag" in text
    assert main(["convert", str(src), "-t", "table", "-o", str(out), "--strict"]) == 1
    text = capsys.readouterr().out
    assert "failed: lossy: " in text
    assert list(out.iterdir()) == []
    assert main(["convert", str(src), "-t", "table", "-o", str(out)]) == 0
    assert _files(out) == ["a.csv", "b.csv"]
    assert main(["convert", str(src), "-t", "json", "-o", str(tmp_path / "js"), "--strict"]) == 0


def test_single_file_strict_and_dry_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("alpdoc.conversion")
    src = _make(tmp_path / "in", {"a.md": _doc("A")})
    assert main(["convert", str(src / "a.md"), "-t", "table", "--strict"]) == 2
    assert "changes 1 tag" in capsys.readouterr().err
    assert main(["convert", str(src / "a.md"), "-t", "table", "--dry-run"]) == 0
    assert "changes 1 tag" in capsys.readouterr().out


# --------------------------------------------------------------------------- check


def test_check_with_jobs_keeps_its_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = _make(tmp_path / "in", {f"d{i}.md": _doc(f"D{i}") for i in range(6)})
    (src / "bad.md").write_bytes(b"\x00")
    assert main(["check", str(src)]) == 1
    one = capsys.readouterr().out
    assert main(["check", str(src), "--jobs", "2"]) == 1
    assert capsys.readouterr().out == one
    assert one.splitlines()[-1] == "checked 7 files: 6 ok, 0 not byte-exact, 1 unreadable"
    assert main(["check", str(src / "d*.md"), "-j", "2"]) == 0


def test_progress_bar_goes_to_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("rich")
    src = _make(tmp_path / "in", {f"d{i}.md": _doc(f"D{i}") for i in range(3)})
    assert main(["check", str(src), "--progress"]) == 0
    captured = capsys.readouterr()
    assert captured.out == "checked 3 files: 3 ok, 0 not byte-exact, 0 unreadable\n"


def _record_mkstemp_folders(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The folders temporary files are made in from now on (in this process)."""
    made_in: list[str] = []
    real_mkstemp = alpdoc.api.tempfile.mkstemp

    def mkstemp(*args: object, **kwargs: object) -> tuple[int, str]:
        made_in.append(str(kwargs.get("dir")))
        return real_mkstemp(*args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(alpdoc.api.tempfile, "mkstemp", mkstemp)
    return made_in


def test_scratch_folder_holds_in_flight_files_and_goes_away(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made_in = _record_mkstemp_folders(monkeypatch)
    with batch.scratch_folder(None) as none:
        assert none is None
    with batch.scratch_folder(tmp_path) as scratch:
        assert scratch is not None
        folder = Path(scratch)
        assert folder.parent == tmp_path and folder.name.startswith(".") and folder.name.endswith(".tmp")
        (folder / "left-over.tmp").write_bytes(b"x")  # what a killed worker could leave
        src = _make(tmp_path / "in", {"a.md": _doc("A")})
        settings = batch.ConvertSettings(to_format="json", tmp_dir=scratch)
        result = batch.convert_one(str(src / "a.md"), str(tmp_path / "a.json"), settings)
        assert result.status == "ok" and alpdoc.read(tmp_path / "a.json").title == "A"
        assert made_in == [scratch]  # the temporary file was made there,
        assert _files(folder) == ["left-over.tmp", "owner"]  # then renamed away
    assert not folder.exists()
    assert main(["convert", str(src), "-t", "json", "-o", str(tmp_path / "out"), "--jobs", "2"]) == 0
    assert _files(tmp_path / "out") == ["a.json"]  # no hidden folder left after a batch


def test_each_process_of_a_batch_has_its_own_scratch_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made_in = _record_mkstemp_folders(monkeypatch)
    src = _make(tmp_path / "in", {"a.md": _doc("A"), "b.md": _doc("B")})
    with batch.scratch_folder(tmp_path) as first, batch.scratch_folder(tmp_path) as second:
        assert first is not None and second is not None
        settings = batch.ConvertSettings(to_format="json", tmp_dir=first)
        batch.setup_convert_worker(settings)
        [own] = [p for p in Path(first).iterdir() if p.name != "owner"]
        assert own.is_dir() and own.name.startswith("worker-")
        assert batch.convert_one(str(src / "a.md"), str(tmp_path / "a.json"), settings).status == "ok"
        other = batch.ConvertSettings(to_format="json", tmp_dir=second)  # a batch this process was not set up for
        assert batch.convert_one(str(src / "b.md"), str(tmp_path / "b.json"), other).status == "ok"
        assert made_in == [str(own), second]
        assert not list(own.iterdir())
    assert not Path(first).exists()


def _square(n: int) -> int:
    return n * n


def test_run_ordered_keeps_order_and_the_callers_gc_freeze() -> None:
    import gc

    calls = [(n,) for n in range(200)]
    assert gc.get_freeze_count() == 0
    assert list(batch.run_ordered(_square, calls, jobs=2, chunksize=7)) == [n * n for n in range(200)]
    assert gc.get_freeze_count() == 0  # frozen for the fork only
    # lazy calls: with their number given, consumed as tasks are handed out; without, read first
    consumed: list[int] = []

    def lazy() -> Iterator[tuple[int]]:
        for n in range(200):
            consumed.append(n)
            yield (n,)

    results = batch.run_ordered(_square, lazy(), jobs=2, chunksize=10, total=200)
    assert next(results) == 0
    assert len(consumed) < 200  # not all made before the first result
    assert [0, *results] == [n * n for n in range(200)]
    assert list(batch.run_ordered(_square, lazy(), jobs=2, chunksize=9)) == [n * n for n in range(200)]
    assert list(batch.run_ordered(_square, iter([]), jobs=2, total=0)) == []
    gc.freeze()  # a program that froze its own objects keeps them frozen
    try:
        frozen = gc.get_freeze_count()
        assert list(batch.run_ordered(_square, calls, jobs=2)) == [n * n for n in range(200)]
        assert gc.get_freeze_count() >= frozen
    finally:
        gc.unfreeze()


# --------------------------------------------------------------------------- interrupted runs


def _env() -> dict[str, str]:
    env = dict(os.environ)
    package_root = str(Path(alpdoc.__file__).resolve().parents[1])
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [package_root, env.get("PYTHONPATH")]))
    return env


def _start_big_conversion(tmp_path: Path, jobs: str) -> tuple[subprocess.Popen[bytes], Path]:
    answer = "\n\n".join(f"Paragraph {n} " + "lorem ipsum dolor sit amet " * 40 for n in range(40))
    src = _make(tmp_path / "in", {f"doc{i:04}.md": _doc(f"Plan {i}", answer) for i in range(1500)})
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-m", "alpdoc", "convert", str(src), "-t", "json", "-o", str(out), "--jobs", jobs],
        env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if out.is_dir() and sum(1 for p in out.iterdir() if not p.name.startswith(".")) >= 3:
            break
        if proc.poll() is not None:
            break
        time.sleep(0.01)
    if proc.poll() is not None:
        pytest.fail("the conversion ended before it could be interrupted")
    return proc, out


def _assert_complete(out: Path) -> int:
    finished = [p for p in out.iterdir() if not p.name.startswith(".")]
    for path in finished:
        doc = alpdoc.read(path, "json")  # a half-written file would not parse
        assert doc.title.startswith("Plan ")
    return len(finished)


def test_sigkill_leaves_no_partial_output(tmp_path: Path) -> None:
    proc, out = _start_big_conversion(tmp_path, "2")
    os.killpg(proc.pid, signal.SIGKILL)  # the parent and its workers
    proc.wait(timeout=30)
    proc.communicate()
    count = _assert_complete(out)
    assert 0 < count < 1500
    # whatever a killed write left behind is a hidden temporary file, never a partial output
    assert all(p.name.endswith(".tmp") for p in out.iterdir() if p.name.startswith("."))


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_sigint_stops_cleanly(tmp_path: Path, jobs: str) -> None:
    proc, out = _start_big_conversion(tmp_path, jobs)
    os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C reaches the whole process group
    _stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr.decode()
    assert b"interrupted" in stderr and b"Traceback" not in stderr
    count = _assert_complete(out)
    assert 0 < count < 1500
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []  # no temporary file left


# --------------------------------------------------------------------------- corpus


@pytest.mark.corpus
def test_corpus_sample_round_trip_with_workers(corpus_dir: Path, tmp_path: Path) -> None:
    sample = sorted(corpus_dir.glob("*.md"))[:150]
    src = tmp_path / "in"
    src.mkdir()
    for path in sample:
        (src / path.name).write_bytes(path.read_bytes())
    assert main(["convert", str(src), "-t", "json", "-o", str(tmp_path / "js"), "-j", "2"]) == 0
    assert main(["convert", str(tmp_path / "js"), "-t", "md", "-o", str(tmp_path / "back"), "-j", "2"]) == 0
    for path in sample:
        assert (tmp_path / "back" / path.name).read_bytes() == path.read_bytes(), path.name


@given(st.text(alphabet=st.characters(exclude_characters="/\\\0"), min_size=1).filter(lambda s: s not in (".", "..")))
def test_stem_of_a_path_string_is_pathlibs(name: str) -> None:
    from alpdoc.cli import _stem

    assert _stem(f"folder/{name}") == Path(name).stem


def _count_fsyncs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths fsynced from now on (in this process); ``os.sync`` fails the test."""
    synced: list[str] = []
    real_fsync = os.fsync
    lock = threading.Lock()

    def fsync(fd: int) -> None:
        with lock:
            synced.append(os.readlink(f"/proc/self/fd/{fd}") if os.path.exists("/proc/self/fd") else str(fd))
        real_fsync(fd)

    def no_sync() -> None:
        raise AssertionError("os.sync() flushes the whole machine")

    monkeypatch.setattr(batch.os, "fsync", fsync)
    monkeypatch.setattr(batch.os, "sync", no_sync, raising=False)
    return synced


def test_syncer_fsyncs_each_file_then_each_folder_once(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    synced = _count_fsyncs(monkeypatch)
    paths = []
    for i in range(40):
        path = tmp_path / f"f{i}.json"
        path.write_text("x")
        paths.append(str(path))
    syncer = batch.Syncer(threads=4, batch=8)
    assert not _sync_threads()  # nothing started before a worker could fork
    for path in paths:
        syncer.add(path, str(tmp_path))
    syncer.add_folder(str(tmp_path))
    syncer.close()
    assert sorted(synced[:-1]) == sorted(paths)  # every file once,
    assert synced[-1] == str(tmp_path)  # then the folder, once, after them
    assert not syncer.errors and not _sync_threads()
    (tmp_path / "gone.json").write_text("x")
    syncer.add(str(tmp_path / "gone.json"))
    (tmp_path / "gone.json").unlink()
    syncer.close()
    assert syncer.errors and "gone.json" in syncer.errors[0]


def _sync_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("alpdoc-sync")]


def test_a_batch_fsyncs_what_it_wrote_and_nothing_else(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    synced = _count_fsyncs(monkeypatch)
    src = _make(tmp_path / "in", {"a.md": _doc("A"), "b.md": _doc("B")})
    assert main(["convert", str(src), "-t", "json", "--dry-run", "--no-progress"]) == 0
    assert synced == []
    out = tmp_path / "new" / "out"
    assert main(["convert", str(src), "-t", "json", "-o", str(out), "--no-progress", "--names", "title"]) == 0
    assert sorted(synced) == sorted([str(out / "A.json"), str(out / "B.json"), str(out), str(out.parent)])
    synced.clear()
    assert main(["convert", str(src), "-t", "json", "-o", str(tmp_path / "o2"), "--no-sync"]) == 0
    assert synced == []


def _double(x: int) -> int:
    return 2 * x


def test_no_thread_of_ours_runs_when_workers_are_forked(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("rich")
    at_fork: list[set[threading.Thread]] = []
    real_fork = os.fork

    def fork() -> int:
        at_fork.append(set(threading.enumerate()))
        return real_fork()

    monkeypatch.setattr(os, "fork", fork)
    before = set(threading.enumerate())
    results = list(batch.run_ordered(_double, [(i,) for i in range(50)], jobs=2, progress=True, chunksize=5))
    assert results == [2 * i for i in range(50)]
    assert at_fork and all(threads <= before for threads in at_fork)  # the bar is drawn from this thread


# --------------------------------------------------------------------------- hostile batches (issue 12)

POISON_PLUGIN = '''\
"""A broken alpdoc plugin: its reader returns poison for the writers, or garbage, or raises."""

import alpdoc
from alpdoc.model import Document, GroupItem, Section, TextItem
from alpdoc.plugins import FormatSpec


def _deep(depth):
    item = TextItem(text="x")
    for _ in range(depth):
        item = GroupItem(records=((item,),))
    return Document(title="deep", sections=(Section(title="s", items=(item,)),))


def read(data, options=None, **_old_style):
    kind = bytes(data).decode("ascii", "replace").strip()
    if kind == "surrogate":
        return Document(title="a\\ud800b", sections=(Section(title="s", items=(TextItem(text="t\\ud800"),)),))
    if kind == "deep":
        return _deep(300)
    if kind == "not-a-document":
        return 42
    if kind == "raise":
        raise ZeroDivisionError("the plugin divided by zero")
    return Document(title="Plugin " + kind, sections=(Section(title="S", items=(TextItem(text=kind),)),))


def write(doc):
    return alpdoc.dumps(doc, "json")


@alpdoc.hookimpl
def alpdoc_formats():
    return [FormatSpec(name="poison", description="a broken test plugin", extensions=(".poison",),
                       reader=read, writer=write)]
'''
PLUGIN_POISON = ("surrogate", "deep", "not-a-document", "raise")


def _install_poison_plugin(where: Path, *, entry_point: bool = True) -> Path:
    """A folder to put on ``PYTHONPATH``: the plugin module (and its distribution's entry point)."""
    where.mkdir(parents=True, exist_ok=True)
    (where / "poison_plugin.py").write_text(POISON_PLUGIN, encoding="utf-8")
    if not entry_point:
        return where
    info = where / "poison_plugin-1.0.dist-info"
    info.mkdir(exist_ok=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: poison-plugin\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[alpdoc]\npoison = poison_plugin\n")
    return where


@pytest.fixture
def poison_plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The broken plugin, registered in this process (workers forked from it have it too)."""
    import importlib

    from alpdoc import plugins

    folder = _install_poison_plugin(tmp_path / "plugin", entry_point=False)
    monkeypatch.syspath_prepend(str(folder))
    module = importlib.import_module("poison_plugin")
    plugins.register(module, name="poison-plugin")
    try:
        yield folder
    finally:
        plugins.plugin_manager().unregister(module)
        plugins.reset()
        sys.modules.pop("poison_plugin", None)


def _poison_files(folder: Path, *, plugin: bool = True) -> dict[str, str]:
    """Bad files in ``folder``: name -> what the summary must say of it (``failed`` or ``skipped``)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "surrogate.json").write_text('{"pad_id":1,"title":"a\\ud800b","sections":[]}')
    item: dict = {"type": "txt", "txt": "x"}
    for _ in range(300):
        item = {"type": "group", "items": [[item]]}
    pad = {"pad_id": 2, "title": "deep", "sections": [{"title": "s", "items": [item]}]}
    (folder / "deep.json").write_text(json.dumps(pad))
    os.symlink("/dev/zero", folder / "zero.md")
    os.mkfifo(folder / "fifo.md")
    bad = {"surrogate.json": "failed", "deep.json": "failed", "zero.md": "skipped", "fifo.md": "skipped"}
    if plugin:
        for kind in PLUGIN_POISON:
            (folder / f"{kind}.poison").write_text(kind)
            bad[f"{kind}.poison"] = "failed"
    return bad


def _outcomes(stdout: str) -> dict[str, str]:
    """File name -> ``failed``/``skipped``/``unreadable``/``not byte-exact`` from a batch's report lines."""
    found = {}
    for line in stdout.splitlines():
        for what in ("failed", "skipped", "unreadable", "not byte-exact"):
            head, sep, _reason = line.partition(f": {what}: ")
            if sep:
                found[os.path.basename(head)] = what
                break
    return found


@pytest.mark.parametrize(("jobs", "names"), [("1", "input"), ("2", "input"), ("2", "title")])
def test_no_bad_file_stops_a_conversion(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], poison_plugin: Path, jobs: str, names: str
) -> None:
    src = _make(tmp_path / "in", {f"good{i}.md": _doc(f"Good {i}") for i in range(4)})
    (src / "fine.poison").write_text("fine")
    bad = _poison_files(src)
    for target in ("json", "archive-md"):
        out = tmp_path / f"out-{target}-{names}"
        code = main(["convert", str(src), "-t", target, "-o", str(out), "-j", jobs, "--names", names, "--no-progress"])
        text = capsys.readouterr().out
        assert code == 1, text
        assert _outcomes(text) == bad, text
        assert f"converted 5 of {5 + len(bad)} files" in text and f"{len(bad) - 2} failed" in text
        assert text.splitlines()[-1].endswith("2 skipped") or "2 skipped" in text
        assert len([p for p in out.iterdir() if not p.name.startswith(".")]) == 5


def test_no_bad_file_stops_check_or_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], poison_plugin: Path
) -> None:
    src = _make(tmp_path / "in", {f"good{i}.md": _doc(f"Good {i}") for i in range(3)})
    bad = _poison_files(src)
    for jobs in ("1", "2"):
        assert main(["check", str(src), "-j", jobs]) == 1
        text = capsys.readouterr().out
        outcomes = _outcomes(text)
        assert set(outcomes) == set(bad), text
        assert {name for name, what in outcomes.items() if what == "skipped"} == {"zero.md", "fifo.md"}
        assert text.splitlines()[-1].startswith("checked 9 files: 3 ok") and text.endswith(", 2 skipped\n")
    rows = tmp_path / "rows.csv"
    assert main(["table", str(src), "-o", str(rows)]) == 1
    err = capsys.readouterr().err
    for name in ("surrogate.json", "deep.json", "surrogate.poison", "not-a-document.poison", "raise.poison"):
        assert f"{name}: failed: " in err, err
    assert "zero.md: skipped: " in err and "fifo.md: skipped: " in err
    assert "plugin poison-plugin" in err  # a plugin's failure names its package
    assert rows.read_text(encoding="utf-8").count("Good ") == 3


def test_a_failing_call_or_a_dying_worker_is_that_files_failure() -> None:
    calls = [(n,) for n in range(40)]
    results = list(batch.run_ordered(_fragile, calls, jobs=2, chunksize=3, on_error=_as_failure))
    for n, result in enumerate(results):
        if n == 7:
            assert result.startswith("failed 7: ValueError")
        elif n == 13:
            assert result.startswith("failed 13: WorkerDied")
        else:
            assert result == n * n  # the others in flight when the worker died ran again


def _fragile(n: int) -> int:
    if n == 7:
        raise ValueError("seven")
    if n == 13 and os.environ.get("ALPDOC_TEST_NO_DIE") is None:
        os._exit(3)  # a crash in a C extension, the OOM killer
    return n * n


def _as_failure(call: tuple[int], exc: BaseException) -> str:
    return f"failed {call[0]}: {type(exc).__name__}: {exc}"


def test_non_regular_files_are_skipped_never_read(tmp_path: Path) -> None:
    # run as a command: the code before this fix waited forever on the FIFO
    src = _make(tmp_path / "in", {"a.md": _doc("A")})
    os.mkfifo(src / "pipe.md")
    os.symlink("/dev/null", src / "null.json")
    os.symlink(src / "nowhere.md", src / "broken.md")
    named = tmp_path / "named.md"
    os.mkfifo(named)
    commands = {
        "convert": ["convert", str(src), str(named), "-t", "json", "-o", str(tmp_path / "out")],
        "check": ["check", str(src), str(named)],
        "table": ["table", str(src), str(named), "-o", str(tmp_path / "rows.csv"), "--force"],
    }
    for name, command in commands.items():
        proc = subprocess.run([sys.executable, "-m", "alpdoc", *command], env=_env(), capture_output=True, text=True,
                              timeout=60)
        report = proc.stdout if name != "table" else proc.stderr
        assert proc.returncode == 0, (name, report)
        for path in ("pipe.md", "null.json", "broken.md", "named.md"):
            assert f"{path}: skipped: " in report, (name, report)
        assert "not a regular file (a FIFO)" in report and "not a regular file (a device)" in report
        assert "4 skipped" in report, (name, report)


def test_check_with_nothing_to_check_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = _make(tmp_path / "empty", {"notes.txt": "not a document\n"})
    assert main(["check", str(empty)]) == 2
    assert "no files to check" in capsys.readouterr().err
    os.mkfifo(empty / "pipe.md")
    assert main(["check", str(empty)]) == 2
    assert main(["table", str(empty)]) == 2
    assert main(["convert", str(empty), "-t", "json", "-o", str(tmp_path / "out")]) == 2
    assert "no input files" in capsys.readouterr().err


# --------------------------------------------------------------------------- inputs are never outputs


def test_inputs_are_never_overwritten(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = _make(tmp_path / "in", {"a.md": _doc("A"), "b.md": _doc("B")})
    before = {p.name: (p.stat().st_ino, p.read_bytes()) for p in src.iterdir()}
    # the input folder as the output folder: refused, whatever --force says
    assert main(["convert", str(src), "-t", "md", "-o", str(src), "--force"]) == 2
    assert "is the input folder" in capsys.readouterr().err
    # the files named one by one, into their own folder, with --force: each refused
    assert main(["convert", str(src / "a.md"), str(src / "b.md"), "-t", "md", "-o", str(src), "--force"]) == 1
    text = capsys.readouterr().out
    assert text.count("is one of the inputs") == 2, text
    # an output that is a link to an input, replaced with --force: the input stays
    js = tmp_path / "js"
    assert main(["convert", str(src), "-t", "json", "-o", str(js)]) == 0
    out = tmp_path / "out"
    out.mkdir()
    os.symlink(js / "a.json", out / "a.json")
    kept = (js / "a.json").stat().st_ino
    assert main(["convert", str(js), "-t", "json", "-o", str(out), "--force", "--names", "input"]) == 1
    assert "a.json: is one of the inputs" in capsys.readouterr().out
    assert (js / "a.json").stat().st_ino == kept and (out / "a.json").is_symlink()
    assert {p.name: (p.stat().st_ino, p.read_bytes()) for p in src.iterdir()} == before


def test_outputs_inside_an_input_folder_are_never_read_back(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = _make(tmp_path / "in", {"a.md": _doc("A"), "b.md": _doc("B")})
    assert main(["convert", str(src), "-t", "json", "-o", str(src / "js")]) == 0
    assert "converted 2 of 2 files" in capsys.readouterr().out
    assert main(["convert", str(src), "-t", "json", "-o", str(src / "js2")]) == 0
    text = capsys.readouterr().out
    assert "converted 2 of 2 files" in text, text  # not the 2 outputs of the first run
    assert (src / "js" / batch.OUTPUT_MARKER).is_file()
    assert "js: skipped: an alpdoc output folder" in text
    assert main(["convert", str(src), "-t", "json", "-o", str(src / "js"), "--skip-existing"]) == 0  # its own: fine
    assert "converted 0 of 2 files" in capsys.readouterr().out
    assert main(["check", str(src)]) == 0
    assert capsys.readouterr().out.startswith(f"{src / 'js'}: skipped")
    assert main(["check", str(src / "js")]) == 0  # named, it is read
    assert "checked 2 files" in capsys.readouterr().out
    assert main(["convert", str(tmp_path / "i?"), "-t", "json", "-o", str(src)]) == 2  # a folder a pattern matched
    assert "is the input folder" in capsys.readouterr().err
    (src / "mine").mkdir()  # a folder of the user's inside the inputs: not a place for outputs
    assert main(["convert", str(src), "-t", "json", "-o", str(src / "mine")]) == 2
    assert "inside the input folder" in capsys.readouterr().err


def test_skip_existing_resumes_a_batch(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = _make(tmp_path / "in", {f"d{i}.md": _doc(f"D{i}") for i in range(6)})
    out = tmp_path / "out"
    assert main(["convert", str(src), "-t", "json", "-o", str(out)]) == 0
    (out / "d2.json").unlink()
    (out / "d4.json").write_text("an older output, kept\n")
    capsys.readouterr()
    for jobs in ("1", "2"):
        assert main(["convert", str(src), "-t", "json", "-o", str(out), "--skip-existing", "-j", jobs]) == 0
        assert capsys.readouterr().out.splitlines()[-1].endswith(
            f"{'1' if jobs == '1' else '0'} of 6 files into {out}: 0 failed, 0 lossy, "
            f"{'5' if jobs == '1' else '6'} skipped"
        )
    assert alpdoc.read(out / "d2.json").title == "D2"
    assert (out / "d4.json").read_text() == "an older output, kept\n"
    assert main(["convert", str(src), "-t", "json", "-o", str(out), "--skip-existing", "--names", "title"]) == 0
    assert main(["convert", str(src), "-t", "json", "-o", str(out), "--skip-existing", "--force"]) == 2


# --------------------------------------------------------------------------- permissions


def _convert_with_umask(umask: int, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "alpdoc", "convert", *args, "--no-progress"], env=_env(), capture_output=True,
        text=True, timeout=120, preexec_fn=lambda: os.umask(umask),
    )


def test_outputs_get_the_umask_and_force_keeps_modes_and_links(tmp_path: Path) -> None:
    src = _make(tmp_path / "in", {"a.md": _doc("A"), "b.md": _doc("B"), "c.md": _doc("C")})
    out = tmp_path / "out"
    proc = _convert_with_umask(0o022, str(src), "-t", "json", "-o", str(out), "-j", "2")
    assert proc.returncode == 0, proc.stderr
    assert {p.name: stat.S_IMODE(p.stat().st_mode) for p in out.iterdir()} == dict.fromkeys(
        ["a.json", "b.json", "c.json"], 0o644)
    proc = _convert_with_umask(0o077, str(src), "-t", "json", "-o", str(tmp_path / "private"))
    assert {stat.S_IMODE(p.stat().st_mode) for p in (tmp_path / "private").iterdir()} == {0o600}
    # --force: a replaced file keeps its mode; a link stays a link and the file it points to is replaced
    os.chmod(out / "a.json", 0o640)
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_text("old\n")
    os.chmod(elsewhere, 0o600)
    (out / "b.json").unlink()
    os.symlink(elsewhere, out / "b.json")
    proc = _convert_with_umask(0o022, str(src), "-t", "json", "-o", str(out), "--force")
    assert proc.returncode == 0, proc.stdout
    assert stat.S_IMODE((out / "a.json").stat().st_mode) == 0o640
    assert (out / "b.json").is_symlink() and os.readlink(out / "b.json") == str(elsewhere)
    assert alpdoc.read(elsewhere, "json").title == "B" and stat.S_IMODE(elsewhere.stat().st_mode) == 0o600
    assert stat.S_IMODE((out / "c.json").stat().st_mode) == 0o644


# --------------------------------------------------------------------------- scratch


def test_stale_scratch_is_reclaimed_live_scratch_kept(tmp_path: Path) -> None:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_pid = int(dead.stdout)
    stale = tmp_path / f".alpdoc-{dead_pid}-abcdefgh.tmp"
    (stale / "worker-1").mkdir(parents=True)
    (stale / "owner").write_text(f"{dead_pid}\n")  # nobody holds its lock
    no_owner = tmp_path / f".alpdoc-{dead_pid}-ijklmnop.tmp"  # killed before it made its owner file
    no_owner.mkdir()
    alive = tmp_path / f".alpdoc-{os.getppid()}-qrstuvwx.tmp"  # a running process, no owner file
    alive.mkdir()
    other = tmp_path / ".alpdoc-notmine.tmp"  # not a name alpdoc makes now: left alone
    other.mkdir()
    with batch.scratch_folder(tmp_path) as mine:
        assert mine is not None and not stale.exists() and not no_owner.exists()
        assert alive.exists() and other.exists()
        assert batch.reclaim_scratch(tmp_path) == []  # a running batch's folder is locked: kept
        assert Path(mine).exists()
    assert not Path(mine).exists()


# --------------------------------------------------------------------------- signals and kills


def _group(pgid: int) -> list[int]:
    """The live (not zombie) processes of process group ``pgid``."""
    members = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            text = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = text[text.rindex(")") + 2:].split()
        if int(fields[2]) == pgid and fields[0] != "Z":
            members.append(int(entry))
    return members


def _wait_gone(pgid: int, within: float = 5.0) -> list[int]:
    deadline = time.monotonic() + within
    while (left := _group(pgid)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return left


_STARTED: list[subprocess.Popen[bytes]] = []


@pytest.fixture(autouse=True)
def _no_batch_left_running() -> Iterator[None]:
    """Whatever a failing test left running (a hung parent, orphan workers) is killed at its end."""
    yield
    while _STARTED:
        proc = _STARTED.pop()
        for pid in _group(proc.pid):
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(Exception):
            proc.communicate(timeout=10)


def _start_batch(tmp_path: Path, files: int = 400, *extra: str) -> tuple[subprocess.Popen[bytes], Path, Path]:
    answer = "\n\n".join(f"Paragraph {n} " + "lorem ipsum dolor sit amet " * 40 for n in range(40))
    src = tmp_path / "in"
    if not src.exists():
        _make(src, {f"doc{i:04}.md": _doc(f"Plan {i}", answer) for i in range(files)})
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-m", "alpdoc", "convert", str(src), "-t", "json", "-o", str(out), "-j", "2",
         "--no-progress", *extra],
        env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
    )
    _STARTED.append(proc)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        written = sum(1 for p in out.iterdir() if not p.name.startswith(".")) if out.is_dir() else 0
        if written >= 3 and len(_group(proc.pid)) >= 3:
            return proc, src, out
        time.sleep(0.01)
    proc.kill()
    pytest.fail("the conversion ended (or never started its workers) before it could be interrupted")


def _assert_stopped_cleanly(proc: subprocess.Popen[bytes], out: Path, code: int) -> None:
    _stdout, stderr = proc.communicate(timeout=30)
    assert proc.returncode == code, stderr.decode()
    assert b"Traceback" not in stderr, stderr.decode()
    assert _wait_gone(proc.pid, 1.0) == []  # no worker outlives the parent
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []  # scratch removed
    assert 0 < _assert_complete(out) < 400


@pytest.mark.parametrize("second", [None, 0.01, 0.03, 0.05])
def test_ctrl_c_once_or_twice_stops_the_batch(tmp_path: Path, second: float | None) -> None:
    proc, _src, out = _start_batch(tmp_path)
    os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C reaches the whole process group
    if second is not None:
        time.sleep(second)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGINT)
    _assert_stopped_cleanly(proc, out, 130)


@pytest.mark.parametrize("to_group", [True, False])
def test_sigterm_stops_the_batch(tmp_path: Path, to_group: bool) -> None:
    proc, _src, out = _start_batch(tmp_path)
    if to_group:
        os.killpg(proc.pid, signal.SIGTERM)  # what `timeout` and CI runners do
    else:
        os.kill(proc.pid, signal.SIGTERM)  # `kill PID`
    _assert_stopped_cleanly(proc, out, 143)


def test_kill_9_of_the_parent_leaves_no_worker_and_the_next_run_reclaims_its_scratch(tmp_path: Path) -> None:
    proc, src, out = _start_batch(tmp_path)
    workers = [pid for pid in _group(proc.pid) if pid != proc.pid]
    assert workers
    os.kill(proc.pid, signal.SIGKILL)  # the parent only
    proc.wait(timeout=30)
    assert _wait_gone(proc.pid, 5.0) == []  # the workers died with it
    proc.communicate(timeout=30)
    assert [p.name for p in out.iterdir() if p.name.startswith(".alpdoc-")]  # scratch left by the kill
    done = _assert_complete(out)
    rerun = subprocess.run(
        [sys.executable, "-m", "alpdoc", "convert", str(src), "-t", "json", "-o", str(out), "-j", "2",
         "--skip-existing", "--no-progress"], env=_env(), capture_output=True, text=True, timeout=120,
    )
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert rerun.stdout.splitlines()[-1].endswith(f": 0 failed, 0 lossy, {done} skipped")
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []  # reclaimed, and its own removed
    assert _assert_complete(out) == 400


# --------------------------------------------------------------------------- concurrent batches


def test_two_batches_into_one_folder_never_overwrite_each_other(tmp_path: Path) -> None:
    count = 300
    answer = "\n\n".join(f"Paragraph {n} " + "lorem ipsum dolor sit amet " * 10 for n in range(10))
    sources = {}
    for run in ("a", "b"):
        # big enough that the run started second catches up (it skips what exists) and both
        # convert the same files at the same time: before link-into-place, 10 of 300 names
        # were reported converted by both runs, one holding the other's content
        docs = {f"doc{i:03}.md": _doc(f"Run {run} {i}", answer) for i in range(count)}
        sources[run] = _make(tmp_path / f"in-{run}", docs)
    out = tmp_path / "out"
    out.mkdir()
    procs = {
        run: subprocess.Popen(
            [sys.executable, "-m", "alpdoc", "convert", str(src), "-t", "json", "-o", str(out), "--no-progress"],
            env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for run, src in sources.items()
    }
    refused = {}
    for run, proc in procs.items():
        stdout, stderr = proc.communicate(timeout=120)
        assert proc.returncode in (0, 1), stderr
        assert "Traceback" not in stderr
        failed = {}
        for line in stdout.splitlines():
            head, sep, reason = line.partition(": failed: ")
            if sep:
                failed[Path(head).stem] = reason
        assert all("already exists" in reason for reason in failed.values()), failed
        refused[run] = set(failed)
    names = {f"doc{i:03}" for i in range(count)}
    assert refused["a"] | refused["b"] == names and not refused["a"] & refused["b"]  # each name: one winner
    for name in names:
        winner = "b" if name in refused["a"] else "a"
        assert alpdoc.read(out / f"{name}.json").title == f"Run {winner} {int(name[3:])}", name
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []


# --------------------------------------------------------------------------- the whole story


def test_a_hostile_batch_converts_every_good_file_and_names_every_bad_one(tmp_path: Path) -> None:
    from conftest import CORPUS

    src = _make(tmp_path / "in", {f"good{i:02}.md": _doc(f"Good {i}", f"Answer {i}.") for i in range(12)})
    real = sorted(CORPUS.glob("*.md"))[:8] if CORPUS.is_dir() else []  # real files when the corpus is there
    for path in real:
        (src / path.name).write_bytes(path.read_bytes())
    (src / "fine.poison").write_text("fine")
    bad = _poison_files(src)
    if len(str(src / "socket.md")) < 100:
        import socket

        sock = socket.socket(socket.AF_UNIX)
        sock.bind(str(src / "socket.md"))
        bad["socket.md"] = "skipped"
    env = _env()
    env["PYTHONPATH"] = os.pathsep.join([str(_install_poison_plugin(tmp_path / "plugin")), env["PYTHONPATH"]])
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "alpdoc", "convert", str(src), "-t", "json", "-o", str(out), "-j", "2", "--no-progress"],
        env=env, capture_output=True, text=True, timeout=120, preexec_fn=lambda: os.umask(0o022),
    )
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    assert _outcomes(proc.stdout) == bad, proc.stdout
    good = 12 + len(real) + 1
    skipped = sum(what == "skipped" for what in bad.values())
    assert proc.stdout.splitlines()[-1].endswith(
        f"converted {good} of {good + len(bad)} files into {out}: {len(bad) - skipped} failed, 0 lossy, "
        f"{skipped} skipped"
    ), proc.stdout
    written = sorted(out.iterdir())
    assert [p.stem for p in written] == sorted([f"good{i:02}" for i in range(12)] + [p.stem for p in real] + ["fine"])
    assert {stat.S_IMODE(p.stat().st_mode) for p in written} == {0o644}
    for path in real:
        assert alpdoc.read(out / f"{path.stem}.json") == alpdoc.read(path)


WATCHED_CHILD = """
import os, sys, time
from alpdoc.workers import die_with_parent
parent = os.getpid()
child = os.fork()
if child == 0:
    die_with_parent(parent, every=0.1, kernel=False)  # the parent watch alone, as where there is no prctl
    time.sleep(60)
    os._exit(0)
print(child, flush=True)
time.sleep(60)
"""


def test_a_worker_watching_its_parent_ends_when_the_parent_is_killed() -> None:
    proc = subprocess.Popen([sys.executable, "-c", WATCHED_CHILD], env=_env(), stdout=subprocess.PIPE, text=True,
                            start_new_session=True)
    _STARTED.append(proc)  # type: ignore[arg-type]
    assert proc.stdout is not None
    child = int(proc.stdout.readline())
    assert child in _group(proc.pid)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert _wait_gone(proc.pid, 5.0) == []
