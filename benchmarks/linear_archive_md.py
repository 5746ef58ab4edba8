"""Archive markdown on pathological shapes: CPU seconds per MB and peak memory per input byte, old vs new reader.

Shapes (issue 12): short text lines (one huge answer), short questions and
answers, one multi-line tag value, tags separated by blank lines, header link
lines repeating a ``source`` tag; and four of lines of a few bytes each (tags
between text lines, bare questions, and questions, or questions and answers,
each unlike the others), where every line is an object of the finished
document. Each is read at two sizes (a quarter of its full size, then the
full size): a linear reader keeps its s/MB, a quadratic one quadruples it.
Memory is the peak of Python's allocations (``tracemalloc``) while reading,
divided by the input size, and beside it what the finished document holds:
the difference is what reading costs beyond its result. Where each line is
an item unlike any other, the document alone is over 15 B/B (an item object
and its strings per line of 10 bytes), a floor for any reader of this model.
The baseline is the reader and grammar of ``--baseline`` (a git revision)
loaded from git into this process, beside the working tree's; where
the baseline took longer than ``--old-limit`` seconds at the first size, or
would need more than ``--old-memory`` GB at the second, it is not run there.
Numbers are printed, not asserted.

    python benchmarks/linear_archive_md.py [--mb 1] [--baseline 0cc478f] [--old-limit 20] [--old-memory 3]

Full sizes are ``--mb`` times 4 MB (8 MB for the tag value, 1 MB for the two
quadratic shapes); ``--mb 2.5`` gives those of the issue (10 MB of short
lines, a 20 MB tag value).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from alpdoc.format_plugins.archive_md.reader import read_archive_md  # noqa: E402

MB = 1_000_000
Reader = Callable[[bytes], object]


def short_text_lines(size: int) -> str:
    line = "A short line\n"
    return "# Title\n\n> Tell us everything\n\n" + line * (size // len(line))


def questions_and_answers(size: int) -> str:
    pair = "> What did you learn?\n\nThat the approach works here.\n\n"
    return "# Title\n\n## Section\n****\n\n" + pair * (size // len(pair))


def multi_line_tag_value(size: int) -> str:
    line = "one line of a long interview summary\n"
    return "# Title\n\n[[summary:" + line * (size // len(line)) + "]]\n"


def tags_between_blank_lines(size: int) -> str:
    tag = "[[sdg:5]]\n\n"
    return "# Title\n\n" + tag * (size // len(tag))


def tags_between_text_lines(size: int) -> str:
    unit = "[[sdg:5]]\nsome words\n"
    return "# Title\n\n" + unit * (size // len(unit))


def bare_questions(size: int) -> str:
    unit = "> q\n"
    return "# Title\n\n" + unit * (size // len(unit))


def _numbered(unit: str, size: int) -> str:
    parts, total, i = ["# Title\n\n"], 0, 0
    while total < size:
        part = unit.format(i)
        parts.append(part)
        total += len(part)
        i += 1
    return "".join(parts)


def distinct_questions(size: int) -> str:
    """Questions of a few bytes, each unlike the others (``> q1f``): every line its own item and string."""
    return _numbered("> q{:x}\n", size)


def distinct_answers(size: int) -> str:
    """Short questions, each with a short answer, none like another."""
    return _numbered("> q{0:x}\n\na{0:x}\n\n", size)


def source_link_lines(size: int) -> str:
    parts, total, i = ["# Title\n\n"], 0, 0
    while total < size:
        url = f"https://example.org/story/{i}"
        part = f"[[source:{url}]]\n[{url}]({url})\n"
        parts.append(part)
        total += len(part)
        i += 1
    return "".join(parts)


def bracket_lines(size: int) -> str:
    """Lines opening with ``[`` that never make a link (one ``](`` at the very end): each could start a link of
    several lines, so the lexer looks for its ``](`` and ``)`` (once for all of them)."""
    line = "[https://example.org/a\n"
    return "# Title\n\n> Links\n\n" + line * (size // len(line)) + "](x)\n"


SHAPES = {
    "short text lines": (short_text_lines, 4),
    "questions, answers": (questions_and_answers, 4),
    "multi-line tag value": (multi_line_tag_value, 8),
    "tags, blank lines": (tags_between_blank_lines, 1),
    "source link lines": (source_link_lines, 1),
    # Lines of a few bytes each, every one a part of the document: here the finished model alone
    # costs about 20 B/B (a Python object per 4-20 input bytes), and the parse holds a token per line.
    "tags, text lines": (tags_between_text_lines, 1),
    "bare questions": (bare_questions, 1),
    # The same, each line unlike the others: nothing can be shared, so the finished document itself
    # (an item and its strings per line) is over 15 B/B; the reader's own cost is the peak less that.
    "distinct questions": (distinct_questions, 1),
    "distinct answers": (distinct_answers, 1),
    "bracket lines": (bracket_lines, 4),
}
"""name: (builder, full size in MB for --mb 1)."""


def baseline_reader(revision: str, folder: Path) -> Reader:
    """``read_archive_md`` of ``revision``: its ``archive_md`` package and grammar from git, on this process's alpdoc.

    The package is written to ``folder`` as ``baseline_archive_md`` (its
    ``from ...`` imports made ``from alpdoc.``) and its parser built from the
    revision's grammar, so the lexer, blocks and reader are all the old ones.
    """

    def git(*args: str) -> str:
        return subprocess.run(["git", "-C", str(ROOT), *args], check=True, capture_output=True, text=True).stdout

    package = folder / "baseline_archive_md"
    package.mkdir()
    where = "src/alpdoc/format_plugins/archive_md/"
    for path in git("ls-tree", "--name-only", revision, where).split():
        if path.endswith(".py"):
            source = re.sub(r"^from \.\.\.", "from alpdoc.", git("show", f"{revision}:{path}"), flags=re.M)
            (package / Path(path).name).write_text(source, encoding="utf-8")
    grammar = git("show", f"{revision}:grammars/archive_md.lark")
    sys.path.insert(0, str(folder))
    import importlib

    from alpdoc.grammar import build_parser

    reader = importlib.import_module("baseline_archive_md.reader")
    built: dict[tuple[object, ...], object] = {}

    def old_parser(_name: str, start: tuple[str, ...] = ("start",), lexer: object = None,
                   transformer: object = None) -> object:
        key = (start, lexer, transformer)
        if key not in built:
            built[key] = build_parser(grammar, "baseline_archive_md", start, None, lexer, transformer)  # type: ignore[arg-type]
        return built[key]

    for name in list(sys.modules):
        module = sys.modules[name]
        if name.startswith("baseline_archive_md") and hasattr(module, "lalr_parser"):
            module.lalr_parser = old_parser  # type: ignore[attr-defined]
    return reader.read_archive_md  # type: ignore[no-any-return]


def cpu_seconds(read: Reader, data: bytes) -> float:
    start = time.process_time()  # this process only: other work on the machine counts less
    read(data)
    return time.process_time() - start


def memory_per_byte(read: Reader, data: bytes) -> tuple[float, float]:
    """Peak memory while reading, and what the finished document holds, per input byte."""
    tracemalloc.start()
    try:
        doc = read(data)
        held, peak = tracemalloc.get_traced_memory()
        del doc
        return peak / len(data), held / len(data)
    finally:
        tracemalloc.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=1.0, help="size of the 1x input in MB (default: %(default)s)")
    parser.add_argument("--baseline", default="0cc478f", help="git revision of the old reader (default: %(default)s)")
    parser.add_argument("--old-limit", type=float, default=20.0, help="seconds past which the old reader skips 4x")
    parser.add_argument("--old-memory", type=float, default=3.0, help="GB past which the old reader skips 4x")
    args = parser.parse_args(argv)
    readers: dict[str, Reader] = {"new": read_archive_md}
    scratch = tempfile.TemporaryDirectory()
    try:
        readers = {"old": baseline_reader(args.baseline, Path(scratch.name)), **readers}
    except (subprocess.CalledProcessError, OSError, ImportError) as exc:
        print(f"no baseline ({exc}); new reader only")
    read_archive_md(b"# T\n\n> q\n\na\n")  # build the parsers
    print(f"{'shape':<22} {'reader':<6} {'1x MB':>7} {'s/MB 1x':>8} {'s/MB 4x':>8} {'4x/1x':>6} {'peak B/B':>9}"
          f" {'doc B/B':>8} {'reader B/B':>10}")
    for name, (build, factor) in SHAPES.items():
        small = build(int(args.mb * factor * MB) // 4).encode()
        large = build(int(args.mb * factor * MB)).encode()
        for label, read in readers.items():
            t1 = cpu_seconds(read, small) / (len(small) / MB)
            peak, held = memory_per_byte(read, small)
            if label == "old" and (t1 * len(small) / MB > args.old_limit or peak * len(large) > args.old_memory * 1e9):
                t4, note = None, " (4x skipped; peak at 1x)"
            else:
                t4, note = cpu_seconds(read, large) / (len(large) / MB), ""
                peak, held = memory_per_byte(read, large)
            growth = f"{t4 / t1:6.1f}" if t4 else "     -"
            shown4 = f"{t4:8.3f}" if t4 else "       -"
            print(f"{name:<22} {label:<6} {len(small) / MB:7.2f} {t1:8.3f} {shown4} {growth} {peak:9.1f}"
                  f" {held:8.1f} {peak - held:10.1f}{note}")
    print("s/MB: CPU seconds per MB of input; 4x/1x about 1 is linear, about 4 quadratic. "
          "peak B/B: peak Python memory while reading per input byte (the document read included); "
          "doc B/B: what the finished document holds (its objects, and the text kept for project); "
          "reader B/B: the peak less that, what reading cost beyond its result.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
