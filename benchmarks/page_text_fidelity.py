"""Structure fidelity of page text on the real corpus, per document kind.

Usage::

    python benchmarks/page_text_fidelity.py [FOLDER] [--limit N] [--kinds K,K] [--show N] [--causes]

FOLDER defaults to ``../shared/corpus/archive-md`` beside the repository. In one
process, for every archive-markdown file: read it (registered templates), write
its page text, read that back with the same templates, and compare the
*structure the page shows* of both documents:

* the sections, by title as the page shows it (a section the page shows
  nothing of is left out);
* per section its items in order: the instruction and the answer line as the
  page shows them (flattened), questions with neither left out; a group as its
  instruction and its records, each record compared the same way.

A document is *faithful* when both structures are equal: every section title,
instruction and answer is read back in its place. "Items" counts the shown
items (group records' items included) of the archive document that come back
at the same place. "Titled" is how often the page gives a title (the answer of
the form's title question), "= arch." how often that title is the archive's,
"kind" how often the ``type`` comes back. A group record that shows nothing,
alone in its group, counts as no record: the page shows the group's
instruction once for both. "Own title" counts the
unfaithful documents with a section title that no template has (typed by the
user: the page cannot tell it from an answer line), "% of rest" the faithful
share of the other documents. ``--causes`` sorts the unfaithful documents by
the first line read as something else (what it is, what it was read as). It prints numbers and exits
0; it asserts nothing.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "archive-md"

try:  # an installed alpdoc, else the source tree next to this script
    import alpdoc

    alpdoc.get_format  # noqa: B018 - an empty namespace package left behind has no API
except (ImportError, AttributeError):  # pragma: no cover - depends on how the script is run
    sys.modules.pop("alpdoc", None)
    sys.path.insert(0, str(ROOT / "src"))

from alpdoc import AlpdocError, ReaderOptions, get_format  # noqa: E402
from alpdoc.api import read_data, templates  # noqa: E402 - templates: the registered ones
from alpdoc.format_plugins.page_text.vocabulary import flatten, page_instruction  # noqa: E402
from alpdoc.format_plugins.page_text.writer import answer_line  # noqa: E402
from alpdoc.model import Document, GroupItem, Item  # noqa: E402

PAD_KINDS = ("learningplan", "solution", "experiment")


def shown_item(item: Item) -> tuple | None:
    """What the page shows of ``item`` (None: nothing)."""
    instruction = page_instruction(item.instruction)
    if isinstance(item, GroupItem):
        records = tuple(shown_items(record) for record in item.records)
        if records == ((),):  # one record that shows nothing: the page shows the instruction once, as for none
            records = ()
        return ("group", instruction, records) if instruction or any(records) else None
    answer = answer_line(item)
    return (instruction, answer) if instruction or answer else None


def shown_items(items: tuple[Item, ...]) -> tuple:
    return tuple(s for s in map(shown_item, items) if s is not None)


def shown(doc: Document) -> tuple:
    """The structure the page of ``doc`` shows: ``(title, items)`` per section it shows anything of."""
    out = []
    for section in doc.sections:
        title, items = flatten(section.title), shown_items(section.items)
        if title or items:
            out.append((title, items))
    return tuple(out)


def count_items(structure: tuple) -> int:
    n = 0
    for _title, items in structure:
        for item in items:
            n += 1 + (sum(len(r) for r in item[2]) if item[0] == "group" and len(item) == 3 else 0)
    return n


def flat_items(structure: tuple) -> list[tuple]:
    """Every shown item with its place: (section title, item) and (group, record, item)."""
    out = []
    for title, items in structure:
        for item in items:
            if item[0] == "group" and len(item) == 3:
                out.append((title, item[0], item[1]))
                out.extend((title, item[1], r, sub) for r, record in enumerate(item[2]) for sub in record)
            else:
                out.append((title, item))
    return out


def kept_items(want: tuple, got: tuple) -> int:
    """Items of ``want`` found at the same place in ``got`` (multiset)."""
    have = Counter(flat_items(got))
    n = 0
    for place in flat_items(want):
        if have[place]:
            have[place] -= 1
            n += 1
    return n


def roles(structure: tuple) -> list[tuple[str, str]]:
    """The page's lines with what they are: T a section title, I an instruction line, A an answer, a an
    answer without instruction."""
    out: list[tuple[str, str]] = []

    def add(item: tuple) -> None:
        if item[0] == "group" and len(item) == 3:
            for record in item[2] or ((),):
                out.extend(("I", line) for line in item[1].split("\n") if line)
                for sub in record:
                    add(sub)
            return
        instruction, answer = item
        out.extend(("I", line) for line in instruction.split("\n") if line)
        if answer:
            out.append(("A" if instruction else "a", answer))

    for title, items in structure:
        if title:
            out.append(("T", title))
        for item in items:
            add(item)
    return out


def cause_of(want: tuple, got: tuple) -> str:
    """Why a page does not read back: what its first misread line is and what it was read as."""
    w, g = roles(want), roles(got)
    k = next((j for j, (a, b) in enumerate(zip(w, g)) if a != b), min(len(w), len(g)))
    if k >= len(w) or k >= len(g):
        return first_difference(want, got)
    (wr, line), (gr, _) = w[k], g[k]
    if wr == "T" and gr in "aA":
        if len(w) == 1:
            return "one-line page: a section title alone, read as an answer (the commoner reading)"
        if k == 0:
            return "first line: a user-written section title the heading rule reads as an answer"
        return "later line: a user-written section title read as an answer (empty section, or after a question)"
    if wr in "aA" and gr == "T":
        return "an answer that looks like a heading, read as a user-written section title"
    if wr == "T" and gr == "I":
        return f"a section title here, a template question elsewhere: {line[:40]!r}"
    if wr == "I":
        return "a question no template has (seen in one or two files)"
    return first_difference(want, got)


def first_difference(want: tuple, got: tuple) -> str:
    """A short label for what differs first."""
    wt, gt = [t for t, _ in want], [t for t, _ in got]
    if wt != gt:
        missing = [t for t in wt if t not in gt]
        extra = [t for t in gt if t not in wt]
        if missing:
            return f"section title not read: {missing[0][:60]!r}"
        if extra:
            return f"section the archive has not: {extra[0][:60]!r}"
        return "sections in another order"
    for (title, wi), (_t, gi) in zip(want, got):
        for a, b in zip(wi, gi):
            if a != b:
                ins = a[1] if a[0] == "group" and len(a) == 3 else a[0]
                if a[0] == "group" and len(a) == 3 and b[0] == "group":
                    return f"group records differ: {ins[:60]!r}"
                if (b[1] if b[0] == "group" else b[0]) != ins:
                    got_ins = b[1] if b[0] == "group" else b[0]
                    return f"instruction {ins[:50]!r} read as {got_ins[:30]!r}"
                return f"answer differs under {ins[:60]!r}"
        if len(wi) != len(gi):
            return f"item count differs in section {title[:50]!r}"
    return "?"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("folder", nargs="?", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--limit", type=int, default=None, help="only the first N files")
    ap.add_argument("--kinds", default="", help="comma-separated kinds to measure (default: all)")
    ap.add_argument("--show", type=int, default=0, help="list up to N unfaithful files per kind")
    ap.add_argument("--causes", action="store_true", help="count the unfaithful documents by cause")
    ap.add_argument("--top", type=int, default=25, help="how many causes --causes lists per kind")
    args = ap.parse_args(argv)
    paths = sorted(args.folder.glob("*.md"))[: args.limit]
    if not paths:
        print(f"no archive-markdown files in {args.folder}")
        return 0
    wanted = {k for k in args.kinds.split(",") if k}
    archive, page = get_format("archive-md"), get_format("page-text")
    options = ReaderOptions(templates=templates())
    print(f"templates: {', '.join(t.name for t in options.templates)}")
    known = {flatten(t) for tpl in options.templates for sec in tpl.sections
             for t in (sec.title, *getattr(sec, "aliases", ()))}
    docs, inherent = defaultdict(int), defaultdict(int)
    faithful, titled, same_title, kinds_ok, items_all, items_kept = (defaultdict(int) for _ in range(6))
    errors: dict[str, list[str]] = defaultdict(list)
    unfaithful: dict[str, list[str]] = defaultdict(list)
    causes: dict[str, Counter] = defaultdict(Counter)
    start = time.perf_counter()
    for path in paths:
        data = path.read_bytes()
        try:
            doc = read_data(archive, data, options.for_source(str(path)))
        except AlpdocError as exc:
            errors["(archive)"].append(f"{path.name}: {exc}")
            continue
        kind = doc.kind or "(none)"
        if wanted and kind not in wanted:
            continue
        docs[kind] += 1
        try:
            back = read_data(page, page.writer(doc), options.for_source(path.name + ".txt"))
        except AlpdocError as exc:
            errors[kind].append(f"{path.name}: {exc}")
            continue
        want, got = shown(doc), shown(back)
        items_all[kind] += count_items(want)
        if want == got:
            faithful[kind] += 1
            items_kept[kind] += count_items(want)
        else:
            items_kept[kind] += kept_items(want, got)
            unfaithful[kind].append(path.name)
            own = [t for t, _ in want if t and t not in known]
            inherent[kind] += bool(own)
            if args.causes:
                causes[kind][cause_of(want, got)] += 1
        titled[kind] += bool(back.title)
        same_title[kind] += bool(back.title) and back.title == flatten(doc.title)
        kinds_ok[kind] += back.kind == doc.kind
    elapsed = time.perf_counter() - start
    order = [k for k in PAD_KINDS if k in docs] + sorted(k for k in docs if k not in PAD_KINDS)
    print(f"{'kind':<14}{'docs':>6}{'faithful':>10}{'%':>8}{'items %':>9}{'titled %':>9}{'= arch.':>8}"
          f"{'kind %':>8}{'errors':>8}{'own title':>10}{'% of rest':>10}")
    total = Counter()
    for k in order:
        n = docs[k]
        row = (n, faithful[k], items_all[k], items_kept[k], titled[k], kinds_ok[k], len(errors[k]))
        total.update(dict(zip("nfaktoe", row)))
        print(f"{k:<14}{n:>6}{faithful[k]:>10}{100 * faithful[k] / n:>8.2f}"
              f"{100 * items_kept[k] / max(1, items_all[k]):>9.2f}{100 * titled[k] / n:>9.2f}"
              f"{100 * same_title[k] / max(1, titled[k]):>8.2f}"
              f"{100 * kinds_ok[k] / n:>8.2f}{len(errors[k]):>8}{inherent[k]:>10}"
              f"{100 * faithful[k] / max(1, n - inherent[k]):>10.2f}")
    pads = [k for k in order if k in PAD_KINDS]
    if pads:
        n = sum(docs[k] for k in pads)
        f = sum(faithful[k] for k in pads)
        print(f"{'pads':<14}{n:>6}{f:>10}{100 * f / n:>8.2f}")
    print(f"{len(paths)} files in {elapsed:.1f} s")
    for k, lines in errors.items():
        for line in lines[:5]:
            print(f"error [{k}] {line}")
    for k in order:
        if args.causes and causes[k]:
            print(f"-- {k}: unfaithful by cause (the first line read as something else)")
            for cause, count in causes[k].most_common(args.top):
                print(f"{count:>6}  {cause}")
        for name in unfaithful[k][: args.show]:
            print(f"unfaithful [{k}] {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
