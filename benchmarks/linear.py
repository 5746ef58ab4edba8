"""Reading time against input size: 1x, 10x and 100x inputs of three shapes, for every format.

Shapes: one huge answer, thousands of sections, thousands of group records,
one choice with thousands of checked options (page text joins them with ", ").
For a linear reader the time grows like the size: each step of 10x in size
should cost about 10x in time (a quadratic path would show 100x). Numbers are
printed, not asserted.

Then archive markdown on the pathological shapes of issue 12 (short text
lines, short questions and answers, a multi-line tag value, tags between
blank lines, header links repeating a source tag): CPU seconds per MB at two
sizes and peak memory per input byte, the old reader (a git revision) against
the working tree's in the same run; see ``linear_archive_md.py``.

    python benchmarks/linear.py [--base 200] [--repeat 3] [--archive-md MB] [--baseline REV]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT / "src"))

import alpdoc  # noqa: E402
from alpdoc import ChoiceItem, Document, GroupItem, Option, Section, Tag, TextItem  # noqa: E402
from alpdoc.templates import Template, TemplateItem, TemplateSection  # noqa: E402

LINE = "Words of an answer that goes on, with some punctuation: (a), [b] and & c."


def huge_answer(n: int) -> Document:
    text = "\n\n".join(LINE for _ in range(n))
    return Document(title="Huge", tags=(Tag(key="type", value="solution"),),
                    sections=(Section(title="Only", items=(TextItem(instruction="Tell us everything", text=text),)),))


def many_sections(n: int) -> Document:
    sections = tuple(
        Section(title="Part", items=(TextItem(instruction="What happened?", text=LINE),
                                     ChoiceItem(instruction="Which?", options=(Option(name="One"),))))
        for _ in range(n)
    )
    return Document(title="Sections", sections=sections)


def many_records(n: int) -> Document:
    record = (TextItem(instruction="Name:", text="Partner"), TextItem(instruction="Role:", text=LINE))
    group = GroupItem(instruction="Partners", records=tuple(record for _ in range(n)))
    return Document(title="Group", sections=(Section(title="Partners", items=(group,)),))


def many_options(n: int) -> Document:
    names = ("One", "Option with, a comma", "Another option")
    options = tuple(Option(name=names[k % 3]) for k in range(20 * n))
    return Document(title="Options", sections=(Section(title="Part", items=(
        ChoiceItem(instruction="Which?", options=options),)),))


# The page-text reader needs a template that knows these questions.
TEMPLATE = Template(name="linear-benchmark", sections=(
    TemplateSection(title="Only", items=(TemplateItem(instruction="Tell us everything"),)),
    TemplateSection(title="Part", items=(TemplateItem(instruction="What happened?"),
                                         TemplateItem(instruction="Which?", kind="checklist", options=("One",)))),
    TemplateSection(title="Partners", items=(TemplateItem(instruction="Partners", kind="group", items=(
        TemplateItem(instruction="Name:"), TemplateItem(instruction="Role:"))),)),
))


def best(repeat: int, func) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=int, default=200,
                        help="size of the 1x input (answer paragraphs, sections, records)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--archive-md", type=float, default=1.0, metavar="MB",
                        help="1x size of the archive-md pathological shapes (0: leave them out)")
    parser.add_argument("--baseline", default="0cc478f", help="git revision of the old archive-md reader")
    args = parser.parse_args(argv)
    formats = [s.name for s in alpdoc.formats() if s.reader is not None and s.writer is not None]
    print(f"{'format':<12} {'shape':<14} {'1x size':>10} {'1x s':>9} {'10x s':>9} {'100x s':>9} "
          f"{'10x/1x':>7} {'100x/10x':>8}")
    worst = 0.0
    for name in formats:
        for shape in (huge_answer, many_sections, many_records, many_options):
            times, sizes = [], []
            alpdoc.loads(alpdoc.dumps(shape(2), name), name, templates=TEMPLATE)  # build parsers, warm caches
            for scale in (1, 10, 100):
                data = alpdoc.dumps(shape(args.base * scale), name)
                sizes.append(len(data))
                times.append(best(args.repeat,
                                  lambda data=data, name=name: alpdoc.loads(data, name, templates=TEMPLATE)))
            r1, r2 = times[1] / times[0], times[2] / times[1]
            worst = max(worst, r2)
            print(f"{name:<12} {shape.__name__:<14} {sizes[0]:>10} {times[0]:>9.4f} {times[1]:>9.4f} {times[2]:>9.4f} "
                  f"{r1:>7.1f} {r2:>8.1f}")
    print(f"largest 100x/10x time ratio: {worst:.1f} (about 10 means linear; 100 would mean quadratic)")
    if args.archive_md > 0:
        import linear_archive_md  # beside this script

        print()
        linear_archive_md.main(["--mb", str(args.archive_md), "--baseline", args.baseline])
    return 0


if __name__ == "__main__":
    sys.exit(main())
