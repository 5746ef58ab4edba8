"""Fuzz every registered reader: mutated real files, random text, random bytes.

Only alpdoc errors may escape a reader, and every ``ParseError`` must carry a
line and a column. Prints how many inputs each reader took, how they ended,
and every input that broke the rule (none, we hope). Seeded: a run can be
repeated exactly.

    python benchmarks/fuzz.py --inputs 100000 [--seed 1] [--corpus ../shared/corpus/archive-md]
"""

from __future__ import annotations

import argparse
import contextlib
import random
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import alpdoc  # noqa: E402
from alpdoc.testing import mangle  # noqa: E402


def _seeds(corpus: Path, count: int, rng: random.Random) -> list[bytes]:
    """Real inputs to mutate: corpus files and the seeds when present, the shipped example, and each
    format's own output for some of them."""
    files = sorted(corpus.glob("*.md")) if corpus.is_dir() else []
    picked = rng.sample(files, min(count, len(files)))
    shared = corpus.parent.parent / "seeds"
    picked += sorted(shared.glob("*")) if shared.is_dir() else []
    picked.append(ROOT / "examples" / "sample_plan.md")
    samples = [p.read_bytes() for p in picked]
    docs = []
    for data in samples:
        with contextlib.suppress(alpdoc.AlpdocError):
            docs.append(alpdoc.loads(data, "page-text" if data.startswith(b"Disclaimer:") else "archive-md"))
    for spec in alpdoc.formats():
        if spec.writer is not None:
            for doc in docs[:20]:
                out = spec.writer(doc)
                samples.append(out.encode("utf-8") if isinstance(out, str) else out)
    return samples


def _shuffle_lines(data: bytes, rng: random.Random) -> bytes:
    """Real text with lines deleted, repeated or moved: valid characters, broken structure."""
    lines = data.split(b"\n")
    for _ in range(rng.randint(1, 5)):
        i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
        action = rng.randrange(3)
        if action == 0 and len(lines) > 1:
            del lines[i]
        elif action == 1:
            lines.insert(j, lines[i])
        else:
            lines[i], lines[j] = lines[j], lines[i]
    return b"\n".join(lines)


def _random_text(rng: random.Random) -> bytes:
    alphabet = "# >-[]()*!<div class=\"group\"></div>\n\n[[a:b]]Disclaimer:Comments{}\":,0123abc\u00a0\r\t"
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 400))).encode("utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=10_000, help="how many inputs in all (default 10000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "archive-md")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    readers = [s for s in alpdoc.formats() if s.reader is not None]
    templates = alpdoc.templates()
    samples = _seeds(args.corpus, 200, rng)
    outcomes: Counter[tuple[str, str]] = Counter()
    broken: list[tuple[str, str, bytes]] = []
    start = time.perf_counter()
    for n in range(args.inputs):
        spec = readers[n % len(readers)]
        source = rng.randrange(4)
        if source == 0:
            data = mangle(rng.choice(samples), rng)
        elif source == 1:
            data = _shuffle_lines(rng.choice(samples), rng)
        elif source == 2:
            data = _random_text(rng)
        else:
            data = rng.randbytes(rng.randint(0, 300))
        try:
            spec.reader(data, templates=templates, source=None)
            outcomes[spec.name, "read"] += 1
        except alpdoc.ParseError as err:
            if err.line >= 1 and err.column >= 1:
                outcomes[spec.name, "ParseError"] += 1
            else:
                broken.append((spec.name, f"ParseError without position: {err}", data))
        except alpdoc.AlpdocError as err:
            outcomes[spec.name, type(err).__name__] += 1
        except Exception as exc:  # noqa: BLE001 - what we are looking for
            broken.append((spec.name, f"{type(exc).__name__}: {exc}", data))
    seconds = time.perf_counter() - start
    print(f"inputs: {args.inputs} (seed {args.seed}), {len(samples)} real samples to mutate, {seconds:.1f} s")
    for spec in readers:
        parts = ", ".join(f"{outcome} {count}" for (name, outcome), count in sorted(outcomes.items())
                          if name == spec.name)
        print(f"  {spec.name:<12} {parts}")
    print(f"non-alpdoc exceptions: {len(broken)}")
    for name, what, data in broken[:20]:
        print(f"  {name}: {what} <- {data[:80]!r}")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
