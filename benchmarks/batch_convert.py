"""Batch conversion speed: a corpus to JSON and back with ``alpdoc convert --jobs 1`` and ``--jobs 2``.

Usage (from the repository root)::

    python benchmarks/batch_convert.py [--corpus ../shared/corpus/archive-md] [--repeat 5] [--limit N] [--workdir DIR]
        [--compare OLD_SRC] [--no-yardstick]

Each run converts the corpus folder to JSON in a temporary folder, then the
JSON folder back to archive-md, through the command line in a fresh process
(import time included), and checks that every file that came back is byte for
byte the original. Three ways alternate, ``--repeat`` times each: ``--jobs 1``;
``--jobs 2``; and, as the yardstick of what this machine gives two processes,
two independent ``--jobs 1`` commands at once, each on half of the files (no
coordination at all: on a shared or virtual machine two busy processes each
run slower than one alone). The best time of each leg is kept (the machine may
be shared) and the sums are compared. An untimed round trip of a few files
comes first, as after an install: it compiles alpdoc's byte code (into the
temporary folder, even where ``PYTHONDONTWRITEBYTECODE`` is set, as pip
compiles it on install) and caches the grammars' parse tables.
Outputs are kept until the end of the run; on ext4 without a journal, files
created within a few minutes of a mass deletion (an earlier run's clean-up,
say) are slower to create, so leave a few minutes between runs.
Two more ways are timed in the same run: ``--jobs 2 --no-sync`` (what the
durability of the outputs costs: each file and folder fsynced, see
``docs/cli.md``), and with ``--compare OLD_SRC`` (the ``src`` folder of
another alpdoc, e.g. ``git worktree add /tmp/old 0cc478f`` then
``/tmp/old/src``; repeatable) that alpdoc's ``--jobs 1`` and ``--jobs 2``, so
old and new are compared on the same machine at the same time.
Exits 1 when a file does not come back identical or the ``--jobs 2`` speed-up
is below ``--min-speedup`` (default 1.8).
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


def _convert(
    jobs_of: list[tuple[Path, Path]], to: str, jobs: int, env: dict[str, str], extra: tuple[str, ...] = ()
) -> float:
    """Seconds until ``alpdoc convert SRC -o DST`` has finished for every ``(SRC, DST)``, all started at once."""
    if hasattr(os, "sync"):
        os.sync()  # settle the previous leg's writes and deletions before timing this one
    command = [sys.executable, "-m", "alpdoc", "convert", "-t", to, "--jobs", str(jobs), "--no-progress", *extra]
    start = time.perf_counter()
    procs = [
        subprocess.Popen([*command, str(src), "-o", str(dst)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for src, dst in jobs_of
    ]
    outputs = [proc.communicate() for proc in procs]
    elapsed = time.perf_counter() - start
    for proc, (out, err) in zip(procs, outputs):
        if proc.returncode != 0:
            sys.exit(f"alpdoc convert failed ({proc.returncode}):\n{out[-2000:].decode()}\n{err[-2000:].decode()}")
    return elapsed


def _sample(corpus: Path, folder: Path, files: int) -> Path:
    """``folder`` holding copies of the first ``files`` files of ``corpus``."""
    folder.mkdir()
    for path in _originals(corpus)[:files]:
        shutil.copyfile(path, folder / path.name)
    return folder


def _halves(corpus: Path, work: Path) -> list[Path]:
    """The corpus's files copied into two folders, alternately (so both get the same mix)."""
    halves = [work / "half-1", work / "half-2"]
    for half in halves:
        half.mkdir()
    for i, path in enumerate(_originals(corpus)):
        shutil.copyfile(path, halves[i % 2] / path.name)
    return halves


def _originals(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix == ".md" and not p.name.startswith("."))


def _warm_up(corpus: Path, work: Path, env: dict[str, str], files: int = 20, name: str = "warm-up") -> None:
    """An untimed round trip of ``files`` files: byte code compiled, parse tables cached."""
    sample = _sample(corpus, work / name, files)
    _convert([(sample, work / f"{name}-json")], "json", 1, env)
    _convert([(work / f"{name}-json", work / f"{name}-back")], "archive-md", 1, env)


def _round_trip(
    sources: list[Path], jobs: int, name: str, env: dict[str, str], work: Path, extra: tuple[str, ...] = ()
) -> tuple[float, float, int, int]:
    """``(to-json seconds, back seconds, identical files, total files)`` for the ``sources`` folders at once.

    The output folders are new for every run and are only deleted with the
    whole temporary folder at the end: on ext4 without a journal, creating a
    file shortly after many were deleted makes the kernel step over each
    recently deleted inode (``recently_deleted`` in ``find_inode_bit``), so
    deleting one leg's output before the next leg would time that instead.
    """
    json_dirs = [work / f"json-{name}-{i}" for i in range(len(sources))]
    back_dirs = [work / f"back-{name}-{i}" for i in range(len(sources))]
    to_json = _convert(list(zip(sources, json_dirs)), "json", jobs, env, extra)
    back = _convert(list(zip(json_dirs, back_dirs)), "archive-md", jobs, env, extra)
    same = total = 0
    for source, back_dir in zip(sources, back_dirs):
        for original in _originals(source):
            total += 1
            copy = back_dir / original.name
            same += copy.is_file() and copy.read_bytes() == original.read_bytes()
    return to_json, back, same, total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="folder of archive-md files")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each --jobs value (best kept; default 5)")
    parser.add_argument("--limit", type=int, help="use only the first N files (copied to a temporary folder)")
    parser.add_argument("--workdir", type=Path, help="where to make the temporary folder (default: the system's)")
    parser.add_argument("--min-speedup", type=float, default=1.8, help="exit 1 below this speed-up (default 1.8)")
    parser.add_argument("--compare", type=Path, metavar="OLD_SRC", action="append",
                        help="also time the alpdoc in this src folder (--jobs 1 and 2), in the same run; repeatable")
    parser.add_argument("--no-yardstick", action="store_true", help="skip the two --jobs 1 commands on halves")
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
        # what is timed: (folders converted at once, --jobs, a name for the output folders, environment, options)
        ways: dict[str, tuple[list[Path], int, str, dict[str, str], tuple[str, ...]]] = {
            "--jobs 1": ([corpus], 1, "jobs1", env, ()),
            "--jobs 2": ([corpus], 2, "jobs2", env, ()),
            "--jobs 2 --no-sync": ([corpus], 2, "nosync2", env, ("--no-sync",)),
        }
        if not args.no_yardstick:
            ways["2 x --jobs 1 on halves"] = (_halves(corpus, work), 1, "halves", env, ())
        for n, other in enumerate(args.compare or []):
            other_env = dict(env)
            other_env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(other), os.environ.get("PYTHONPATH")]))
            other_env["PYTHONPYCACHEPREFIX"] = str(work / f"pycache-other-{n}")
            other_env["ALPDOC_CACHE_DIR"] = str(work / f"cache-other-{n}")
            _warm_up(args.corpus, work, other_env, name=f"warm-up-other-{n}")
            for jobs in (1, 2):
                ways[f"{other} --jobs {jobs}"] = ([corpus], jobs, f"other{n}-{jobs}", other_env, ())
        best: dict[str, list[float]] = {}
        ok = True
        for run in range(1, args.repeat + 1):
            for way, (sources, jobs, slug, way_env, extra) in ways.items():
                to_json, back, same, total = _round_trip(sources, jobs, f"{run}-{slug}", way_env, work, extra)
                print(
                    f"run {run} {way:>32}: to json {to_json:6.2f} s, back to archive-md {back:6.2f} s, "
                    f"total {to_json + back:6.2f} s; {same}/{total} files byte-identical after the round trip"
                )
                ok &= same == total
                legs = best.setdefault(way, [to_json, back])
                legs[:] = [min(legs[0], to_json), min(legs[1], back)]
        print(f"files: {total}; best time of each leg:")
        for way, (to_json, back) in best.items():
            t = to_json + back
            print(f"{way:>32}: to json {to_json:.2f} s + back {back:.2f} s = {t:.2f} s "
                  f"({total / t:.0f} files/s each way x2)")
        t1 = sum(best["--jobs 1"])
        speedup = t1 / sum(best["--jobs 2"])
        print(f"speed-up --jobs 2 over --jobs 1: {speedup:.2f}x (target {args.min_speedup}x)")
        if "2 x --jobs 1 on halves" in best:
            yardstick = t1 / sum(best["2 x --jobs 1 on halves"])
            print(f"two --jobs 1 commands at once, each on half the files: {yardstick:.2f}x (the yardstick)")
        sync_cost = sum(best["--jobs 2"]) - sum(best["--jobs 2 --no-sync"])
        print(f"flushing the outputs (fsync of each file and folder) costs {sync_cost:+.2f} s with --jobs 2 "
              f"({sync_cost / sum(best['--jobs 2 --no-sync']) * 100:+.0f}%)")
        for other in args.compare or []:
            for jobs in (1, 2):
                new_t, old_t = sum(best[f"--jobs {jobs}"]), sum(best[f"{other} --jobs {jobs}"])
                print(f"--jobs {jobs}: this alpdoc {new_t:.2f} s, {other}: {old_t:.2f} s "
                      f"(this one takes {new_t / old_t:.2f}x the time)")
    if not ok:
        print("FAIL: some files did not come back byte for byte", file=sys.stderr)
        return 1
    if speedup < args.min_speedup:
        print(f"FAIL: speed-up below {args.min_speedup}x", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
