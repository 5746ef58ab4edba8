"""Audit of issue 13's structure fixes over the shared corpus, against a baseline revision.

Counts, for the working tree and for ``--baseline`` (a git revision, loaded
from git into a temporary folder and run in a child process):

* interview question lines (``### [[0:27]] ...``) read as a question of their
  own, glued into the text of the answer before them, or otherwise placed;
  tags of story documents kept as the document's tags or as an answer's own;
* quotations (text items marked ``quote``);
* documents naming a country more than once in ``doc.countries``;
* plans whose analyst-table rows of two different (top-level) groups cannot
  be told apart by the table's columns (same section, question and record);
* files that do not write back byte for byte.

    python benchmarks/archive_md_interviews_audit.py [--corpus DIR] [--baseline REV]
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
# Independent of alpdoc: the question lines as the archive writes them.
QUESTION = re.compile(r"^(?:### (?:\[\[|\\\[\[?)|\[\[)\d{1,3}(?::\d{2}){1,2}(?:[\\\]]+ ?| )", re.M)


def _walk(items: Any, group: Any = None) -> Any:
    for item in items:
        records = getattr(item, "records", None)
        if records is not None:
            for record in records:
                yield from _walk(record, item)
        else:
            yield item, group


def _group_rows_collide(doc: Any, group_column: bool) -> bool:
    """Whether rows of two different groups have the same section, question and record in the table."""
    owners: dict[tuple[str, ...], set[int]] = {}
    for section in doc.sections:
        for item in section.items:
            for n, record in enumerate(getattr(item, "records", None) or (), start=1):
                for leaf in record:
                    key = (section.title, leaf.instruction or "", str(n))
                    if group_column:
                        key += (item.instruction or "",)
                    owners.setdefault(key, set()).add(id(item))
    return any(len(groups) > 1 for groups in owners.values())


def count(corpus: Path) -> dict[str, int]:
    """The counts for the alpdoc that is importable in this process."""
    import alpdoc
    from alpdoc import analysis

    registry = alpdoc.template_registry()
    out: collections.Counter[str] = collections.Counter({"not byte-exact": 0, "story tags inside the body": 0})
    for path in sorted(corpus.glob("*.md")):
        data = path.read_bytes()
        doc = alpdoc.loads(data, "archive-md", templates=registry)
        out["files"] += 1
        if alpdoc.dumps(doc, "archive-md").encode("utf-8") != data:
            out["not byte-exact"] += 1
        text = data.decode("utf-8")
        lines = len(QUESTION.findall(text))
        if lines:
            out["interview files"] += 1
            out["question lines"] += lines
            for section in doc.sections:
                for item, _group in _walk(section.items):
                    if getattr(item, "timestamp", None) is not None:
                        out["questions read as a question"] += 1
                        out["answer tags"] += len(item.tags)
                    body = getattr(item, "text", None) or ""
                    for k, line in enumerate(body.split("\n")):
                        if QUESTION.match(line):
                            out["questions inside an answer text" if k else "questions opening a text"] += 1
            out["story document tags"] += len(doc.tags)
            out["story tags inside the body"] += sum(
                run.count for s in doc.sections if s.layout is not None for run in s.layout.tag_runs
            )
        out["quotations"] += sum(
            1 for s in doc.sections for item, _g in _walk(s.items) if getattr(item, "quote", False)
        )
        names = [c.name for c in doc.countries]
        if len({tag.value for tag in doc.tags if tag.key == "country"}) > 1:
            out["documents with several countries"] += 1
        if len(names) != len(set(names)):
            out["documents repeating a country in doc.countries"] += 1
        if doc.kind == "learningplan":
            out["plans"] += 1
            if _group_rows_collide(doc, "group" in analysis.COLUMNS):
                out["plans with group rows the table cannot tell apart"] += 1
    return dict(out)


def _baseline(revision: str, corpus: Path) -> dict[str, int]:
    with tempfile.TemporaryDirectory() as tmp:
        archive = subprocess.run(["git", "archive", revision, "src", "grammars"], cwd=ROOT, check=True,
                                 capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", tmp], input=archive, check=True)
        env = {**os.environ, "PYTHONPATH": str(Path(tmp) / "src")}
        result = subprocess.run([sys.executable, __file__, "--corpus", str(corpus), "--child"], env=env,
                                check=True, capture_output=True, text=True)
        return json.loads(result.stdout)  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "archive-md")
    parser.add_argument("--baseline", default="9b9970b")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(count(args.corpus)))
        return
    if not args.corpus.is_dir():
        sys.exit(f"no corpus at {args.corpus}")
    before = _baseline(args.baseline, args.corpus)
    after = count(args.corpus)
    print(f"{'':52} {args.baseline:>10} {'now':>10}")
    for key in dict.fromkeys([*before, *after]):
        print(f"{key:52} {before.get(key, 0):>10} {after.get(key, 0):>10}")


if __name__ == "__main__":
    main()
