"""Converting between formats, and saying exactly what the target cannot hold.

One pipeline: :func:`convert_doc` converts a document, :func:`convert_file`
converts a file (read, convert, write atomically); the Python API and the
command line (one file or a batch, in every worker) call them and nothing
else.

The loss report is a structural diff (:mod:`alpdoc.differences`) between
the document and the target's view of it: ``project(doc, options)``, which
each format defines as exactly what writing and reading back gives. So the
report costs no re-parse; ``verify=True`` reads the output back as well and
reports from what really came back. Three severities: ``content`` (what
``==`` sees; ``strict`` refuses these), ``layout`` (only byte-exactness is
lost) and ``viewer`` (what the format's usual viewer shows other than
intended, such as tags the SDG Commons archive page does not recognise).
"""

from __future__ import annotations

import os
import warnings
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from attrs import evolve, field, frozen

from .api import (
    atomic_write_bytes,
    exists_error,
    format_for_path,
    get_format,
    read_data,
    read_input_bytes,
    reader_options,
)
from .differences import DIFFERENCE_KINDS, Difference, count_of, diff_documents
from .errors import AlpdocError, AlpdocWarning, FormatError
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
from .options import ReaderOptions
from .plugins import FormatSpec, call_project
from .projection import platform_tags
from .templates import Template, TemplateRegistry

__all__ = [
    "LOSS_KINDS",
    "LossReport",
    "Conversion",
    "LossWarning",
    "LossyConversionError",
    "UnreadableOutputError",
    "inventory",
    "loss_report",
    "convert_doc",
    "convert_file",
    "convert",
]

LOSS_KINDS: dict[str, str] = DIFFERENCE_KINDS
"""Every kind of difference a loss report names, with what it means."""

INVENTORY_KINDS: dict[str, str] = {
    "title": "the document title",
    "tags": "tags (SDGs, methods, countries, metadata, ...)",
    "section titles": "section titles",
    "section leads": "section leads",
    "instructions": "question instructions",
    "text answers": "text answers",
    "line breaks inside answers": "line breaks inside text answers",
    "checked options": "checked options of choices",
    "unchecked options": "unchecked options of choices",
    "radio answers": "answers of radio lists",
    "images": "images (their addresses)",
    "links": "links and embeds (their addresses or markup)",
    "group records": "records of repeated groups",
    "platform info": "platform ids, status, dates and owner",
    "option ids": "option ids",
    "meta items": "location, tag and index items of the platform",
}
"""What :func:`inventory` counts."""


class LossWarning(AlpdocWarning):
    """A conversion dropped or changed content the target format cannot hold (filter it with ``warnings``)."""


class LossyConversionError(AlpdocError):
    """A conversion with ``strict=True`` would have changed content; ``.report`` says what."""

    def __init__(self, report: LossReport) -> None:
        super().__init__(str(report))
        self.report = report


class UnreadableOutputError(AlpdocError):
    """``verify=True`` found that the written output does not read back (a bug of the format)."""


@frozen(kw_only=True)
class LossReport:
    """What converting from ``source`` to ``target`` changed: every :class:`~alpdoc.differences.Difference`.

    ``lossless`` is true exactly when no content differs; ``layout`` and
    ``viewer`` differences are listed apart (:attr:`layout_changes`,
    :attr:`viewer_notes`). ``losses`` counts content differences by kind.
    ``template`` names the template the document was read with, if any.
    """

    source: str
    target: str
    differences: tuple[Difference, ...] = ()
    template: str | None = None
    verified: bool = False
    """Whether the report comes from reading the output back (``verify=True``)."""

    @property
    def content(self) -> tuple[Difference, ...]:
        return tuple(d for d in self.differences if d.severity == "content")

    @property
    def layout_changes(self) -> tuple[Difference, ...]:
        return tuple(d for d in self.differences if d.severity == "layout")

    @property
    def viewer_notes(self) -> tuple[Difference, ...]:
        return tuple(d for d in self.differences if d.severity == "viewer")

    @property
    def losses(self) -> dict[str, int]:
        """Content differences counted by kind, most frequent first."""
        return dict(Counter(d.kind for d in self.content).most_common())

    @property
    def lossless(self) -> bool:
        return not self.content

    @property
    def byte_exact_layout(self) -> bool:
        """Whether the source's layout is kept too (so a file read from it is written back byte for byte)."""
        return not self.layout_changes

    def summary(self) -> str:
        """One line: what changed, kind by kind."""
        head = f"{self.source} -> {self.target}"
        parts = []
        if self.lossless:
            parts.append("nothing lost")
        else:
            parts.append("changes " + ", ".join(count_of(kind, n) for kind, n in self.losses.items()))
        if self.viewer_notes:
            notes = len(self.viewer_notes)
            parts.append(f"{notes} {'part' if notes == 1 else 'parts'} not shown as intended by the viewer")
        if self.layout_changes:
            parts.append("layout not kept")
        return f"{head}: " + "; ".join(parts)

    def details(self, limit: int | None = 20) -> list[str]:
        """One line per difference (the first ``limit``; ``None``: all)."""
        shown = self.differences if limit is None else self.differences[:limit]
        lines = [f"  {d.severity}: {d}" for d in shown]
        if limit is not None and len(self.differences) > limit:
            lines.append(f"  ... and {len(self.differences) - limit} more")
        return lines

    def __str__(self) -> str:
        return self.summary()


def loss_report(
    before: Document,
    after: Document,
    source: str,
    target: str,
    *,
    notes: Iterable[Difference] = (),
    verified: bool = False,
) -> LossReport:
    """The report of every difference between ``before`` and ``after`` (plus the viewer ``notes``)."""
    differences = diff_documents(before, after) + tuple(notes)
    return LossReport(source=source, target=target, differences=differences,
                      template=before.template, verified=verified)


@frozen(kw_only=True)
class Conversion:
    """The output of a conversion, the document it reads back as, and the loss report.

    ``document`` is the target's view of the input (``project``), or what the
    output really read back as with ``verify=True``. ``path`` is where the
    output was written (``None``: not written); ``title`` the input
    document's title.
    """

    output: str | bytes = field(repr=False)
    document: Document = field(repr=False)
    report: LossReport
    path: str | None = None
    title: str = ""

    @property
    def data(self) -> bytes:
        """The output as bytes (text formats in UTF-8)."""
        return self.output.encode("utf-8") if isinstance(self.output, str) else self.output


def _viewer_notes(spec: FormatSpec, doc: Document) -> tuple[Difference, ...]:
    if spec.viewer_notes is None:
        return ()
    return tuple(spec.viewer_notes(doc))


def _written(spec: FormatSpec, doc: Document, options: ReaderOptions) -> str | bytes:
    """``doc`` written by ``spec``. The analyst table's ``doc_id`` column is the pad id, else the input's
    name (``options.source``), as ``alpdoc table`` and ``convert FILE -t table`` give it: the table's writer
    alone has no file name to use."""
    from .format_plugins.table import write_table

    assert spec.writer is not None
    if spec.writer is write_table and options.source is not None:
        from .analysis import csv_text, iter_rows

        return csv_text(iter_rows(doc, options.source))
    return spec.writer(doc)


def convert_doc(
    doc: Document,
    to: str,
    *,
    options: ReaderOptions | None = None,
    strict: bool = False,
    verify: bool = False,
    templates: TemplateRegistry | Template | None = None,
    source: str = "document",
    warn: bool = True,
) -> Conversion:
    """Write ``doc`` in format ``to`` and report every difference the target makes.

    The report compares ``doc`` with ``project(doc, options)``, the target's
    exact view of it. ``verify`` also reads the output back (with
    ``options``) and reports from that; output that does not read back is an
    :class:`UnreadableOutputError`. ``strict``: a conversion that changes
    content raises :class:`LossyConversionError` (nothing is returned, so
    nothing is written). Otherwise a lossy conversion warns
    (:class:`LossWarning`) unless ``warn=False``.
    """
    spec = get_format(to)
    if spec.writer is None:
        raise FormatError(f"format {spec.name!r} cannot be written")
    opts = reader_options(options, templates=templates)
    output = _written(spec, doc, opts)
    expected = call_project(spec, doc, opts, written=output)
    back = expected
    if verify and spec.reader is not None:
        try:
            back = read_data(spec, output, opts.for_source(f"<{spec.name} output>"))
        except AlpdocError as exc:
            raise UnreadableOutputError(f"the {spec.name} output does not read back: {exc}") from exc
    report = loss_report(doc, back, source, spec.name, notes=_viewer_notes(spec, doc), verified=verify)
    if not report.lossless:
        if strict:
            raise LossyConversionError(report)
        if warn:
            warnings.warn(str(report), LossWarning, stacklevel=2)
    return Conversion(output=output, document=back, report=report, title=doc.title)


def convert_file(
    src: str | os.PathLike[str],
    dst: str | os.PathLike[str] | None = None,
    to: str | None = None,
    *,
    source_format: str | None = None,
    options: ReaderOptions | None = None,
    templates: TemplateRegistry | Template | None = None,
    strict: bool = False,
    verify: bool = False,
    overwrite: bool = False,
    data: bytes | None = None,
    tmp_dir: str | None = None,
    durable: bool = True,
    warn: bool = True,
) -> Conversion:
    """Read ``src``, convert it to ``to`` (default: from ``dst``'s extension), write ``dst`` atomically.

    ``dst=None`` writes nothing (the output is in :attr:`Conversion.output`).
    An existing ``dst`` is never replaced unless ``overwrite`` (and then
    keeps its permissions; a symbolic link stays a link, its target is
    replaced); two conversions racing for one name never overwrite each
    other. ``data``: the bytes of ``src`` when the caller has them already
    (standard input). ``tmp_dir``, ``durable``: see
    :func:`alpdoc.api.atomic_write_bytes`. With ``strict=True`` nothing is
    written when the conversion would change content.
    """
    if dst is None and to is None:
        raise FormatError("name the output format (to=... in Python, -t on the command line)")
    target = format_for_path(dst if dst is not None else "", mode="write", given=to)
    if dst is not None and not overwrite and os.path.lexists(dst):
        raise exists_error(dst)
    name = os.fspath(src)
    if data is None:
        data = read_input_bytes(src)
    spec = format_for_path(src, given=source_format, head=data)
    opts = reader_options(options, templates=templates, source=name)
    doc = read_data(spec, data, opts)
    conversion = convert_doc(doc, target.name, options=opts, strict=strict, verify=verify, source=spec.name, warn=warn)
    if dst is None:
        return conversion
    atomic_write_bytes(Path(dst), conversion.data, overwrite=overwrite, tmp_dir=tmp_dir, durable=durable)
    return evolve(conversion, path=os.fspath(dst))


def convert(
    src: str | os.PathLike[str],
    dst: str | os.PathLike[str],
    to: str | None = None,
    *,
    strict: bool = False,
    source_format: str | None = None,
    templates: TemplateRegistry | Template | None = None,
    options: ReaderOptions | None = None,
    verify: bool = False,
    overwrite: bool = True,
) -> Conversion:
    """Read ``src`` and write it to ``dst`` in ``to``: :func:`convert_file` with ``dst`` replaced if present.

    With ``strict=True`` nothing is written when the conversion would lose content.
    """
    return convert_file(src, dst, to, source_format=source_format, options=options, templates=templates,
                        strict=strict, verify=verify, overwrite=overwrite)


# --------------------------------------------------------------------------- inventory


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
    """How much of each kind of content (see :data:`INVENTORY_KINDS`) ``doc`` holds."""
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
