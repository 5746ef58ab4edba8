"""Grammar tables cached two ways: Lark's own ``cache=`` (alpdoc now) and the hand-written cache it replaced.

Usage (from the repository root)::

    python benchmarks/grammar_cache.py [--repeat 7] [--baseline 7e17c81]

Each measurement is a fresh Python process that imports alpdoc, then times one
``build_parser`` of each shipped grammar (``archive_md`` with its line lexer
and transformer, ``page_text`` with Lark's contextual lexer): *cold* with an
empty cache folder (tables built and saved), *warm* with the folder the cold
run left (tables loaded), and *none* without a cache. The hand-written cache
is ``alpdoc/grammar.py`` of ``--baseline`` (a git revision), loaded beside the
current one. Best of ``--repeat`` for each, in milliseconds; the two caches'
files are checked to give parsers that parse a sample the same.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = r"""
import importlib.util, json, sys, time
from pathlib import Path
mode, which, folder, baseline = sys.argv[1:5]
import alpdoc.grammar as current
from alpdoc.format_plugins.archive_md.blocks import LineLexer, _CHECK
if which == "hand":
    spec = importlib.util.spec_from_file_location("alpdoc._baseline_grammar", baseline)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    module.lark_cython = current.lark_cython
    build = module.build_parser
else:
    build = current.build_parser
cases = {"archive_md": (("start",), LineLexer, _CHECK), "page_text": (("start",), None, None)}
out = {}
for name, (start, lexer, transformer) in cases.items():
    text = current.grammar_text(name)
    began = time.perf_counter()
    parser = build(text, name, start, None if mode == "none" else Path(folder), lexer, transformer)
    out[name] = (time.perf_counter() - began) * 1000
sample = "# Plan\n\n[[type:learningplan]]\n## Why\n****\n\n> Goal?\n\nLess waste.\n"
import alpdoc
out["parse"] = repr(alpdoc.loads(sample, "archive-md"))
print(json.dumps(out))
"""


def run(mode: str, which: str, folder: str, baseline: str) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.run([sys.executable, "-c", CHILD, mode, which, folder, baseline],
                          capture_output=True, text=True, check=True, env=env)
    return json.loads(proc.stdout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--baseline", default="7e17c81", help="git revision with the hand-written cache")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        baseline = Path(work) / "baseline_grammar.py"
        text = subprocess.run(["git", "show", f"{args.baseline}:src/alpdoc/grammar.py"], cwd=ROOT,
                              capture_output=True, text=True, check=True).stdout
        # The baseline's relative import (atomic_write_bytes) must find the current package.
        baseline.write_text(text.replace("from .api import", "from alpdoc.api import"), encoding="utf-8")
        results: dict[tuple[str, str], dict[str, float]] = {}
        parses = set()
        for which in ("hand", "lark"):
            for mode in ("none", "cold", "warm"):
                best: dict[str, float] = {}
                for n in range(args.repeat):
                    folder = Path(work) / f"{which}-{n}"
                    if mode == "cold" and folder.exists():
                        for f in folder.iterdir():
                            f.unlink()
                    if mode == "warm" and not folder.exists():
                        run("cold", which, str(folder), str(baseline))
                    out = run(mode, which, str(folder), str(baseline))
                    parses.add(out.pop("parse"))
                    for k, v in out.items():
                        best[k] = min(best.get(k, float("inf")), v)
                results[(which, mode)] = best
    print(f"build_parser, ms, best of {args.repeat} fresh processes (lark_cython: {run_flavour()})")
    print(f"{'cache':<28}{'archive_md':>12}{'page_text':>12}")
    names = {"hand": f"hand-written ({args.baseline})", "lark": "Lark cache= (now)"}
    for (which, mode), best in results.items():
        print(f"{names[which] + ', ' + mode:<28}{best['archive_md']:>12.1f}{best['page_text']:>12.1f}")
    for mode in ("cold", "warm"):
        hand, lark = results[("hand", mode)], results[("lark", mode)]
        ratio = sum(lark.values()) / sum(hand.values())
        print(f"{mode}: Lark's cache takes {ratio:.2f}x the hand-written one's time")
    print(f"same parse everywhere: {len(parses) == 1}")
    return 0 if len(parses) == 1 else 1


def run_flavour() -> str:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run([sys.executable, "-c", "import alpdoc.grammar as g; print(g.ACCELERATED)"],
                          capture_output=True, text=True, env=env, check=True).stdout.strip()


if __name__ == "__main__":
    raise SystemExit(main())
