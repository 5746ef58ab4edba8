"""Generate ``lossiness.md``: which kinds of content each registered format keeps.

Run by mkdocs-gen-files at every ``mkdocs build`` (see ``mkdocs.yml``), so the
page always matches the registry; ``python docs/gen_matrix.py`` prints it.
A rich sample document, built in code below, is converted to every format
that can be written (with :func:`alpdoc.convert_doc`); the loss report lists
every difference between the sample and the format's view of it.
"""

from __future__ import annotations

import sys
import warnings
from collections import Counter
from pathlib import Path

try:
    import alpdoc
except ImportError:  # building the docs from a checkout without installing alpdoc
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    import alpdoc
from alpdoc.conversion import LOSS_KINDS, LossWarning, convert_doc
from alpdoc.model import (
    ChoiceItem,
    Document,
    EmbedItem,
    GroupItem,
    Image,
    ImageItem,
    LinkItem,
    MetaItem,
    MosaicItem,
    Option,
    PlatformInfo,
    Section,
    Tag,
    TextItem,
)

PAGE = "lossiness.md"


def sample_document() -> Document:
    """A document with some of every kind of content a loss report counts."""
    return Document(
        title="Community seed libraries",
        tags=(
            Tag(key="type", value="learningplan"),
            Tag(key="year", value="2024"),
            Tag(key="country", value="Examplestan"),
            Tag(key="latlng", value="1.5,2.25"),
            Tag(key="sdgs", value="2. Zero hunger"),
            Tag(key="methods", value="Prototyping"),
        ),
        sections=(
            Section(
                title="Challenge",
                lead="What the plan is about.",
                items=(
                    TextItem(instruction="What is your challenge?", text="Seeds fail in dry years.\nOften."),
                    ChoiceItem(
                        instruction="Which methods will you use?",
                        options=(Option(name="Surveys", id=1), Option(name="Mapping", checked=False, id=2)),
                    ),
                    ChoiceItem(
                        instruction="Is this a new area?",
                        options=(Option(name="Yes"), Option(name="No", checked=False)),
                        multiple=False,
                    ),
                ),
            ),
            Section(
                title="Evidence",
                lead="Pictures and links.",
                items=(
                    ImageItem(instruction="A photo", src="https://example.org/seed.png", alt="seeds"),
                    MosaicItem(instruction="More photos", images=(Image(src="https://example.org/a.png"),)),
                    LinkItem(instruction="A report", url="https://example.org/report", text="the report"),
                    EmbedItem(instruction="A video", html="<iframe src='https://example.org/v'></iframe>"),
                    MetaItem(type="location", data='{"centerpoints":[{"lat":1.5,"lng":2.25}]}', has_content=True),
                ),
            ),
            Section(
                title="Partners",
                lead="Who works with us.",
                items=(
                    GroupItem(
                        instruction="Who are your partners?",
                        records=(
                            (TextItem(instruction="Name of the partner:", text="Farmers' union"),),
                            (TextItem(instruction="Name of the partner:", text="Seed bank"),),
                        ),
                    ),
                ),
            ),
        ),
        platform=PlatformInfo(pad_id=1, status=2, created_at="2024-01-01 00:00:00+00"),
    )


def matrix() -> tuple[list[str], list[tuple[str, list[str]]], dict[str, str]]:
    """``(format names, [(kind, cells)], notes per format)``."""
    doc = sample_document()
    names: list[str] = []
    columns: dict[str, Counter[str] | None] = {}
    notes: dict[str, str] = {}
    for spec in alpdoc.formats():
        if not spec.can_write:
            continue
        names.append(spec.name)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", LossWarning)
                report = convert_doc(doc, spec.name, source="sample").report
            columns[spec.name] = Counter(d.kind for d in report.differences)
        except alpdoc.AlpdocError as exc:
            columns[spec.name] = None
            notes[spec.name] = f"cannot write the sample: {exc}"
    seen = {kind for counts in columns.values() if counts for kind in counts}
    rows = []
    for kind in (k for k in LOSS_KINDS if k in seen):
        cells = []
        for name in names:
            counts = columns[name]
            if counts is None:
                cells.append("?")
            elif kind == "layout":
                cells.append("**not kept**" if counts[kind] else "kept")
            else:
                cells.append(f"**{counts[kind]} changed**" if counts[kind] else "kept")
        rows.append((kind, cells))
    return names, rows, notes


def markdown() -> str:
    names, rows, notes = matrix()
    lines = [
        "# What each format keeps",
        "",
        "Generated from the format registry when the documentation is built",
        "(`docs/gen_matrix.py`). A sample document with some of every kind of",
        "content is converted to each format that can be written, with",
        "`alpdoc.convert_doc`; its loss report compares the sample with the",
        "format's exact view of it (`project`, what writing and reading back",
        "gives) and lists every difference. Each row is a kind of difference the",
        "sample shows somewhere; a cell says how many places of that kind the",
        "format changes. Plugins installed when the site is built appear too.",
        "",
        "| difference | " + " | ".join(f"`{n}`" for n in names) + " |",
        "|---|" + "---|" * len(names),
    ]
    for kind, cells in rows:
        lines.append(f"| {kind}: {LOSS_KINDS[kind]} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "A conversion reports these differences file by file, each with its place:",
        "`alpdoc convert --dry-run` prints them, `--strict` refuses conversions that",
        "change content.",
        "",
    ]
    for name, note in notes.items():
        lines.append(f"- `{name}`: {note}")
    return "\n".join(lines).rstrip() + "\n"


def _write_page() -> None:
    import mkdocs_gen_files  # only inside mkdocs

    with mkdocs_gen_files.open(PAGE, "w") as fh:
        fh.write(markdown())


if __name__ == "__main__":
    print(markdown(), end="")
elif __name__ == "<run_path>":  # run by mkdocs-gen-files during a build
    _write_page()
