"""What the loss report costs: converting documents with it against writing them alone, in one run.

For each target format (json, pad-json, archive-md by default) the documents
of a folder (default: the shared corpus) are read once, then timed three ways,
best of ``--rounds``:

* ``write``: the format's writer alone;
* ``convert``: :func:`alpdoc.convert_doc` (writer, the format's ``project``
  and the structural diff of the loss report);
* ``verify``: the same with ``verify=True`` (the output read back, as the
  report used to be made).

The target is ``convert`` at most 1.5x ``write``. Usage::

    python benchmarks/conversion_cost.py [FOLDER] [--formats json,pad-json,archive-md] [--rounds 3] [--limit N]
"""

from __future__ import annotations

import argparse
import gc
import time
from collections.abc import Callable
from pathlib import Path

import alpdoc
from alpdoc.options import ReaderOptions

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "archive-md"


def _best(fn: Callable[[], None], rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        gc.collect()
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--formats", default="json,pad-json,archive-md")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--limit", type=int, default=0, help="use only the first N files (0: all)")
    args = parser.parse_args()

    paths = sorted(args.folder.rglob("*.md"))
    if args.limit:
        paths = paths[: args.limit]
    options = ReaderOptions(templates=alpdoc.templates())
    docs = [alpdoc.read(p, "archive-md", options=options) for p in paths]
    print(f"{len(docs)} documents from {args.folder}; best of {args.rounds} rounds")
    print(f"{'format':<12} {'write s':>9} {'convert s':>10} {'ratio':>6} {'verify s':>9} {'ratio':>6}")
    for name in args.formats.split(","):
        writer = alpdoc.get_format(name).writer
        assert writer is not None

        def write_all() -> None:
            for doc in docs:
                writer(doc)  # noqa: B023 - called only within this iteration

        def convert_all(verify: bool = False) -> None:
            for doc in docs:
                alpdoc.convert_doc(doc, name, options=options, verify=verify, warn=False)  # noqa: B023 - likewise

        w = _best(write_all, args.rounds)
        c = _best(convert_all, args.rounds)
        v = _best(lambda: convert_all(True), args.rounds)
        verdict = "ok" if c <= 1.5 * w else "OVER 1.5x"
        print(f"{name:<12} {w:9.3f} {c:10.3f} {c / w:6.2f} {v:9.3f} {v / w:6.2f}  {verdict}")


if __name__ == "__main__":
    main()
