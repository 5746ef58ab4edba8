"""Time reading a corpus of archive-markdown files: alpdoc vs mistune's AST parser.

Usage::

    python benchmarks/read_corpus.py [FOLDER] [--repeat N] [--limit N]

FOLDER defaults to ``../shared/corpus/archive-md`` beside the repository. Every
file is read into memory first; then, in one run, the script times

(a) alpdoc's ``read_archive_md`` turning each text into a typed ``Document``,
(b) mistune 3's AST parser (``mistune.create_markdown(renderer="ast")``) on the
    same texts, and
(c) just decoding the bytes as UTF-8 (the floor any reader pays),

each the best of ``--repeat`` runs in CPU seconds of this process (wall time
with ``--wall``: on a shared machine other work inflates wall times), and reports how many files alpdoc writes
back byte for byte. Both parsers get the decoded text, so (c) is not inside
(a) or (b). It prints numbers and always exits 0; it asserts nothing.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import lark

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "archive-md"

try:  # an installed alpdoc, else the source tree next to this script
    import alpdoc

    alpdoc.get_format  # noqa: B018 - an empty namespace package left behind has no API
except (ImportError, AttributeError):  # pragma: no cover - depends on how the script is run
    sys.modules.pop("alpdoc", None)
    sys.path.insert(0, str(ROOT / "src"))

from alpdoc import AlpdocError, get_format, template_registry  # noqa: E402
from alpdoc.grammar import ACCELERATED  # noqa: E402


def best_of(repeat: int, func: Callable[[], object], clock: Callable[[], float] = time.process_time) -> float:
    """The shortest time (by ``clock``) of ``repeat`` calls of ``func`` (seconds)."""
    best = float("inf")
    for _ in range(max(1, repeat)):
        gc.collect()
        start = clock()
        func()
        best = min(best, clock() - start)
    return best


def load_corpus(folder: Path, limit: int | None) -> list[tuple[str, bytes]]:
    paths = sorted(p for p in folder.rglob("*.md") if p.is_file())
    if limit is not None:
        paths = paths[:limit]
    return [(p.name, p.read_bytes()) for p in paths]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", default=str(DEFAULT_CORPUS), help="corpus folder (default: %(default)s)")
    parser.add_argument("--repeat", type=int, default=1, help="take the best of N runs (default: %(default)s)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N files (sorted by name)")
    parser.add_argument("--wall", action="store_true", help="time wall-clock seconds, not CPU seconds")
    args = parser.parse_args(argv)
    clock = time.perf_counter if args.wall else time.process_time

    folder = Path(args.folder)
    if not folder.is_dir():
        print(f"corpus folder not found: {folder}")
        return 0
    corpus = load_corpus(folder, args.limit)
    if not corpus:
        print(f"no .md files in {folder}")
        return 0
    total_bytes = sum(len(data) for _name, data in corpus)
    texts = [data.decode("utf-8", errors="replace") for _name, data in corpus]
    registry = template_registry()
    spec = get_format("archive-md")
    read_archive_md, write_archive_md = spec.reader, spec.writer

    print(f"corpus:   {folder}")
    seconds = "wall" if args.wall else "CPU"
    runs = max(1, args.repeat)
    print(f"files:    {len(corpus)} ({total_bytes / 1e6:.1f} MB), best of {runs} run(s), {seconds} seconds")
    print(f"python:   {sys.version.split()[0]} on {sys.platform}, {os.cpu_count()} CPU(s)")
    print(f"parser:   lark {lark.__version__}" + (" with lark_cython" if ACCELERATED else " (pure Python)"))

    # (c) decoding only
    def decode_all() -> None:
        for _name, data in corpus:
            data.decode("utf-8")

    t_decode = best_of(args.repeat, decode_all, clock)

    # (a) alpdoc: text -> typed Document. Like mistune's ASTs below, each
    # document is dropped once built, so neither side pays for holding the
    # whole corpus in memory (that is measured by the round trip pass, untimed).
    failures: list[tuple[str, str]] = []

    def alpdoc_all() -> None:
        failures.clear()
        for (name, _data), text in zip(corpus, texts):
            try:
                read_archive_md(text, templates=registry, source=name)
            except AlpdocError as exc:
                failures.append((name, str(exc).splitlines()[0]))

    t_alpdoc = best_of(args.repeat, alpdoc_all, clock)

    # byte-exact round trip (not timed)
    exact = 0
    for (name, data), text in zip(corpus, texts):
        try:
            doc = read_archive_md(text, templates=registry, source=name)
        except AlpdocError:
            continue
        if write_archive_md(doc).encode("utf-8") == data:
            exact += 1

    # (b) mistune's AST parser
    try:
        import mistune
    except ImportError:
        mistune = None
    t_mistune = None
    if mistune is not None:
        markdown = mistune.create_markdown(renderer="ast")

        def mistune_all() -> None:
            for text in texts:
                markdown(text)

        t_mistune = best_of(args.repeat, mistune_all, clock)

    def rate(seconds: float) -> str:
        return f"{seconds:8.3f} s  {total_bytes / 1e6 / seconds:7.1f} MB/s  {seconds / len(corpus) * 1e3:7.3f} ms/file"

    print()
    print(f"decode bytes only:        {rate(t_decode)}")
    print(f"alpdoc read_archive_md:   {rate(t_alpdoc)}")
    if t_mistune is not None:
        version = getattr(mistune, "__version__", "?")
        print(f"mistune {version} AST:        {rate(t_mistune)}")
        print(f"ratio mistune/alpdoc:     {t_mistune / t_alpdoc:.2f}x")
    else:
        print("mistune:                  not installed (pip install 'mistune>=3'); alpdoc numbers only")
    print()
    print(f"read without error:       {len(corpus) - len(failures)}/{len(corpus)}")
    print(f"byte-exact round trip:    {exact}/{len(corpus)}")
    for name, reason in failures[:10]:
        print(f"  failed: {name}: {reason}")
    if len(failures) > 10:
        print(f"  ... and {len(failures) - 10} more")
    return 0


if __name__ == "__main__":
    sys.exit(main())
