"""The ``alpdoc`` command line: convert, check, formats, schema, info, templates.

Every command returns an exit code instead of raising: 0 on success, 1 when
``check`` found files that do not round-trip, 2 for errors (bad input, missing
files, unknown formats, usage errors) and 130 when interrupted. Errors are one
line on stderr, ``alpdoc: <message>``, never a traceback (set the environment
variable ``ALPDOC_DEBUG=1`` to get one for an unexpected failure).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TextIO

from . import __version__
from .api import _SNIFF_BYTES, atomic_write_bytes, detect_format, formats, get_format, loads, read, templates
from .errors import AlpdocError, FormatError
from .model import Document, GroupItem
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


_extra_templates: TemplateRegistry | None = None
"""The registered templates plus those of ``--templates FILE`` options, for this run."""


def _use_templates(files: Sequence[str] | None) -> None:
    global _extra_templates
    _extra_templates = None
    if files:
        extra = [t for f in files for t in load_templates(f)]
        _extra_templates = TemplateRegistry([*templates(), *extra])


# --------------------------------------------------------------------------- helpers


def _out() -> TextIO:
    return sys.stdout


def _err(message: str) -> None:
    print(f"alpdoc: {message}", file=sys.stderr)


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
    return Path(path).read_bytes(), path


def _input_format(path: str, data: bytes, given: str | None) -> FormatSpec:
    if given:
        return get_format(given)
    if path == _STDIO:
        raise CliError("cannot detect the format of standard input; pass -f FORMAT")
    return detect_format(path, data[:_SNIFF_BYTES])


def _load(path: str, given_format: str | None) -> tuple[Document, FormatSpec, bytes, str]:
    data, name = _read_input(path)
    spec = _input_format(path, data, given_format)
    doc = loads(data, spec.name, source=name, templates=_extra_templates)
    return doc, spec, data, name


def _emit(data: bytes, output: str | None, force: bool) -> None:
    """Write ``data`` to ``output`` (atomically, never clobbering without ``force``) or stdout."""
    if output is None or output == _STDIO:
        _write_stdout_bytes(data)
        return
    target = Path(output)
    if target.is_dir():
        raise CliError(f"{output}: is a folder; give a file name with -o")
    if target.exists() and not force:
        raise CliError(f"{output}: already exists; pass --force to overwrite it")
    parent = target.parent
    if not parent.is_dir():
        raise CliError(f"{output}: the folder {os.fspath(parent)!r} does not exist")
    atomic_write_bytes(target, data)


def _os_message(exc: OSError) -> str:
    reason = exc.strerror or str(exc) or type(exc).__name__
    if exc.filename is not None:
        return f"{os.fsdecode(exc.filename)}: {reason}"
    return reason


# --------------------------------------------------------------------------- convert


def cmd_convert(args: argparse.Namespace) -> int:
    doc, _spec, _data, _name = _load(args.input, args.from_format)
    if args.to_format:
        target = get_format(args.to_format)
    elif args.output and args.output != _STDIO:
        target = _output_format(args.output)
    else:
        raise CliError("pass the output format with -t FORMAT")
    if target.writer is None:
        raise FormatError(f"format {target.name!r} cannot be written")
    _emit(_encode(target.writer(doc)), args.output, args.force)
    return EXIT_OK


def _output_format(path: str) -> FormatSpec:
    suffix = Path(path).suffix.lower()
    for spec in formats():
        if suffix in spec.extensions and spec.can_write:
            return spec
    raise CliError(f"{path}: no format writes {suffix or 'files without an extension'}; pass -t FORMAT")


# --------------------------------------------------------------------------- check


def _known_extensions() -> frozenset[str]:
    return frozenset(ext.lower() for spec in formats() if spec.can_read for ext in spec.extensions)


def _walk(folder: Path, extensions: frozenset[str]) -> Iterator[Path]:
    """Files under ``folder`` with a known extension, sorted, hidden entries skipped."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and Path(name).suffix.lower() in extensions:
                yield Path(root, name)


def _expand(paths: Sequence[str]) -> Iterator[Path]:
    extensions: frozenset[str] | None = None
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            if extensions is None:
                extensions = _known_extensions()
            yield from _walk(path, extensions)
        else:
            yield path  # a missing file is reported as unreadable


def _first_difference(expected: bytes, got: bytes) -> str:
    limit = min(len(expected), len(got))
    pos = next((i for i in range(limit) if expected[i] != got[i]), limit)
    line = expected.count(b"\n", 0, pos) + 1
    column = pos - (expected.rfind(b"\n", 0, pos) + 1) + 1
    if pos == limit and len(expected) != len(got):
        what = "the rewrite is shorter" if len(got) < len(expected) else "the rewrite is longer"
    else:
        what = "the rewrite differs"
    return f"{what} from line {line}, column {column} (file {len(expected)} bytes, rewrite {len(got)} bytes)"


def _check_one(path: Path, given_format: str | None) -> tuple[str, str]:
    """``("ok", "")``, ``("inexact", reason)`` or ``("unreadable", reason)`` for one file."""
    try:
        data = path.read_bytes()
        spec = get_format(given_format) if given_format else detect_format(path, data[:_SNIFF_BYTES])
        doc = loads(data, spec.name, source=os.fspath(path), templates=_extra_templates)
    except AlpdocError as exc:
        return "unreadable", str(exc).splitlines()[0]
    except OSError as exc:
        return "unreadable", exc.strerror or str(exc)
    if spec.writer is None:
        return "inexact", f"format {spec.name!r} cannot be written"
    try:
        written = _encode(spec.writer(doc))
    except AlpdocError as exc:
        return "inexact", f"writing failed: {exc}"
    if written != data:
        return "inexact", _first_difference(data, written)
    return "ok", ""


def cmd_check(args: argparse.Namespace) -> int:
    if args.format:
        get_format(args.format)  # an unknown name is a usage error, not N unreadable files
    counts = {"ok": 0, "inexact": 0, "unreadable": 0}
    out = _out()
    for path in _expand(args.paths):
        status, reason = _check_one(path, args.format)
        counts[status] += 1
        if status == "inexact":
            print(f"{path}: not byte-exact: {reason}", file=out)
        elif status == "unreadable":
            print(f"{path}: unreadable: {reason}", file=out)
    total = sum(counts.values())
    print(
        f"checked {total} files: {counts['ok']} ok, {counts['inexact']} not byte-exact, "
        f"{counts['unreadable']} unreadable",
        file=out,
    )
    return EXIT_FAILED if counts["inexact"] or counts["unreadable"] else EXIT_OK


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
        from .format_plugins.json import json_schema  # noqa: PLC0415 - lazy on purpose
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
    return len(items), sum(1 for item in items if item.answered)


def cmd_info(args: argparse.Namespace) -> int:
    doc, spec, data, name = _load(args.input, args.format)
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
        ("year", str(doc.year) if doc.year is not None else "-"),
        ("countries", "; ".join(countries) or "-"),
        ("sections", str(len(doc.sections))),
        ("items", f"{n_items} ({n_answered} answered, {n_records} group records)"),
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
    docs = [read(path, args.format) for path in _expand(args.paths)]
    if not docs:
        raise CliError("no documents to learn from")
    template = learn_template(docs, args.name, doc_kind=args.kind or "")
    _emit(templates_to_json([template]).encode("utf-8"), args.output, args.force)
    return EXIT_OK


def cmd_templates_list(args: argparse.Namespace) -> int:
    rows = []
    for template in _extra_templates or templates():
        questions = sum(len(section.items) for section in template.sections)
        rows.append((template.name, template.doc_kind or "-", str(len(template.sections)), str(questions)))
    out = _out()
    for line in _table(("name", "kind", "sections", "questions"), rows):
        print(line, file=out)
    return EXIT_OK


# --------------------------------------------------------------------------- parser


def _templates_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--templates", action="append", metavar="FILE",
        help="also use the templates of this JSON file (from 'alpdoc templates learn'); repeatable",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="alpdoc",
        description="Read, write and convert UNDP Accelerator Labs documents.",
        epilog="Exit codes: 0 ok, 1 check found failures, 2 error, 130 interrupted.",
    )
    parser.add_argument("--version", action="version", version=f"alpdoc {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    p = sub.add_parser("convert", help="convert a document to another format")
    p.add_argument("input", metavar="IN", help="input file ('-' for standard input, with -f)")
    p.add_argument("-t", "--to", dest="to_format", metavar="FORMAT", help="output format (see 'alpdoc formats')")
    p.add_argument("-o", "--output", metavar="OUT", help="output file (default: standard output)")
    p.add_argument("-f", "--from", dest="from_format", metavar="FORMAT", help="input format (default: detected)")
    p.add_argument("--force", action="store_true", help="overwrite OUT if it exists")
    _templates_option(p)
    p.set_defaults(func=cmd_convert)

    p = sub.add_parser("check", help="verify that files are read and written back byte for byte")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files, or folders to walk recursively")
    p.add_argument("-f", "--format", metavar="FORMAT", help="read every file in this format (default: detected)")
    _templates_option(p)
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("formats", help="list the available formats")
    p.set_defaults(func=cmd_formats)

    p = sub.add_parser("schema", help="print the JSON Schema of the alpdoc JSON format")
    p.add_argument("-o", "--output", metavar="OUT", help="output file (default: standard output)")
    p.add_argument("--force", action="store_true", help="overwrite OUT if it exists")
    p.set_defaults(func=cmd_schema)

    p = sub.add_parser("info", help="summarise a document")
    p.add_argument("input", metavar="IN", help="input file ('-' for standard input, with -f)")
    p.add_argument("-f", "--format", metavar="FORMAT", help="input format (default: detected)")
    _templates_option(p)
    p.set_defaults(func=cmd_info)

    p = sub.add_parser("templates", help="list the questionnaire templates, or learn one from documents")
    tsub = p.add_subparsers(dest="templates_command", metavar="ACTION")
    tsub.required = True
    t = tsub.add_parser("list", help="the templates readers use")
    _templates_option(t)
    t.set_defaults(func=cmd_templates_list)
    t = tsub.add_parser("learn", help="derive a template from archive-markdown files (their questions are marked)")
    t.add_argument("paths", nargs="+", metavar="FILE", help="documents, or folders to walk")
    t.add_argument("-o", "--output", metavar="T", help="JSON file to write (default: standard output)")
    t.add_argument("--name", default="learned", help="the template's name (default: learned)")
    t.add_argument("--kind", help="document kind it is for (default: the documents' most common type tag)")
    t.add_argument("-f", "--format", metavar="FORMAT", help="input format (default: detected)")
    t.add_argument("--force", action="store_true", help="overwrite T if it exists")
    t.set_defaults(func=cmd_templates_learn)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit code."""
    parser = build_parser()
    try:
        try:
            args = parser.parse_args(argv)
        except SystemExit as exc:  # --help, --version, usage errors
            return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else EXIT_ERROR)
        _use_templates(getattr(args, "templates", None))
        return int(args.func(args))
    except KeyboardInterrupt:
        _err("interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader of our output went away (e.g. `alpdoc formats | head -1`): stop quietly.
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError, AttributeError):
            pass
        return EXIT_OK
    except (CliError, AlpdocError) as exc:
        _err(str(exc))
        return EXIT_ERROR
    except OSError as exc:
        _err(_os_message(exc))
        return EXIT_ERROR
    except Exception as exc:  # noqa: BLE001 - the promise is: never a traceback
        if os.environ.get("ALPDOC_DEBUG"):
            raise
        _err(f"unexpected error (a bug in alpdoc, please report it): {type(exc).__name__}: {exc}")
        return EXIT_ERROR


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
