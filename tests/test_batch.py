"""``alpdoc convert`` and ``alpdoc check`` on many files: names, overwrites, failures, workers, interrupts."""

from __future__ import annotations

import json
import os
import signal
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
    assert batch.safe_filename(text) == batch._safe_filename_any(text, max_bytes=batch.MAX_NAME_BYTES, default="document")
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
    assert main(["convert", str(src / "*.md"), str(src / "c.markdown"), str(src / "a.md"), "-t", "json", "-o", str(out)]) == 0
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
    assert json.loads((out / "a.json").read_text())["alpdoc"] == 1


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
    import gc  # noqa: PLC0415

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
