"""The ``alpdoc`` command line: convert, check, table, formats, schema, info, templates.

Every command returns an exit code instead of raising: 0 on success, 1 when
``check`` found files that do not round-trip or a batch ``convert`` or
``table`` had files that failed, 2 for errors (bad input, missing
files, unknown formats, usage errors), 130 when interrupted (Ctrl-C) and 143
when stopped by SIGTERM. Errors are one
line on stderr, ``alpdoc: <message>``, never a traceback (set the environment
variable ``ALPDOC_DEBUG=1`` to get one for an unexpected failure).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import sys
import threading
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

from attrs import evolve

from . import __version__, batch
from .api import (
    atomic_write_bytes,
    exists_error,
    format_for_path,
    formats,
    get_format,
    read,
    read_all_data,
    read_data,
    read_input_bytes,
    templates,
)
from .conversion import convert_file
from .differences import count_of
from .errors import AlpdocError, AlpdocWarning, FormatError
from .model import Document, GroupItem
from .multidoc import DocumentResult
from .options import ReaderOptions
from .plugins import FormatSpec
from .templates import TemplateRegistry, learn_template, load_templates, templates_to_json

__all__ = ["main", "build_parser"]

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_ERROR = 2
EXIT_INTERRUPTED = 130

_STDIO = "-"


class CliError(Exception):
    """An error already worded for the user; ``main`` prints it and exits 2."""


def reader_options_for(template_files: Sequence[str] | None) -> ReaderOptions:
    """The reader options of one command: the registered templates plus those of ``--templates FILE``."""
    registered = templates()
    if not template_files:
        return ReaderOptions(templates=registered)
    extra = [t for f in template_files for t in load_templates(f)]
    return ReaderOptions(templates=TemplateRegistry([*registered, *extra]))


# --------------------------------------------------------------------------- helpers


def plural(count: int, word: str, many: str | None = None) -> str:
    """``"1 file"``, ``"2 files"``: ``count`` and ``word`` in the number it takes (``many``: an irregular plural)."""
    return f"{count} {word if count == 1 else (many or word + 's')}"


def losses_line(totals: dict[str, int]) -> str:
    """The differences of a batch, kind by kind, most frequent first: ``"12 tags, 3 record boundaries"``."""
    return ", ".join(count_of(kind, n) for kind, n in sorted(totals.items(), key=lambda kv: -kv[1]))


_PYTHON_WORDING = (
    (" (format=... in Python, -f on the command line)", " with -f FORMAT"),
    (" (to=... in Python, -t on the command line)", " with -t FORMAT"),
    ("format= in Python, -f on the command line", "-f FORMAT"),
    (" (overwrite=True in Python)", ""),
)

FILE_KINDS = {
    ".docx": "a Word file", ".doc": "a Word 97-2003 file: alpdoc reads and writes Word as .docx",
    ".xlsx": "an Excel file", ".xls": "an Excel 97-2003 file: alpdoc reads and writes Excel as .xlsx",
    ".odt": "an OpenDocument text file", ".ods": "an OpenDocument spreadsheet", ".pdf": "a PDF file",
}
"""What a file of a well-known extension is, for messages about files no format reads."""


def cli_wording(message: str) -> str:
    """An API error's message as the command line says it: ``-f FORMAT``, not ``format=...`` (Python's wording)."""
    for python, cli in _PYTHON_WORDING:
        message = message.replace(python, cli)
    return message


def _with_file_kind(path: str, message: str) -> str:
    """``message`` with what ``path`` is (a Word file, ...) when its extension is a well-known one."""
    kind = FILE_KINDS.get(os.path.splitext(path)[1].lower())
    return f"{message}; {os.path.basename(path)} is {kind}" if kind else message


def detection_message(path: str, message: str) -> str:
    """A format-detection error of ``path`` as the command line says it.

    CLI wording (``-f FORMAT``); for an extension only write-only formats
    claim (``.html``), that no format reads it; what a well-known extension
    is (``.xlsx``: an Excel file).
    """
    ext = os.path.splitext(path)[1].lower()
    claimed = [s for s in formats() if ext and ext in (e.lower() for e in s.extensions)]
    if claimed and not any(s.can_read for s in claimed):
        names = ", ".join(s.name for s in claimed)
        message = (f"{path}: no format reads {ext} files ({names} only {'writes' if len(claimed) == 1 else 'write'} "
                   "them); name the format it is in with -f FORMAT")
    return _with_file_kind(path, cli_wording(message))


def detect_format(path: str, given: str | None, data: bytes) -> FormatSpec:
    """:func:`alpdoc.api.format_for_path` for reading ``path``, its error worded by :func:`detection_message`."""
    try:
        return format_for_path(path, given=given, head=data)
    except FormatError as exc:
        raise FormatError(detection_message(path, str(exc))) from None


def _out() -> TextIO:
    return sys.stdout


def _err(message: str) -> None:
    print(f"alpdoc: {cli_wording(message)}", file=sys.stderr)


def _write_stdout_bytes(data: bytes) -> None:
    out = _out()
    out.flush()
    buffer = getattr(out, "buffer", None)
    if buffer is not None:
        buffer.write(data)
        buffer.flush()
    else:  # a text-only stream (e.g. replaced by a caller): decode back
        out.write(data.decode("utf-8"))
        out.flush()


def _encode(payload: str | bytes) -> bytes:
    return payload.encode("utf-8") if isinstance(payload, str) else payload


def _read_input(path: str) -> tuple[bytes, str]:
    """The bytes of ``path`` (``-`` is standard input) and the name to report it by."""
    if path == _STDIO:
        return sys.stdin.buffer.read(), "<stdin>"
    return read_input_bytes(path), path


def _input_format(path: str, data: bytes, given: str | None) -> FormatSpec:
    if given:
        return get_format(given)
    if path == _STDIO:
        raise CliError("cannot detect the format of standard input; pass -f FORMAT")
    return detect_format(path, None, data)


def _output_format(path: str, given: str | None) -> FormatSpec:
    """The format to write ``path`` in (``-t``, else its extension); the error says what the file is."""
    try:
        return format_for_path(path, mode="write", given=given)
    except FormatError as exc:
        raise CliError(_with_file_kind(path, cli_wording(str(exc)))) from None


@contextlib.contextmanager
def _writing(output: str) -> Iterator[None]:
    """Errors writing ``output`` name ``output``, never the temporary file it is written through."""
    try:
        yield
    except FileExistsError:
        raise
    except OSError as exc:
        reason = exc.strerror or str(exc) or type(exc).__name__
        raise CliError(f"{output}: cannot write it: {reason}") from None


def _emit(data: bytes, output: str | None, force: bool) -> None:
    """Write ``data`` to ``output`` (atomically, never clobbering without ``force``) or stdout."""
    if output is None or output == _STDIO:
        _write_stdout_bytes(data)
        return
    target = Path(output)
    if target.is_dir():
        raise CliError(f"{output}: is a folder; give a file name with -o")
    parent = target.parent
    if not parent.is_dir():
        raise CliError(f"{output}: the folder {os.fspath(parent)!r} does not exist")
    with _writing(output):
        atomic_write_bytes(target, data, overwrite=force)


def _os_message(exc: OSError) -> str:
    reason = exc.strerror or str(exc) or type(exc).__name__
    if exc.filename is not None:
        return f"{os.fsdecode(exc.filename)}: {reason}"
    return reason


# --------------------------------------------------------------------------- convert


def _single_input(args: argparse.Namespace) -> bool:
    """Whether ``convert`` runs on one file as before (output to a file or stdout), not as a batch."""
    if len(args.inputs) != 1:
        return False
    raw = args.inputs[0]
    if raw == _STDIO:
        return True
    if Path(raw).is_dir() or (batch.has_glob(raw) and not Path(raw).exists()):
        return False
    return not (args.output and args.output != _STDIO and Path(args.output).is_dir())


def cmd_convert(args: argparse.Namespace) -> int:
    if args.jobs < 0:
        raise CliError("--jobs must be 0 (one per CPU) or more")
    if not _single_input(args):
        if _joined_output(args) is not None:
            return _convert_join(args, batch.collect_inputs(args.inputs, given=args.from_format).files)
        return _convert_batch(args)
    return _convert_single(args)


def _joined_output(args: argparse.Namespace) -> FormatSpec | None:
    """The format of the one file ``-o`` names for several documents; ``None`` when ``-o`` is a folder.

    The rule: ``-o OUT`` is one file holding every document when OUT is not
    an existing folder, has an extension, and the output format (``-t``, else
    OUT's extension) holds several documents (has ``write_all``: ``pad-json``,
    ``geojson``); otherwise OUT is the folder that gets one file per document.
    """
    out = args.output
    if not out or out == _STDIO or Path(out).is_dir() or not Path(out).suffix:
        return None
    try:
        spec = format_for_path(out, mode="write_all", given=args.to_format)
    except FormatError:
        return None
    return spec if spec.can_write_all else None


def _peek(
    spec: FormatSpec, data: bytes, name: str, options: ReaderOptions
) -> tuple[Document | None, Iterator[Document] | None]:
    """``(doc, None)`` for an input of one document, ``(None, docs)`` for one of several (see ``peek_documents``)."""
    from .multidoc import peek_documents

    options = options.for_source(name)
    if spec.read_all is None:
        return read_data(spec, data, options), None
    single, several = peek_documents(read_all_data(spec, data, options))
    if single is None and several is None:
        return read_data(spec, data, options), None  # the reader's own error for an input of no document
    return single, several


def _convert_several(args: argparse.Namespace, spec: FormatSpec, docs: Iterator[Document], name: str) -> int:
    """``convert`` on one input of several documents: into one file (``write_all``) or a folder (one each)."""
    if args.output is None or args.output == _STDIO:
        if not args.to_format:
            raise CliError("pass the output format with -t FORMAT")
        target = get_format(args.to_format)
        if not target.can_write_all:
            raise CliError(f"{name} holds several documents and {target.name} holds one per file: give an output "
                           "folder with -o (one file per document), or a format that holds several")
        return _join_and_write(args, target, [(name, spec, docs)], 1)
    joined = _joined_output(args)
    if joined is not None:
        return _join_and_write(args, joined, [(name, spec, docs)], 1)
    if not args.to_format:
        raise CliError("pass the output format with -t FORMAT")
    if args.inputs == [_STDIO]:
        raise CliError("standard input holds several documents: save it to a file to convert it into a folder, "
                       "or convert it to a format that holds several")
    if Path(args.output).exists() and not Path(args.output).is_dir():
        raise CliError(f"{args.output}: is a file; {name} holds several documents, give an output folder with -o "
                       "(one file per document)")
    return _convert_batch(args)


def _convert_join(args: argparse.Namespace, paths: Sequence[str]) -> int:
    """``convert`` of several inputs into the one file ``-o`` names (see :func:`_joined_output`)."""
    target = _joined_output(args)
    assert target is not None
    if not paths:
        raise CliError("no input files")
    written = _identity(Path(args.output))
    if written and _input_files_identity(paths) & written:
        raise CliError(f"{args.output}: is one of the inputs; alpdoc never overwrites an input")

    def sources() -> Iterator[tuple[str, FormatSpec | None, Iterator[Document] | BaseException]]:
        for path in paths:
            try:
                data = read_input_bytes(path)
                spec = detect_format(path, args.from_format, data)
                yield path, spec, read_all_data(spec, data, args.reader_options.for_source(path))
            except Exception as exc:  # noqa: BLE001 - one bad file never stops the others
                yield path, None, exc

    return _join_and_write(args, target, sources(), len(paths))


def _join_and_write(
    args: argparse.Namespace,
    target: FormatSpec,
    sources: Iterable[tuple[str, FormatSpec | None, Iterator[Document] | BaseException]],
    total: int,
) -> int:
    """Every document of ``sources`` into one file of ``target`` (-o, or standard output); a summary on stderr."""
    from .multidoc import document_label, join_documents

    to_file = args.output is not None and args.output != _STDIO and not args.dry_run
    if to_file:
        out = Path(args.output)
        if not out.parent.is_dir():
            raise CliError(f"{args.output}: the folder {os.fspath(out.parent)!r} does not exist")
        if os.path.lexists(out) and not args.force:
            raise exists_error(out)
    docs: list[tuple[Document, str]] = []
    labels: list[str] = []
    failed = 0
    for path, spec, found in sources:
        count = 0
        try:
            if isinstance(found, BaseException):
                raise found
            assert spec is not None
            for doc in found:
                count += 1
                docs.append((doc, spec.name))
                labels.append(f"{path} [{document_label(doc, count)}]")
        except Exception as exc:  # noqa: BLE001
            failed += 1
            after = f" (after {plural(count, 'document')})" if count else ""
            _say(f"{path}: failed: {batch._failure_reason(exc)}{after}",
                 sys.stderr)
    if not docs:
        raise CliError("no documents to write")
    data, reports = join_documents(docs, target, args.reader_options, verify=args.verify)
    lossy = [(label, r) for label, r in zip(labels, reports) if not r.lossless]
    if args.dry_run:
        for label, report in zip(labels, reports):
            _say(f"{label}: {report}")
            for line in report.details(None if args.details else 5):
                _say(line)
    if args.strict and lossy:
        for label, report in lossy if not args.dry_run else ():
            _say(f"{label}: failed: lossy: {report}", sys.stderr)
        _say(f"alpdoc: {len(lossy)} of {plural(len(docs), 'document')} would lose content in {target.name} (--strict): "
             "nothing written", sys.stderr)
        return EXIT_FAILED
    if not args.dry_run:
        _emit(data, args.output, args.force)
    where = "standard output" if not to_file else args.output
    verb = "would write" if args.dry_run else "wrote"
    _say(f"{verb} {plural(len(docs), 'document')} from {total - failed} of {plural(total, 'file')} to {where} "
         f"as {target.name}: "
         f"{failed} failed, {len(lossy)} lossy", sys.stderr)
    totals: dict[str, int] = {}
    for _label, report in lossy:
        for kind, n in report.losses.items():
            totals[kind] = totals.get(kind, 0) + n
    if totals:
        _say(f"losses: {losses_line(totals)}", sys.stderr)
    return EXIT_FAILED if failed else EXIT_OK


def _convert_single(args: argparse.Namespace) -> int:
    """``convert`` on one file (or standard input), to ``-o OUT`` or standard output."""
    source = args.inputs[0]
    to_file = args.output is not None and args.output != _STDIO and not args.dry_run
    if not args.to_format and not to_file:
        raise CliError("pass the output format with -t FORMAT")
    if to_file:
        target = Path(args.output)
        if target.is_dir():
            raise CliError(f"{args.output}: is a folder; give a file name with -o")
        if not target.parent.is_dir():
            raise CliError(f"{args.output}: the folder {os.fspath(target.parent)!r} does not exist")
        if _same_file(source, args.output):
            raise CliError(f"{args.output}: is the input file; alpdoc never overwrites its input")
    data, name = _read_input(source)
    if source == _STDIO and not args.from_format:
        raise CliError("cannot detect the format of standard input; pass -f FORMAT")
    spec = _input_format(source, data, args.from_format)
    if spec.read_all is not None:
        _single, several = _peek(spec, data, name, args.reader_options)
        if several is not None:
            return _convert_several(args, spec, several, name)
    target_spec = _output_format(args.output if to_file else "", args.to_format)
    as_table = _table_kind(args, target_spec)
    with _writing(args.output) if to_file else contextlib.nullcontext():
        conversion = convert_file(
            name, args.output if to_file and not as_table else None, target_spec.name,
            source_format=args.from_format, options=args.reader_options, strict=args.strict, verify=args.verify,
            overwrite=args.force, data=data, warn=False,
        )
        if as_table and not args.dry_run:
            conversion = evolve(conversion, output=_table_payload(spec, data, name, args.reader_options, as_table))
            if to_file:
                if os.path.lexists(args.output) and not args.force:
                    raise exists_error(args.output)
                atomic_write_bytes(Path(args.output), conversion.data, overwrite=args.force)
    report = conversion.report
    if args.dry_run:
        print(f"{name}: {report}", file=_out())
        for line in report.details(None if args.details else 20):
            print(line, file=_out())
        return EXIT_OK
    if not to_file:
        _write_stdout_bytes(conversion.data)
    if not report.lossless or report.viewer_notes:
        _err(f"note: {report}")
        for line in report.details(None if args.details else 5):
            _err(line.strip())
    return EXIT_OK


def _table_kind(args: argparse.Namespace, target: FormatSpec) -> str:
    """``"csv"`` or ``"jsonl"`` when ``convert`` writes the ``table`` format (by ``-o``'s extension), else ``""``."""
    if target.name != "table":
        return ""
    if args.output is None or args.output == _STDIO:
        return "csv"
    suffix = Path(args.output).suffix.lower()
    if suffix not in (".csv", ".jsonl"):
        raise CliError(f"{args.output}: the table format writes .csv or .jsonl files")
    return suffix[1:]


def _table_payload(spec: FormatSpec, data: bytes, name: str, options: ReaderOptions, kind: str) -> bytes:
    """The rows of the document(s) in ``data`` as CSV or JSON Lines, ``doc_id`` the pad id or else ``name``."""
    from . import analysis

    rows = [row for doc in read_all_data(spec, data, options.for_source(name)) for row in analysis.iter_rows(doc, name)]
    if kind == "csv":
        return analysis.csv_text(rows).encode("utf-8")
    return "".join(json.dumps({c: r[c] for c in analysis.COLUMNS}, ensure_ascii=False) + "\n"
                   for r in rows).encode("utf-8")


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _jobs(value: int) -> int:
    return value or (os.cpu_count() or 1)


def _show_progress(args: argparse.Namespace) -> bool:
    if args.progress is not None:
        return bool(args.progress)
    return sys.stderr.isatty()


def _say(line: str, stream: TextIO | None = None) -> None:
    """Print one line of a batch's report: text that cannot be encoded (a lone surrogate) is escaped."""
    out = stream if stream is not None else _out()
    line = cli_wording(line)
    try:
        print(line, file=out)
    except UnicodeEncodeError:
        print(line.encode("utf-8", "backslashreplace").decode("utf-8"), file=out)


def _report_skipped(skipped: Sequence[tuple[str, str]], stream: TextIO | None = None) -> int:
    """Print what a batch skipped when listing its inputs; return how many of them were files.

    Hidden files are not listed one by one nor counted here: :func:`_hidden_note` sums them up.
    """
    files = 0
    for path, why in skipped:
        if why == batch.HIDDEN:
            continue
        _say(f"{path}: skipped: {why}", stream)
        files += not os.path.isdir(path)
    return files


def _hidden_note(skipped: Sequence[tuple[str, str]]) -> str:
    """``" (skipped 2 hidden files)"`` for the summary of a batch whose folder walks met hidden files."""
    hidden = sum(why == batch.HIDDEN for _path, why in skipped)
    return f" (skipped {plural(hidden, 'hidden file')})" if hidden else ""


def _is_within(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _output_folder_check(args: argparse.Namespace, outdir: Path, folders: Sequence[str]) -> bool:
    """Refuse an output folder that is an input folder; ``True`` when it lies inside one (to be marked).

    Outputs never land among the inputs being read: ``-o`` may not be a
    folder the batch walks, and may lie inside one only as a new folder (or
    one an earlier run made), which is marked with :data:`alpdoc.batch.OUTPUT_MARKER`
    so that later walks skip it.
    """
    out_real = os.path.realpath(outdir)
    inside = False
    for raw in folders:
        folder = os.path.realpath(raw)
        if out_real == folder:
            raise CliError(
                f"{args.output}: is the input folder {raw}; alpdoc never writes into a folder it reads "
                "(give another folder, or a new folder inside it)"
            )
        if _is_within(out_real, folder):
            if outdir.exists() and not (outdir / batch.OUTPUT_MARKER).exists():
                raise CliError(
                    f"{args.output}: is inside the input folder {raw} and was not made by alpdoc; "
                    "give a new folder (alpdoc marks it, and walks skip it) or one outside the inputs"
                )
            inside = True
    return inside


def _mark_output_folder(outdir: Path) -> None:
    marker = outdir / batch.OUTPUT_MARKER
    if not marker.exists():
        text = b"alpdoc converted files into this folder; alpdoc does not read it when walking a folder above it.\n"
        with contextlib.suppress(FileExistsError):
            atomic_write_bytes(marker, text, overwrite=False)


def _identity(path: Path) -> frozenset[tuple[int, int]]:
    try:
        info = os.stat(path)
    except OSError:
        return frozenset()
    return frozenset({(info.st_dev, info.st_ino)})


def _input_files_identity(paths: Sequence[str]) -> frozenset[tuple[int, int]]:
    """``(st_dev, st_ino)`` of every input file: what ``--force`` may never replace."""
    found = set()
    for path in paths:
        with contextlib.suppress(OSError):
            info = os.stat(path)
            found.add((info.st_dev, info.st_ino))
    return frozenset(found)


def _convert_batch(args: argparse.Namespace) -> int:
    """``convert`` on several files: into ``-o OUTDIR``, names from input names or titles."""
    if not args.to_format:
        raise CliError("pass the output format with -t FORMAT when converting several files")
    if args.force and args.skip_existing:
        raise CliError("--force and --skip-existing cannot be used together")
    target = get_format(args.to_format)
    if target.writer is None:
        raise FormatError(f"format {target.name!r} cannot be written")
    if args.from_format:
        get_format(args.from_format)
    if args.index and target.name != "html":
        raise CliError("--index is for batches converted to html (-t html)")
    if not args.dry_run and (not args.output or args.output == _STDIO):
        raise CliError("pass the output folder with -o OUTDIR when converting several files or a folder")
    outdir = Path(args.output) if args.output and args.output != _STDIO else Path(".")
    if outdir.exists() and not outdir.is_dir():
        raise CliError(f"{outdir}: is a file; -o needs a folder when converting several files")
    found = batch.collect_inputs(args.inputs, exclude=_identity(outdir) if not args.dry_run else frozenset(),
                                 given=args.from_format)
    inside_input = False if args.dry_run else _output_folder_check(args, outdir, found.folders)
    if not found.files:
        _report_skipped(found.skipped)
        raise CliError("no input files")
    made = not outdir.exists()
    if not args.dry_run:
        outdir.mkdir(parents=True, exist_ok=True)
        if inside_input:
            _mark_output_folder(outdir)
    outdir = outdir.resolve()
    protected = _input_files_identity(found.files) if args.force else frozenset()
    # In-flight files live in a small hidden folder of the batch's own, removed at the end.
    with batch.scratch_folder(None if args.dry_run else outdir) as tmp_dir:
        return _run_conversions(args, target, found, outdir, tmp_dir, protected=protected, made=made)


def _run_conversions(
    args: argparse.Namespace,
    target: FormatSpec,
    found: batch.Inputs,
    outdir: Path,
    tmp_dir: str | None,
    *,
    protected: frozenset[tuple[int, int]] = frozenset(),
    made: bool = False,
) -> int:
    """Convert the files ``found`` into ``outdir`` (temporary files in ``tmp_dir``); report failures and a summary."""
    inputs = found.files
    settings = batch.ConvertSettings(
        to_format=target.name,
        from_format=args.from_format,
        options=args.reader_options,
        strict=args.strict,
        verify=args.verify,
        dry_run=args.dry_run,
        force=args.force,
        skip_existing=args.skip_existing,
        tmp_dir=tmp_dir,
    )
    skipped = _report_skipped(found.skipped)
    planner = batch.NamePlanner(outdir, batch.output_extension(target))
    index_path = planner.claim("index") if args.index and not args.dry_run else None  # no document takes its name
    index_entries: list[tuple[str, str]] = []
    by_title = args.names == "title"
    # Names from input names are planned in input order as files are handed out (the workers
    # write them, and planning overlaps their work); names from titles are planned as
    # results come back, still in input order.
    calls = ((path, None if by_title else planner.claim(_stem(path)), settings) for path in inputs)
    results = batch.run_ordered(
        batch.convert_one, calls, jobs=_jobs(args.jobs), setup=batch.setup_convert_worker,
        setup_args=(settings, protected), progress=_show_progress(args), label=f"converting to {target.name}",
        total=len(inputs), on_error=batch.failed_call,
    )
    # Files are put in place without a sync each (see atomic_write_bytes): the syncer flushes
    # each one as it comes back, and the folder at the end.
    syncer = None if args.dry_run or args.no_sync else batch.Syncer()
    folder = os.fspath(outdir)
    if syncer is not None:
        syncer.add_folder(folder)
        if made:
            syncer.add_folder(os.path.dirname(folder))
    written = failed = lossy = 0
    unknown = multi_files = documents = 0
    totals: dict[str, int] = {}
    completed = False
    try:
        with contextlib.closing(results):  # workers stopped here, even when interrupted
            for result in results:
                if result.parts:
                    result = _write_parts(result, planner, settings, tmp_dir, protected, syncer, folder, index_entries)
                    multi_files += 1
                    documents += sum(part.status == "ok" for part in result.parts)
                elif result.status == "ok" and by_title and not args.dry_run:
                    result = _write_titled(result, planner, settings, tmp_dir, protected)
                if result.losses is None:
                    unknown += result.status == "ok"
                elif result.losses:
                    lossy += 1
                    for kind, count in result.losses.items():
                        totals[kind] = totals.get(kind, 0) + count
                if result.parts:
                    pass  # each document was reported by _write_parts
                elif args.dry_run and result.status == "ok":
                    _say(f"{result.path}: {result.report or 'losses unknown'}")
                    for line in result.details:
                        _say(line)
                elif result.status == "failed":
                    _say(f"{result.path}: failed: {result.reason}")
                if result.status == "ok":
                    written += 1
                    if result.output is not None and not result.parts:
                        name = os.path.relpath(result.output, folder)
                        index_entries.append((name, result.title or _stem(result.path)))
                    if syncer is not None and result.output is not None:
                        syncer.add(result.output, folder)
                elif result.status == "skipped":
                    skipped += 1
                else:
                    failed += 1
        if index_path is not None:
            _write_index(index_path, index_entries, args.force, syncer, folder)
        if syncer is not None:
            syncer.close()
        completed = True
    finally:
        if syncer is not None and not completed:
            syncer.abandon()
    verb = "would convert" if args.dry_run else "converted"
    where = "" if args.dry_run else f" into {os.fspath(outdir)}"
    extra = f", {skipped} skipped" if skipped else ""
    total = len(inputs) + sum(not os.path.isdir(path) and why != batch.HIDDEN for path, why in found.skipped)
    _say(f"{verb} {written} of {plural(total, 'file')}{where}: {failed} failed, {lossy} lossy{extra}"
         f"{_hidden_note(found.skipped)}")
    if multi_files:
        _say(f"documents: {documents} {'would be written' if args.dry_run else 'written'}, one per document, "
             f"from {plural(multi_files, 'file')} of several documents")
    if totals:
        _say(f"losses: {losses_line(totals)}")
    elif unknown:
        _say("losses: unknown (this alpdoc cannot report them)")
    if syncer is not None and syncer.errors:
        for line in syncer.errors:
            _err(f"could not flush to disk: {line}")
        return EXIT_FAILED
    return EXIT_FAILED if failed else EXIT_OK


def _write_index(path: str, entries: list[tuple[str, str]], force: bool, syncer: batch.Syncer | None,
                 folder: str) -> None:
    """``--index``: the html format's folder index (a link per converted file, by title) at ``path``."""
    from .format_plugins.html import write_index

    atomic_write_bytes(Path(path), write_index(entries).encode("utf-8"), durable=False, overwrite=force)
    _say(f"index: {path} ({plural(len(entries), 'link')})")
    if syncer is not None:
        syncer.add(path, folder)


def _write_titled(
    result: batch.ConvertResult,
    planner: batch.NamePlanner,
    settings: batch.ConvertSettings,
    tmp_dir: str | None = None,
    protected: frozenset[tuple[int, int]] = frozenset(),
) -> batch.ConvertResult:
    """Name a converted file after its title (or its input name) and write it."""
    from attrs import evolve

    out = planner.claim(result.title.strip() or _stem(result.path))
    if settings.force and batch.is_protected(out, protected):
        return evolve(result, status="failed", reason=batch.input_error(out), payload=None)
    try:  # never replaces a file unless --force, even one a concurrent run just made
        atomic_write_bytes(Path(out), result.payload or b"", durable=False, tmp_dir=tmp_dir, overwrite=settings.force)
    except FileExistsError as exc:
        if settings.skip_existing:
            return evolve(result, status="skipped", reason="already exists", output=out, payload=None)
        return evolve(result, status="failed", reason=batch._failure_reason(exc), payload=None)
    except OSError as exc:
        return evolve(result, status="failed", reason=batch._failure_reason(exc), payload=None)
    return evolve(result, output=out, payload=None)


def _write_parts(
    result: batch.ConvertResult,
    planner: batch.NamePlanner,
    settings: batch.ConvertSettings,
    tmp_dir: str | None,
    protected: frozenset[tuple[int, int]],
    syncer: batch.Syncer | None,
    folder: str,
    written: list[tuple[str, str]] | None = None,
) -> batch.ConvertResult:
    """Write (or, in a dry run, report) each document of a multi-document input, one file each.

    Each file written is added to ``written`` as ``(its name in folder, title)`` (for ``--index``).

    Names come from pad ids and titles (:func:`alpdoc.multidoc.document_stem`),
    made safe and unique by the planner, in input order; no file is replaced
    unless ``--force`` (never an input); one document that fails leaves the
    others written. The result is ``"failed"`` when any document failed.
    """
    from attrs import evolve

    parts = []
    for part in result.parts:
        where = f"{result.path} [{part.label}]"
        parts.append(_write_part(part, where, planner, settings, tmp_dir, protected, syncer, folder, written))
    failed = sum(part.status != "ok" for part in parts)
    status = "failed" if failed else result.status
    reason = f"{failed} of {plural(len(parts), 'document')} failed" if failed else result.reason
    return evolve(result, parts=tuple(parts), status=status, reason=reason)


def _write_part(
    part: DocumentResult,
    where: str,
    planner: batch.NamePlanner,
    settings: batch.ConvertSettings,
    tmp_dir: str | None,
    protected: frozenset[tuple[int, int]],
    syncer: batch.Syncer | None,
    folder: str,
    written: list[tuple[str, str]] | None = None,
) -> DocumentResult:
    """One document of :func:`_write_parts`: reported, named and written; its result says what happened.

    A file a worker staged is put in place or removed here (anything left
    when the run is interrupted goes with the batch's scratch folder).
    """
    from attrs import evolve

    from .api import install_file

    if part.status != "ok":
        _say(f"{where}: failed: {part.reason}")
        return part
    if settings.dry_run:
        _say(f"{where}: {part.report}")
        for line in part.details:
            _say(line)
        return part
    out = planner.claim(part.stem)
    reason = ""
    if settings.force and batch.is_protected(out, protected):
        reason = batch.input_error(out)
        if part.staged is not None:
            with contextlib.suppress(OSError):
                os.unlink(part.staged)
    else:
        try:
            if part.staged is not None:  # written by a worker into its scratch folder
                install_file(part.staged, Path(out), overwrite=settings.force)
            else:
                atomic_write_bytes(Path(out), part.payload or b"", durable=False, tmp_dir=tmp_dir,
                                   overwrite=settings.force)
        except FileExistsError as exc:
            if settings.skip_existing:
                _say(f"{where}: skipped: {out} already exists")
                return evolve(part, payload=None, staged=None)
            reason = batch._failure_reason(exc)
        except OSError as exc:
            reason = batch._failure_reason(exc)
    if reason:
        _say(f"{where}: failed: {reason}")
        return evolve(part, status="failed", reason=reason, payload=None, staged=None)
    if syncer is not None:
        syncer.add(out, folder)
    if written is not None:
        written.append((os.path.relpath(out, folder), part.title or part.stem))
    return evolve(part, payload=None, staged=None)


def _stem(path: str) -> str:
    """``Path(path).stem``, without making a ``Path``."""
    name = os.path.basename(path)
    dot = name.rfind(".")
    return name[:dot] if 0 < dot < len(name) - 1 else name


# --------------------------------------------------------------------------- check


def _expand(paths: Sequence[str]) -> Iterator[str]:
    return iter(batch.expand_inputs(paths))


def _first_difference(expected: bytes, got: bytes) -> str:
    limit = min(len(expected), len(got))
    pos = next((i for i in range(limit) if expected[i] != got[i]), limit)
    line = expected.count(b"\n", 0, pos) + 1
    column = pos - (expected.rfind(b"\n", 0, pos) + 1) + 1
    if pos == limit and len(expected) != len(got):
        what = "the rewrite is shorter" if len(got) < len(expected) else "the rewrite is longer"
    else:
        what = "the rewrite differs"
    sizes = f"file {plural(len(expected), 'byte')}, rewrite {plural(len(got), 'byte')}"
    return f"{what} from line {line}, column {column} ({sizes})"


def _check_one(path: str, given_format: str | None, options: ReaderOptions) -> tuple[str, str]:
    """``("ok", "")``, ``("inexact", reason)`` or ``("unreadable", reason)`` for one file (never raises).

    A file of several documents is ``ok`` when ``write_all`` gives it back byte
    for byte, or else when every document round-trips (``read(write(doc)) ==
    doc``); the reason names each document that does not (one line each).
    """
    try:
        data = read_input_bytes(path)
        spec = detect_format(path, given_format, data)
        doc, several = _peek(spec, data, path, options)
        if several is not None:
            return _check_several(spec, data, several, options.for_source(path))
        assert doc is not None  # _peek gives one or the other
    except Exception as exc:  # noqa: BLE001 - one bad file never stops a batch
        return "unreadable", batch._failure_reason(exc)
    if spec.writer is None:
        return "inexact", f"format {spec.name!r} cannot be written"
    try:
        written = _encode(spec.writer(doc))
    except Exception as exc:  # noqa: BLE001
        return "inexact", f"writing failed: {batch._failure_reason(exc)}"
    if written != data:
        return "inexact", _first_difference(data, written)
    return "ok", ""


def _check_several(spec: FormatSpec, data: bytes, docs: Iterator[Document], options: ReaderOptions) -> tuple[str, str]:
    """:func:`_check_one` for a file of several documents: each document written and read back."""
    from .multidoc import document_label

    problems: list[str] = []
    kept: list[Document] = []
    count = 0
    try:
        for doc in docs:
            count += 1
            kept.append(doc)
            label = document_label(doc, count)
            if spec.writer is None:
                return "inexact", f"format {spec.name!r} cannot be written"
            try:
                back = read_data(spec, _encode(spec.writer(doc)), options.for_source(f"<{label} rewritten>"))
            except Exception as exc:  # noqa: BLE001
                problems.append(f"{label}: does not round-trip: {batch._failure_reason(exc)}")
                continue
            if back != doc:
                problems.append(f"{label}: does not round-trip: reads back different")
    except Exception as exc:  # noqa: BLE001
        return "unreadable", f"{batch._failure_reason(exc)} (after {plural(count, 'document')})"
    if spec.write_all is not None:
        with contextlib.suppress(Exception):
            if _encode(spec.write_all(kept)) == data:
                return "ok", ""
    if problems:
        return "inexact", f"{len(problems)} of {plural(count, 'document')}:\n  " + "\n  ".join(problems)
    return "ok", (f"{plural(count, 'document')}, each read back the same when written "
                  "(the file as a whole is not byte-exact)")


def _check_failed(call: tuple[object, ...], exc: BaseException) -> tuple[str, str]:
    return "unreadable", batch._failure_reason(exc)


def cmd_check(args: argparse.Namespace) -> int:
    if args.format:
        get_format(args.format)  # an unknown name is a usage error, not N unreadable files
    if args.jobs < 0:
        raise CliError("--jobs must be 0 (one per CPU) or more")
    counts = {"ok": 0, "inexact": 0, "unreadable": 0}
    found = batch.collect_inputs(args.paths, given=args.format)
    skipped = _report_skipped(found.skipped)
    paths = found.files
    if not paths:
        raise CliError("no files to check")
    results = batch.run_ordered(
        _check_one, [(path, args.format, args.reader_options) for path in paths], jobs=_jobs(args.jobs),
        progress=_show_progress(args), label="checking", on_error=_check_failed,
    )
    with contextlib.closing(results):
        for path, (status, reason) in zip(paths, results):
            counts[status] += 1
            if status == "inexact":
                _say(f"{path}: not byte-exact: {reason}")
            elif status == "ok" and reason:
                _say(f"{path}: ok: {reason}")

            elif status == "unreadable":
                _say(f"{path}: unreadable: {reason}")
    total = sum(counts.values())
    extra = f", {skipped} skipped" if skipped else ""
    _say(
        f"checked {plural(total, 'file')}: {counts['ok']} ok, {counts['inexact']} not byte-exact, "
        f"{counts['unreadable']} unreadable{extra}{_hidden_note(found.skipped)}"
    )
    return EXIT_FAILED if counts["inexact"] or counts["unreadable"] else EXIT_OK


# --------------------------------------------------------------------------- table


def _rows_of_file(path: str, given_format: str | None, options: ReaderOptions) -> list[dict[str, Any]]:
    """Every row of one file, all made before any is written (a bad file adds none)."""
    from . import analysis

    data = read_input_bytes(path)
    spec = detect_format(path, given_format, data)
    rows = [row for doc in read_all_data(spec, data, options.for_source(path)) for row in analysis.iter_rows(doc, path)]
    json.dumps(rows, ensure_ascii=False).encode("utf-8")  # text that cannot be written fails here, not mid-file
    return rows


def cmd_table(args: argparse.Namespace) -> int:
    from . import analysis

    if args.output is None or args.output == _STDIO:
        kind = "jsonl" if args.jsonl else "csv"
    else:
        suffix = Path(args.output).suffix.lower()
        if suffix not in (".csv", ".jsonl"):
            raise CliError(f"{args.output}: give a .csv or .jsonl file")
        kind = suffix[1:]
        target = Path(args.output)
        if target.exists() and not args.force:
            raise CliError(f"{args.output}: already exists; pass --force to overwrite it")
        if not target.parent.is_dir():
            raise CliError(f"{args.output}: the folder {os.fspath(target.parent)!r} does not exist")
    found = batch.collect_inputs(args.paths, given=args.format)
    skipped = _report_skipped(found.skipped, sys.stderr)
    paths = found.files
    if args.output is not None and args.output != _STDIO:
        written = _identity(Path(args.output))
        if written and _input_files_identity(paths) & written:
            raise CliError(f"{args.output}: is one of the inputs; alpdoc never overwrites an input")
    if not paths:
        raise CliError("no input files")
    failures: list[str] = []

    def rows() -> Iterator[dict[str, Any]]:
        for path in paths:
            try:
                file_rows = _rows_of_file(path, args.format, args.reader_options)
            except Exception as exc:  # noqa: BLE001 - one bad file never stops a batch
                failures.append(f"{path}: failed: {batch._failure_reason(exc)}")
                continue
            yield from file_rows

    if args.output is None or args.output == _STDIO:
        if kind == "csv":
            text = analysis.csv_text(rows())
        else:
            text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows())
        _write_stdout_bytes(text.encode("utf-8"))
        count = None
    else:
        writer = analysis.write_csv if kind == "csv" else analysis.write_jsonl
        with _writing(args.output):
            count = writer(rows(), args.output)
    for line in failures:
        _say(f"alpdoc: {line}", sys.stderr)
    extra = f", {skipped} skipped" if skipped else ""
    if count is not None:
        _err(f"wrote {plural(count, 'row')} from {plural(len(paths) - len(failures), 'file')} to {args.output}: "
             f"{len(failures)} failed{extra}{_hidden_note(found.skipped)}")
    return EXIT_FAILED if failures else EXIT_OK


# --------------------------------------------------------------------------- formats


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(str(r[i])) for r in (header, *rows)) for i in range(len(header))]
    lines = []
    for row in (header, *rows):
        cells = [str(c).ljust(w) for c, w in zip(row, widths)]
        lines.append("  ".join(cells).rstrip())
    return lines


def cmd_formats(args: argparse.Namespace) -> int:
    rows = []
    for spec in formats():
        mode = ("r" if spec.can_read else "-") + ("w" if spec.can_write else "-")
        if spec.read_all is not None or spec.write_all is not None:
            mode += "+"  # a file may hold several documents
        rows.append(
            (
                spec.name,
                ",".join(spec.aliases) or "-",
                ",".join(spec.extensions) or "-",
                mode,
                spec.plugin or "-",
                spec.description,
            )
        )
    out = _out()
    for line in _table(("name", "aliases", "extensions", "r/w", "plugin", "description"), rows):
        print(line, file=out)
    return EXIT_OK


# --------------------------------------------------------------------------- schema


def cmd_schema(args: argparse.Namespace) -> int:
    try:
        from .format_plugins.json import json_schema  # lazy on purpose
    except ImportError as exc:
        raise CliError(f"the JSON format is not available in this installation ({exc})") from None
    schema = json_schema()
    text = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
    _emit(text.encode("utf-8"), args.output, args.force)
    return EXIT_OK


# --------------------------------------------------------------------------- info


def _count_items(doc: Document) -> tuple[int, int]:
    """Top-level items and how many of them are answered."""
    items = [item for _section, item in doc.iter_items()]
    return len(items), sum(item.answered for item in items)


def _info_several(name: str, spec: FormatSpec, data: bytes, docs: Iterator[Document]) -> int:
    """``info`` on a file of several documents: counts, then one line per document."""
    from collections import Counter

    rows = []
    for doc in docs:
        info = doc.platform
        pad_id = info.pad_id if info is not None and info.pad_id is not None else None
        rows.append((
            "-" if pad_id is None else str(pad_id), doc.kind or "-", doc.template or "-",
            (doc.title.replace("\n", " ") or "-")[:80],
        ))
    kinds = Counter(row[1] for row in rows)
    used = Counter(row[2] for row in rows if row[2] != "-")
    out = _out()
    fields = [
        ("file", name),
        ("format", spec.name),
        ("documents", str(len(rows))),
        ("kinds", ", ".join(f"{k} {n}" for k, n in kinds.most_common())),
        ("templates", ", ".join(f"{t} {n}" for t, n in used.most_common()) or "-"),
        ("bytes", str(len(data))),
    ]
    width = max(len(k) for k, _v in fields) + 1
    for key, value in fields:
        _say(f"{key + ':':<{width}} {value}", out)
    _say("", out)
    for line in _table(("pad_id", "kind", "template", "title"), rows):
        _say(line, out)
    return EXIT_OK


def info_record(doc: Document, name: str, spec: FormatSpec, size: int, index: int) -> dict[str, object]:
    """What ``alpdoc info --json`` prints for one document (every key always present; see docs/cli.md)."""
    n_items, n_answered = _count_items(doc)
    n_records = sum(len(item.records) for _s, item in doc.iter_items() if isinstance(item, GroupItem))
    platform = doc.platform
    return {
        "file": name,
        "format": spec.name,
        "index": index,
        "pad_id": platform.pad_id if platform is not None else None,
        "title": doc.title,
        "kind": doc.kind or None,
        "template": doc.template,
        "year": doc.year,
        "countries": [{"name": c.name, "lat": c.lat, "lng": c.lng} for c in doc.countries],
        "sections": len(doc.sections),
        "items": n_items,
        "answered": n_answered,
        "group_records": n_records,
        "tags": len(doc.tags),
        "bytes": size,
    }


def _info_json(
    name: str, spec: FormatSpec, data: bytes, doc: Document | None, several: Iterator[Document] | None
) -> int:
    """``info --json``: one line of :func:`info_record` per document."""
    out = _out()
    docs: Iterable[Document] = several if several is not None else (doc,) if doc is not None else ()
    for index, one in enumerate(docs):
        _say(json.dumps(info_record(one, name, spec, len(data), index), ensure_ascii=False), out)
    return EXIT_OK


def cmd_info(args: argparse.Namespace) -> int:
    data, name = _read_input(args.input)
    spec = _input_format(args.input, data, args.format)
    doc, several = _peek(spec, data, name, args.reader_options)
    if args.json:
        return _info_json(name, spec, data, doc, several)
    if several is not None:
        return _info_several(name, spec, data, several)
    assert doc is not None  # _peek gives one or the other
    n_items, n_answered = _count_items(doc)
    n_records = sum(len(item.records) for _s, item in doc.iter_items() if isinstance(item, GroupItem))
    countries = []
    for country in doc.countries:
        if country.lat is not None and country.lng is not None:
            countries.append(f"{country.name} ({country.lat:g}, {country.lng:g})")
        else:
            countries.append(country.name)
    fields = [
        ("file", name),
        ("format", spec.name),
        ("title", doc.title.replace("\n", " ") or "-"),
        ("kind", doc.kind or "-"),
        ("template", doc.template or "-"),
        ("year", str(doc.year) if doc.year is not None else "-"),
        ("countries", "; ".join(countries) or "-"),
        ("sections", str(len(doc.sections))),
        ("items", f"{n_items} ({n_answered} answered, {plural(n_records, 'group record')})"),
        ("tags", str(len(doc.tags))),
        ("bytes", str(len(data))),
    ]
    width = max(len(k) for k, _v in fields) + 1
    out = _out()
    for key, value in fields:
        print(f"{key + ':':<{width}} {value}", file=out)
    return EXIT_OK


# --------------------------------------------------------------------------- templates


def cmd_templates_learn(args: argparse.Namespace) -> int:
    docs = [read(path, args.format, options=args.reader_options) for path in _expand(args.paths)]
    if not docs:
        raise CliError("no documents to learn from")
    template = learn_template(docs, args.name, doc_kind=args.kind or "")
    _emit(templates_to_json([template]).encode("utf-8"), args.output, args.force)
    return EXIT_OK


def cmd_templates_list(args: argparse.Namespace) -> int:
    rows = []
    for template in args.reader_options.templates:
        questions = sum(len(section.items) for section in template.sections)
        rows.append((template.name, template.doc_kind or "-", str(len(template.sections)), str(questions)))
    out = _out()
    for line in _table(("name", "kind", "sections", "questions"), rows):
        print(line, file=out)
    return EXIT_OK


def _show_items(items: Sequence[object], depth: int, out: TextIO) -> None:
    for item in items:
        kind = getattr(item, "kind", "") or "-"
        options = getattr(item, "options", ())
        extra = f": {'; '.join(str(getattr(o, 'name', o)) for o in options)}" if options else ""
        text = " ".join(str(getattr(item, "instruction", "")).split()) or "(no instruction)"
        _say(f"{'   ' * depth}- {text} [{kind}{extra}]", out)
        _show_items(getattr(item, "items", ()), depth + 1, out)


def cmd_templates_show(args: argparse.Namespace) -> int:
    by_name = {template.name: template for template in args.reader_options.templates}
    template = by_name.get(args.name) or next(
        (t for name, t in by_name.items() if name.lower() == args.name.lower()), None)
    if template is None:
        raise CliError(f"no template {args.name!r}; the templates are: {', '.join(sorted(by_name)) or 'none'}")
    out = _out()
    questions = sum(len(section.items) for section in template.sections)
    _say(f"template: {template.name}", out)
    _say(f"kind:     {template.doc_kind or '-'}", out)
    if template.description:
        _say(f"about:    {template.description}", out)
    _say(f"{plural(len(template.sections), 'section')}, {plural(questions, 'question')}", out)
    for number, section in enumerate(template.sections, 1):
        _say("", out)
        _say(f"{number}. {section.title or '(untitled section)'}", out)
        if section.lead:
            _say(f"   {section.lead}", out)
        _show_items(section.items, 1, out)
    return EXIT_OK


# --------------------------------------------------------------------------- parser


def format_name(mode: str) -> Callable[[str], str]:
    """An argparse ``type`` for ``-f`` (``mode="read"``) or ``-t`` (``"write"``): a registered format's name.

    Names and aliases are accepted in any case and give the format's own name;
    anything else is a usage error that lists the formats that can ``mode``.
    """

    def parse(value: str) -> str:
        able = [s for s in formats() if (s.can_read if mode == "read" else s.can_write)]
        spec: FormatSpec | None
        try:
            spec = get_format(value)
        except FormatError:
            spec = next((s for s in able if value.lower() in (n.lower() for n in (s.name, *s.aliases))), None)
        if spec is None or spec not in able:
            verb = "reads" if mode == "read" else "writes"
            done = "read" if mode == "read" else "written"
            what = f"unknown format {value!r}" if spec is None else f"format {spec.name!r} cannot be {done}"
            raise argparse.ArgumentTypeError(f"{what}; formats alpdoc {verb}: {', '.join(s.name for s in able)}")
        return spec.name

    parse.__name__ = "format"  # argparse names the type in some messages
    return parse


def _templates_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--templates", action="append", metavar="FILE",
        help="also use the templates of this JSON file (from 'alpdoc templates learn'); repeatable",
    )


def _batch_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "-j", "--jobs", type=int, default=1, metavar="N",
        help="worker processes (default: 1; 0: one per CPU)",
    )
    bar = p.add_mutually_exclusive_group()
    bar.add_argument("--progress", dest="progress", action="store_true", default=None,
                     help="show a progress bar (default: when standard error is a terminal)")
    bar.add_argument("--no-progress", dest="progress", action="store_false", help="never show a progress bar")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="alpdoc",
        description="Read, write and convert UNDP Accelerator Labs documents.",
        epilog="Exit codes: 0 ok, 1 check, convert or table found failures, 2 error, 130 interrupted, 143 SIGTERM.",
    )
    parser.add_argument("--version", action="version", version=f"alpdoc {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    p = sub.add_parser(
        "convert", help="convert documents to another format (one file, or many into a folder)",
        usage="alpdoc convert IN... -t FORMAT [-o OUT] [options]\n"
              "       alpdoc convert IN -o OUT.EXT [options]   (the format from OUT's extension)",
        description="Convert one file (to OUT or standard output), or many files, folders and glob "
        "patterns into the folder OUTDIR, in parallel with --jobs. A batch goes on past bad files, "
        "ends with a summary (converted, failed with reasons, losses) and exits 1 when any failed.",
    )
    p.add_argument("inputs", nargs="+", metavar="IN",
                   help="input files, folders or glob patterns ('-' for standard input, with -f)")
    p.add_argument(
        "-t", "--to", dest="to_format", metavar="FORMAT", type=format_name("write"),
        help="output format (see 'alpdoc formats'; names and aliases, any case); required, except for one input "
             "written to -o OUT whose extension names the format",
    )
    p.add_argument(
        "-o", "--output", metavar="OUT",
        help="output file (default: standard output); for several inputs or a folder, the output folder",
    )
    p.add_argument("-f", "--from", dest="from_format", metavar="FORMAT", type=format_name("read"),
                   help="input format (default: detected)")
    p.add_argument("--force", action="store_true", help="overwrite existing output files (never an input file)")
    p.add_argument(
        "--skip-existing", action="store_true",
        help="batch: leave outputs that exist alone and count them as skipped (to resume an interrupted batch)",
    )
    p.add_argument(
        "--no-sync", action="store_true",
        help="batch: do not flush the outputs to disk (faster; a power cut may lose recent files)",
    )
    p.add_argument("--strict", action="store_true", help="a conversion that would lose content fails (nothing written)")
    p.add_argument("--dry-run", action="store_true", help="print what each conversion would lose; write nothing")
    p.add_argument(
        "--verify", action="store_true",
        help="also read each output back and report from what really came back (slower)",
    )
    p.add_argument("--details", action="store_true", help="list every difference of the loss report, not the first few")
    p.add_argument(
        "--names", choices=("input", "title"), default="input",
        help="batch output names: from the input file names (default) or the document titles",
    )
    p.add_argument(
        "--index", action="store_true",
        help="batch to html: also write index.html into the output folder, a link to each page by title",
    )
    _batch_options(p)
    _templates_option(p)
    p.set_defaults(func=cmd_convert)

    p = sub.add_parser(
        "check", help="verify that files are read and written back byte for byte",
        description="Read each file and write it back in its own format: a file is ok when the rewrite is the "
        "same bytes (a file of several documents: when each document reads back the same). Prints one line "
        "per file that is not, then a summary; exits 1 when any file is not byte-exact or unreadable.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="files, folders to walk recursively, or glob patterns")
    p.add_argument("-f", "--format", metavar="FORMAT", type=format_name("read"),
                   help="read every file in this format (default: detected)")
    _batch_options(p)
    _templates_option(p)
    p.set_defaults(func=cmd_check)

    p = sub.add_parser(
        "table", help="one row per answer of many documents, as CSV or JSON Lines",
        description="Read every document of the files, folders and patterns given and write one row per answer "
        "(columns: doc_id, kind, title, year, countries, section, instruction, record, answer, choices, "
        "item_kind) to OUT.csv, OUT.jsonl or standard output. Bad files are reported and skipped (exit 1).",
    )
    p.add_argument("paths", nargs="+", metavar="FILE", help="files, folders to walk recursively, or glob patterns")
    p.add_argument("-o", "--output", metavar="OUT", help="OUT.csv or OUT.jsonl (default: CSV on standard output)")
    p.add_argument("--jsonl", action="store_true", help="JSON Lines on standard output instead of CSV")
    p.add_argument("-f", "--format", metavar="FORMAT", type=format_name("read"),
                   help="input format (default: detected)")
    p.add_argument("--force", action="store_true", help="overwrite OUT if it exists")
    _templates_option(p)
    p.set_defaults(func=cmd_table)

    p = sub.add_parser("formats", help="list the available formats")
    p.set_defaults(func=cmd_formats)

    p = sub.add_parser("schema", help="print the JSON Schema of the alpdoc JSON format")
    p.add_argument("-o", "--output", metavar="OUT", help="output file (default: standard output)")
    p.add_argument("--force", action="store_true", help="overwrite OUT if it exists")
    p.set_defaults(func=cmd_schema)

    p = sub.add_parser(
        "info", help="summarise a document",
        description="Summarise one file: its format, title, kind, template, year, countries and counts of "
        "sections, items, answers and tags (a file of several documents: counts, then one line per document). "
        "--json prints one JSON object per document instead.",
    )
    p.add_argument("input", metavar="IN", help="input file ('-' for standard input, with -f)")
    p.add_argument("--json", action="store_true",
                   help="print JSON Lines: one object per document (its keys are listed in docs/cli.md)")
    p.add_argument("-f", "--format", metavar="FORMAT", type=format_name("read"),
                   help="input format (default: detected)")
    _templates_option(p)
    p.set_defaults(func=cmd_info)

    p = sub.add_parser(
        "templates", help="list the questionnaire templates, show one, or learn one from documents",
        description="The questionnaire templates readers use to recover a document's structure: 'list' them, "
        "'show NAME' for one template's sections and questions, or 'learn' one from marked documents.",
    )
    tsub = p.add_subparsers(dest="templates_command", metavar="ACTION")
    tsub.required = True
    t = tsub.add_parser("list", help="the templates readers use")
    _templates_option(t)
    t.set_defaults(func=cmd_templates_list)
    t = tsub.add_parser("show", help="one template's sections and questions",
                        description="Print a template's sections and their questions (kind, options, sub-questions).")
    t.add_argument("name", metavar="NAME", help="the template's name (see 'alpdoc templates list')")
    _templates_option(t)
    t.set_defaults(func=cmd_templates_show)
    t = tsub.add_parser("learn", help="derive a template from archive-markdown files (their questions are marked)")
    t.add_argument("paths", nargs="+", metavar="FILE", help="documents, or folders to walk")
    t.add_argument("-o", "--output", metavar="T", help="JSON file to write (default: standard output)")
    t.add_argument("--name", default="learned", help="the template's name (default: learned)")
    t.add_argument("--kind", help="document kind it is for (default: the documents' most common type tag)")
    t.add_argument("-f", "--format", metavar="FORMAT", type=format_name("read"),
                   help="input format (default: detected)")
    t.add_argument("--force", action="store_true", help="overwrite T if it exists")
    t.set_defaults(func=cmd_templates_learn)
    return parser


class Interrupted(KeyboardInterrupt):
    """The run was stopped by a signal (``signum``): Ctrl-C, SIGTERM or SIGHUP."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


_STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


@contextlib.contextmanager
def _signals_stop_the_run() -> Iterator[None]:
    """Ctrl-C, SIGTERM and SIGHUP raise :class:`Interrupted` in the main thread, the first one only.

    Signals that come while the run stops (a second Ctrl-C, say) are ignored,
    so the clean-up (workers stopped, scratch removed) is never cut short. The
    previous handlers come back unless a signal came: then the process is
    about to exit, and these signals stay ignored until it has (so the exit
    code is the one ``main`` returns, and no late signal prints a traceback).
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []

    def stop(signum: int, _frame: object) -> None:
        if not caught:
            caught.append(signum)
            raise Interrupted(signum)

    previous = {}
    for signum in _STOP_SIGNALS:
        with contextlib.suppress(ValueError, OSError):
            previous[signum] = signal.signal(signum, stop)
    try:
        yield
    finally:
        for signum, handler in previous.items():
            with contextlib.suppress(ValueError, OSError, TypeError):
                # after a signal, later ones are ignored to the end (Python's shutdown would
                # otherwise restore the default action, and one would kill the exiting process)
                signal.signal(signum, signal.SIG_IGN if caught else handler)


def _interrupted_exit(exc: KeyboardInterrupt) -> int:
    signum = getattr(exc, "signum", signal.SIGINT)
    _err("interrupted" if signum == signal.SIGINT else f"stopped by {signal.Signals(signum).name}")
    return 128 + int(signum)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit code.

    Ctrl-C gives 130, SIGTERM 143 and SIGHUP 129 (128 + the signal's number),
    after the batch has stopped its workers and removed its temporary files.
    """
    with _signals_stop_the_run(), _alpdoc_warnings_as_lines():
        try:
            return _main(argv)
        except KeyboardInterrupt as exc:  # landed outside _main's own handler
            return _interrupted_exit(exc)


@contextlib.contextmanager
def _alpdoc_warnings_as_lines() -> Iterator[None]:
    """Show alpdoc's warnings (a plugin skipped, ...) as ``alpdoc: warning: ...`` lines, not Python's form.

    Only the formatting changes (``warnings.formatwarning``): filters, and
    callers that record warnings, see them as before.
    """
    formatted = warnings.formatwarning

    def format_warning(
        message: Warning | str, category: type[Warning], filename: str, lineno: int, line: str | None = None
    ) -> str:
        if issubclass(category, AlpdocWarning):
            return f"alpdoc: warning: {cli_wording(str(message))}\n"
        return formatted(message, category, filename, lineno, line)

    warnings.formatwarning = format_warning
    try:
        yield
    finally:
        warnings.formatwarning = formatted


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    try:
        try:
            args = parser.parse_args(argv)
        except SystemExit as exc:  # --help, --version, usage errors
            return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else EXIT_ERROR)
        args.reader_options = reader_options_for(getattr(args, "templates", None))
        return int(args.func(args))
    except KeyboardInterrupt as exc:
        return _interrupted_exit(exc)
    except BrokenPipeError:
        # The reader of our output went away (e.g. `alpdoc formats | head -1`): stop quietly.
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError, AttributeError):
            pass
        return EXIT_OK
    except (CliError, AlpdocError) as exc:
        _say(f"alpdoc: {exc}", sys.stderr)
        return EXIT_ERROR
    except OSError as exc:
        _say(f"alpdoc: {_os_message(exc)}", sys.stderr)
        return EXIT_ERROR
    except Exception as exc:  # the promise is: never a traceback
        if os.environ.get("ALPDOC_DEBUG"):
            raise
        _err(f"unexpected error (a bug in alpdoc, please report it): {type(exc).__name__}: {exc}")
        return EXIT_ERROR


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
