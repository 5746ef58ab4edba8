"""Ctrl-C while workers send large results back never hangs the pool's shutdown."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import alpdoc


def _env() -> dict[str, str]:
    env = dict(os.environ)
    package_root = str(Path(alpdoc.__file__).resolve().parents[1])
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [package_root, env.get("PYTHONPATH")]))
    return env


@pytest.mark.parametrize("attempt", range(3))  # the hang came in about one run of two
def test_sigint_while_large_results_travel_back_does_not_hang(tmp_path: Path, attempt: int) -> None:
    answer = "\n\n".join(f"Paragraph {n} " + "lorem ipsum dolor sit amet " * 40 for n in range(40))
    src = tmp_path / "in"
    src.mkdir()
    for n in range(1200):  # names from titles: each converted file travels back to the parent
        pad = {"pad_id": n, "title": f"Plan {n}", "sections": [{"title": "S", "items": [{"type": "txt", "txt": answer}]}]}
        (src / f"p{n:04}.json").write_text(json.dumps(pad), encoding="utf-8")
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-m", "alpdoc", "convert", str(src), "-t", "json", "-o", str(out), "--jobs", "2",
         "--names", "title"],
        env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if out.is_dir() and sum(1 for p in out.iterdir() if not p.name.startswith(".")) >= 3:
            break
        time.sleep(0.01)
    if proc.poll() is not None:
        pytest.fail("the conversion ended before it could be interrupted")
    os.killpg(proc.pid, signal.SIGINT)
    try:
        _stdout, stderr = proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        pytest.fail("alpdoc hung after Ctrl-C")
    assert proc.returncode == 130, stderr.decode()
    assert b"Traceback" not in stderr
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []
