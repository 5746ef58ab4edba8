"""Batch conversion speed: a corpus to JSON and back with ``alpdoc convert --jobs 1`` and ``--jobs 2``.

Usage (from the repository root)::

    python benchmarks/batch_convert.py [--corpus ../shared/corpus/archive-md] [--repeat 5] [--limit N] [--workdir DIR]

Each run converts the corpus folder to JSON in a temporary folder, then the
JSON folder back to archive-md, through the command line in a fresh process
(import time included), and checks that every file that came back is byte for
byte the original. Runs of ``--jobs 1`` and ``--jobs 2`` alternate, ``--repeat``
times each; the best time of each leg is kept (the machine may be shared) and
the sums are compared. An untimed round trip of a few files comes first, as
after an install: it compiles alpdoc's byte code (into the temporary folder,
even where ``PYTHONDONTWRITEBYTECODE`` is set, as pip compiles it on install)
and caches the grammars' parse tables.
Outputs are kept until the end of the run; on ext4 without a journal, files
created within a few minutes of a mass deletion (an earlier run's clean-up,
say) are slower to create, so leave a few minutes between runs.
Exits 1 when a file does not come back identical or the speed-up is below
``--min-speedup`` (default 1.8).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "archive-md"


def _convert(src: Path, dst: Path, to: str, jobs: int, env: dict[str, str]) -> float:
    if hasattr(os, "sync"):
        os.sync()  # settle the previous leg's writes and deletions before timing this one
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "alpdoc", "convert", str(src), "-t", to, "-o", str(dst), "--jobs", str(jobs), "--no-progress"],
        env=env, capture_output=True, text=True,
    )
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"alpdoc convert failed ({proc.returncode}):\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    return elapsed


def _sample(corpus: Path, folder: Path, files: int) -> Path:
    """``folder`` holding copies of the first ``files`` files of ``corpus``."""
    folder.mkdir()
    for path in sorted(corpus.glob("*.md"))[:files]:
        shutil.copyfile(path, folder / path.name)
    return folder


def _warm_up(corpus: Path, work: Path, env: dict[str, str], files: int = 20) -> None:
    """An untimed round trip of ``files`` files: byte code compiled, parse tables cached."""
    sample = _sample(corpus, work / "warm-up", files)
    _convert(sample, work / "warm-up-json", "json", 1, env)
    _convert(work / "warm-up-json", work / "warm-up-back", "archive-md", 1, env)


def _round_trip(corpus: Path, run: int, jobs: int, env: dict[str, str], work: Path) -> tuple[float, float, int, int]:
    """``(to-json seconds, back seconds, identical files, total files)``.

    The output folders are new for every run and are only deleted with the
    whole temporary folder at the end: on ext4 without a journal, creating a
    file shortly after many were deleted makes the kernel step over each
    recently deleted inode (``recently_deleted`` in ``find_inode_bit``), so
    deleting one leg's output before the next leg would time that instead.
    """
    json_dir, back_dir = work / f"json-{run}-jobs{jobs}", work / f"back-{run}-jobs{jobs}"
    to_json = _convert(corpus, json_dir, "json", jobs, env)
    back = _convert(json_dir, back_dir, "archive-md", jobs, env)
    originals = sorted(p for p in corpus.iterdir() if p.suffix == ".md" and not p.name.startswith("."))
    same = sum(1 for p in originals if (back_dir / p.name).is_file() and (back_dir / p.name).read_bytes() == p.read_bytes())
    return to_json, back, same, len(originals)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="folder of archive-md files")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each --jobs value (best kept; default 5)")
    parser.add_argument("--limit", type=int, help="use only the first N files (copied to a temporary folder)")
    parser.add_argument("--workdir", type=Path, help="where to make the temporary folder (default: the system's)")
    parser.add_argument("--min-speedup", type=float, default=1.8, help="exit 1 below this speed-up (default 1.8)")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO / "src"), env.get("PYTHONPATH")]))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory(prefix="alpdoc-bench-", dir=args.workdir) as tmp:
        work = Path(tmp)
        env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
        env["ALPDOC_CACHE_DIR"] = str(work / "cache")
        _warm_up(args.corpus, work, env)
        corpus = args.corpus
        if args.limit:
            corpus = _sample(args.corpus, work / "corpus", args.limit)
        best: dict[int, list[float]] = {}
        ok = True
        for run in range(1, args.repeat + 1):
            for jobs in (1, 2):
                to_json, back, same, total = _round_trip(corpus, run, jobs, env, work)
                print(
                    f"run {run} --jobs {jobs}: to json {to_json:6.2f} s, back to archive-md {back:6.2f} s, "
                    f"total {to_json + back:6.2f} s; {same}/{total} files byte-identical after the round trip"
                )
                ok &= same == total
                legs = best.setdefault(jobs, [to_json, back])
                legs[:] = [min(legs[0], to_json), min(legs[1], back)]
        t1, t2 = sum(best[1]), sum(best[2])
        speedup = t1 / t2
        print(f"files: {total}; round-tripped byte-identical: {same} of {total}")
        for jobs, t in ((1, t1), (2, t2)):
            print(
                f"best --jobs {jobs}: to json {best[jobs][0]:.2f} s + back {best[jobs][1]:.2f} s = {t:.2f} s "
                f"({total / t:.0f} files/s each way x2)"
            )
        print(f"speed-up --jobs 2 over --jobs 1: {speedup:.2f}x (target {args.min_speedup}x)")
    if not ok:
        print("FAIL: some files did not come back byte for byte", file=sys.stderr)
        return 1
    if speedup < args.min_speedup:
        print(f"FAIL: speed-up below {args.min_speedup}x", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
