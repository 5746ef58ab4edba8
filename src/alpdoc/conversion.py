"""Converting between formats, and saying exactly what the target cannot hold.

A conversion writes the document in the target format and reads the output
back (with the same templates); the loss report compares the content counted
in the document with the content counted in what came back. Where the output
cannot be read back (a write-only format, or page text of a form no template
knows) the format's ``project`` stands in for the read. So the
report names what the conversion really lost, kind by kind, never a guess.
"""

from __future__ import annotations

import os
import warnings
from collections import Counter
from pathlib import Path

from attrs import frozen

from .api import atomic_write_bytes, detect_format, format_for_path, get_format, read, read_data, reader_options
from .errors import AlpdocError, AlpdocWarning, FormatError, ParseError
from .model import (
    ChoiceItem,
    Document,
    EmbedItem,
    GroupItem,
    ImageItem,
    Item,
    LinkItem,
    MetaItem,
    MosaicItem,
    TextItem,
)
from .plugins import FormatSpec, registry
from .projection import platform_tags
from .templates import Template, TemplateRegistry

__all__ = [
    "LOSS_KINDS",
    "LossReport",
    "Conversion",
    "LossWarning",
    "LossyConversionError",
    "inventory",
    "loss_report",
    "convert_doc",
    "convert",
]

LOSS_KINDS: dict[str, str] = {
    "title": "the document title",
    "tags": "tags (SDGs, methods, countries, metadata, ...)",
    "section titles": "section titles",
    "section leads": "section leads",
    "instructions": "question instructions",
    "text answers": "text answers",
    "line breaks inside answers": "line breaks inside text answers",
    "checked options": "checked options of choices",
    "unchecked options": "unchecked options of choices",
    "radio answers": "answers of radio lists (kept as checklists or lost)",
    "images": "images (their addresses)",
    "links": "links and embeds (their addresses or markup)",
    "group records": "records of repeated groups",
    "platform info": "platform ids, status, dates and owner",
    "option ids": "option ids",
    "meta items": "location, tag and index items of the platform",
}
"""Every kind of content a loss report counts, with what it means."""


class LossWarning(AlpdocWarning):
    """A conversion dropped content the target format cannot hold (filter it with ``warnings``)."""


class LossyConversionError(AlpdocError):
    """A conversion with ``strict=True`` would have dropped content; ``.report`` says what."""

    def __init__(self, report: LossReport) -> None:
        super().__init__(str(report))
        self.report = report


def _count_item(item: Item, counts: Counter[str]) -> None:
    if item.instruction:
        counts["instructions"] += 1
    if isinstance(item, GroupItem):
        counts["group records"] += len(item.records)
        for record in item.records:
            for inner in record:
                _count_item(inner, counts)
    elif isinstance(item, TextItem):
        text = item.text.strip("\n")
        if text:
            counts["text answers"] += 1
            counts["line breaks inside answers"] += text.count("\n")
    elif isinstance(item, ChoiceItem):
        checked = sum(o.checked for o in item.options)
        counts["checked options"] += checked
        counts["unchecked options"] += len(item.options) - checked
        counts["option ids"] += sum(o.id is not None for o in item.options)
        if not item.multiple and checked:
            counts["radio answers"] += 1
    elif isinstance(item, ImageItem):
        counts["images"] += bool(item.src)
    elif isinstance(item, MosaicItem):
        counts["images"] += len(item.images)
    elif isinstance(item, LinkItem):
        counts["links"] += bool(item.url)
    elif isinstance(item, EmbedItem):
        counts["links"] += bool(item.html or item.src)
    elif isinstance(item, MetaItem):
        counts["meta items"] += 1


def inventory(doc: Document) -> Counter[str]:
    """How much of each kind of content (see :data:`LOSS_KINDS`) ``doc`` holds."""
    counts: Counter[str] = Counter()
    counts["title"] += bool(doc.title)
    # Platform tags, locations and metadata count as the archive tags they stand for.
    counts["tags"] += len(doc.tags) + (len(platform_tags(doc.platform)) if doc.platform is not None else 0)
    counts["platform info"] += doc.platform is not None
    for section in doc.sections:
        counts["section titles"] += bool(section.title)
        counts["section leads"] += bool(section.lead)
        for item in section.items:
            _count_item(item, counts)
    return +counts  # only the kinds present


@frozen(kw_only=True)
class LossReport:
    """What converting from ``source`` to ``target`` dropped: ``losses`` maps a kind to a count."""

    source: str
    target: str
    losses: dict[str, int]

    @property
    def lossless(self) -> bool:
        return not self.losses

    def __str__(self) -> str:
        if self.lossless:
            return f"{self.source} -> {self.target}: nothing lost"
        dropped = ", ".join(f"{count} {kind}" for kind, count in self.losses.items())
        return f"{self.source} -> {self.target} drops {dropped}"


def loss_report(before: Document, after: Document, source: str, target: str) -> LossReport:
    """The content ``before`` holds and ``after`` does not, kind by kind."""
    have, kept = inventory(before), inventory(after)
    losses = {kind: have[kind] - kept[kind] for kind in LOSS_KINDS if have[kind] > kept[kind]}
    return LossReport(source=source, target=target, losses=losses)


@frozen(kw_only=True)
class Conversion:
    """The output of a conversion, what it reads back as, and the loss report."""

    output: str | bytes
    document: Document
    report: LossReport


def convert_doc(
    doc: Document,
    to: str,
    *,
    strict: bool = False,
    templates: TemplateRegistry | Template | None = None,
    source: str = "document",
) -> Conversion:
    """Write ``doc`` in format ``to``; report what it loses (a :class:`LossWarning`, or an error when ``strict``)."""
    spec = get_format(to)
    if spec.writer is None:
        raise FormatError(f"format {spec.name!r} cannot be written")
    output = spec.writer(doc)
    back = None
    if spec.reader is not None:
        try:
            back = read_data(spec, output, reader_options(templates=templates, source=f"<{spec.name} output>"))
        except ParseError:
            back = None  # e.g. page text of a form no registered template knows
    if back is None:
        back = spec.project(doc)
    report = loss_report(doc, back, source, spec.name)
    if not report.lossless:
        if strict:
            raise LossyConversionError(report)
        warnings.warn(str(report), LossWarning, stacklevel=2)
    return Conversion(output=output, document=back, report=report)


def convert(
    src: str | os.PathLike[str],
    dst: str | os.PathLike[str],
    to: str | None = None,
    *,
    strict: bool = False,
    source_format: str | None = None,
    templates: TemplateRegistry | Template | None = None,
) -> Conversion:
    """Read ``src``, write it to ``dst`` in ``to`` (default: from ``dst``'s extension), atomically.

    With ``strict=True`` nothing is written when the conversion would lose content.
    """
    source_spec = get_format(source_format) if source_format else detect_format(src)
    doc = read(src, source_spec.name, templates=templates)
    target = format_for_path(dst, mode="write", given=to)
    conversion = convert_doc(doc, target.name, strict=strict, templates=templates, source=source_spec.name)
    payload = conversion.output
    atomic_write_bytes(Path(dst), payload.encode("utf-8") if isinstance(payload, str) else payload)
    return conversion
