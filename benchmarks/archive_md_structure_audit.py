"""Archive markdown on the whole corpus: how the structures of issue 13 (part 2) read, old reader vs new.

For each class the script counts its occurrences in the raw files and how
each reader reads them:

(a) image lines holding several images (``![](a)![](b)``): read as several images;
(b) links written over several lines (``[u](u)``, ``u`` with line breaks): read as links,
    not as text (alone or glued to the answer before them);
(c) ``> `` lines of pages (blog, publications, story, tools, ...): read as questions or as
    quotations;
(d) ``- `` answers no template knows, with a line longer than any checklist option:
    read as checklists or as text;
(e) evidence groups (a template group whose questions have no instruction): a text then an
    image, the image's div with an empty ``> `` line or none: one record or two;

and how many files each reader writes back byte for byte. The old reader is
``--baseline``'s (a git revision), loaded from git into this process as
``benchmarks/linear_archive_md.py`` does. Numbers are printed, not asserted.

    python benchmarks/archive_md_structure_audit.py [FOLDER] [--baseline 9b9970b] [--limit N]
"""

from __future__ import annotations

import argparse
import collections
import importlib.util
import itertools
import re
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import alpdoc  # noqa: E402
from alpdoc import ChoiceItem, GroupItem, ImageItem, Item, LinkItem, MosaicItem, TextItem  # noqa: E402
from alpdoc.format_plugins.archive_md import read_archive_md, write_archive_md  # noqa: E402
from alpdoc.format_plugins.archive_md.reader import PAGE_KINDS  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "archive-md"
Reader = Callable[..., alpdoc.Document]

_MULTI_IMAGE_LINE = re.compile(r"^!\[[^\]\n]*\]\(([^\n]*?)\)!\[[^\n]*\)$", re.M)
# The grammar's link of several lines: "[u](u)" with the same u, holding a line break.
_MULTI_LINK = re.compile(r"^\[(?P<u>(?:(?!\]\(|\)\n)[^\n])*\n(?:(?!\]\(|\)\n)[\s\S])*?)\]\((?P=u)\)$", re.M)
_QUOTE_LINE = re.compile(r"^> ", re.M)
_OPTION_MAX = 120


def load_baseline(revision: str, folder: Path) -> Reader:
    """The ``read_archive_md`` of ``revision`` (see ``benchmarks/linear_archive_md.py``)."""
    spec = importlib.util.spec_from_file_location("linear_archive_md", ROOT / "benchmarks" / "linear_archive_md.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.baseline_reader(revision, folder)  # type: ignore[no-any-return]


def walk(doc: alpdoc.Document) -> Iterator[Item]:
    """Every item, group records' items included."""

    def inner(items: tuple[Item, ...]) -> Iterator[Item]:
        for item in items:
            yield item
            if isinstance(item, GroupItem):
                for record in item.records:
                    yield from inner(record)

    for section in doc.sections:
        yield from inner(section.items)


def images(doc: alpdoc.Document) -> Iterator[str]:
    for item in walk(doc):
        if isinstance(item, ImageItem):
            yield item.src
        elif isinstance(item, MosaicItem):
            yield from (im.src for im in item.images)


class Counts:
    """Per reader: the counters of every class."""

    def __init__(self) -> None:
        self.c: collections.Counter[str] = collections.Counter()

    def add(self, key: str, n: int = 1) -> None:
        self.c[key] += n


def audit(text: str, doc: alpdoc.Document, out: Counts, registry: alpdoc.templates.TemplateRegistry) -> None:
    c = out.add
    # (a) several images on one line: the first image's source, cut where the second starts.
    if ")![" in text:
        srcs = set(images(doc))
        for m in _MULTI_IMAGE_LINE.finditer(text):
            line = m.group(0)
            first = line[line.index("](") + 2 : line.index(")![")]
            c("a lines")
            c("a images", line.count("!["))
            if first in srcs:
                c("a lines read as several images")
    # (b) links over several lines.
    if "](" in text:
        urls = {i.url for i in walk(doc) if isinstance(i, LinkItem)}
        texts = [i.text for i in walk(doc) if isinstance(i, TextItem)]
        for m in _MULTI_LINK.finditer(text):
            c("b links")
            u = m.group("u")
            if u in urls:
                c("b read as links")
            elif any(m.group(0) in t for t in texts):
                c("b read inside a text answer")
                if any(t.startswith("- ") and m.group(0) in t for t in texts):
                    c("b glued to a checklist before them")
    # (c) "> " lines of pages.
    if doc.kind in PAGE_KINDS:
        lines = len(_QUOTE_LINE.findall(text))
        if lines:
            c("c page files with '> ' lines")
            c("c lines", lines)
            c("c read as questions", sum(i.instruction is not None for i in walk(doc)))
            quotes = [i for i in walk(doc) if isinstance(i, TextItem) and i.quote]
            c("c read as quotation lines", sum(q.text.count("\n") + 1 for q in quotes))
            c("c quotations", len(quotes))
    # (d) long "- " answers no template knows.
    for item in walk(doc):
        if registry.item(item.instruction) is not None:
            continue
        if isinstance(item, ChoiceItem) and item.options:
            if any(len(o.name) > _OPTION_MAX for o in item.options):
                c("d read as checklists")
            else:
                c("d short '- ' answers read as checklists")
        elif isinstance(item, TextItem) and item.text.startswith("- ") and "\n" not in item.text.strip() and (
            len(item.text) - 2 > _OPTION_MAX
        ):
            c("d read as text")
    # (e) evidence groups: a text then an image.
    for item in walk(doc):
        if not isinstance(item, GroupItem):
            continue
        spec = registry.item(item.instruction)
        if spec is None or not any(not q.instruction for q in spec.items):
            continue
        flat = [(r, inner) for r, record in enumerate(item.records) for inner in record]
        for (r1, first), (r2, second) in itertools.pairwise(flat):
            if isinstance(first, TextItem) and isinstance(second, (ImageItem, MosaicItem)):
                how = "no '> ' line" if second.instruction is None else "an empty '> ' line"
                c(f"e text then image ({how})")
                if r1 == r2:
                    c(f"e one record ({how})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", default=str(DEFAULT_CORPUS))
    parser.add_argument("--baseline", default="9b9970b", help="git revision of the old reader (default: %(default)s)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N files")
    args = parser.parse_args(argv)
    folder = Path(args.folder)
    paths = sorted(folder.glob("*.md"))[: args.limit]
    if not paths:
        print(f"no corpus at {folder}")
        return 0
    scratch = tempfile.TemporaryDirectory()
    old_read = load_baseline(args.baseline, Path(scratch.name))
    old_write = sys.modules["baseline_archive_md.writer"].write_archive_md
    registry = alpdoc.template_registry()
    readers: dict[str, tuple[Reader, Callable[[alpdoc.Document], str]]] = {
        "old": (old_read, old_write), "new": (read_archive_md, write_archive_md)}
    counts = {name: Counts() for name in readers}
    exact = collections.Counter[str]()
    for path in paths:
        data = path.read_bytes()
        text = data.decode("utf-8")
        for name, (read, write) in readers.items():
            doc = read(data, templates=registry)
            audit(text, doc, counts[name], registry)
            exact[name] += write(doc).encode("utf-8") == data
    old, new = counts["old"].c, counts["new"].c

    def row(label: str, key: str, of: str | None = None) -> None:
        if of is None:
            print(f"  {label:<58} {old[key]:>6} -> {new[key]}")
        elif old[of] == new[of]:
            print(f"  {label:<58} {old[key]:>6} -> {new[key]} of {new[of]}")
        else:  # the readers see a different number of them (another class changed what they are)
            print(f"  {label:<58} {old[key]:>6} of {old[of]} -> {new[key]} of {new[of]}")

    print(f"corpus: {folder} ({len(paths)} files); old reader: {args.baseline}, new: working tree")
    print(f"(a) image lines with several images: {old['a lines']} lines, {old['a images']} images")
    row("lines read as several images", "a lines read as several images", "a lines")
    print(f"(b) links written over several lines: {old['b links']}")
    row("read as links", "b read as links", "b links")
    row("read inside a text answer", "b read inside a text answer", "b links")
    row("glued to a checklist before them", "b glued to a checklist before them", "b links")
    files_key = "c page files with '> ' lines"
    print(f"(c) '> ' lines of pages: {old['c lines']} in {old[files_key]} files")
    row("read as questions", "c read as questions", "c lines")
    row("read as quotation lines", "c read as quotation lines", "c lines")
    row("quotations (runs of consecutive '> ' lines)", "c quotations")
    print(f"(d) '- ' answers no template knows, a line over {_OPTION_MAX} characters")
    row("read as checklists", "d read as checklists")
    row("read as text (one '- ' line)", "d read as text")
    row("shorter '- ' answers read as checklists (unchanged)", "d short '- ' answers read as checklists")
    print("(e) evidence groups: a text, then an image")
    for how in ("no '> ' line", "an empty '> ' line"):
        row(f"one record, image div with {how}", f"e one record ({how})", f"e text then image ({how})")
    print(f"byte-exact round trip: old {exact['old']}/{len(paths)}, new {exact['new']}/{len(paths)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
