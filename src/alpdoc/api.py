"""The public functions: ``loads``/``dumps`` for data, ``read``/``write`` for files."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .errors import AlpdocError, FormatError, ParseError
from .model import Document
from .plugins import FormatSpec, registry
from .templates import Template, TemplateRegistry

__all__ = ["loads", "loads_all", "dumps", "read", "read_all", "write", "formats", "get_format", "detect_format", "templates"]

_SNIFF_BYTES = 4096
PathLike = str | os.PathLike[str]


def formats() -> tuple[FormatSpec, ...]:
    """Every registered format (built-in and from plugins), sorted by name."""
    return registry().formats()


def get_format(name: str) -> FormatSpec:
    """The format called ``name`` (or one of its aliases); :class:`FormatError` if unknown."""
    return registry().get(name)


def templates() -> TemplateRegistry:
    """The templates registered by plugins (the built-in ALP templates among them)."""
    return registry().templates


def _template_registry(given: TemplateRegistry | Template | None) -> TemplateRegistry:
    if given is None:
        return templates()
    if isinstance(given, Template):
        return TemplateRegistry([given])
    return given


def detect_format(path: PathLike, head: bytes | None = None) -> FormatSpec:
    """Guess a file's format: by extension first, then by content."""
    reg = registry()
    candidates = reg.by_extension(Path(path).suffix)
    if len(candidates) == 1:
        return candidates[0]
    if head is None:
        with open(path, "rb") as fh:
            head = fh.read(_SNIFF_BYTES)
    found = reg.sniff(head, candidates or None)
    if found is None:
        names = ", ".join(s.name for s in candidates) or "any known format"
        raise FormatError(f"{os.fspath(path)}: cannot tell the format (tried {names}); pass format=...")
    return found


def _reader(spec: FormatSpec):  # noqa: ANN202
    if spec.reader is None:
        raise FormatError(f"format {spec.name!r} cannot be read")
    return spec.reader


def _writer(spec: FormatSpec):  # noqa: ANN202
    if spec.writer is None:
        raise FormatError(f"format {spec.name!r} cannot be written")
    return spec.writer


def loads(
    data: str | bytes,
    format: str,  # noqa: A002 - the natural name
    *,
    templates: TemplateRegistry | Template | None = None,
    source: str | None = None,
) -> Document:
    """Parse ``data`` (text or bytes) in ``format`` into a :class:`Document`."""
    spec = get_format(format)
    return _call_reader(spec, data, templates, source)


def _call_reader(
    spec: FormatSpec, data: str | bytes, given: TemplateRegistry | Template | None, source: str | None
) -> Document:
    reader = _reader(spec)
    with _reader_errors(spec, source):
        return reader(data, templates=_template_registry(given), source=source)


@contextlib.contextmanager
def _reader_errors(spec: FormatSpec, source: str | None) -> Iterator[None]:
    """Let alpdoc errors through; turn anything else a reader raises into a :class:`ParseError`."""
    try:
        yield
    except AlpdocError:
        raise
    except RecursionError:
        raise ParseError("input nested too deeply", source=source) from None
    except Exception as exc:  # a reader bug must still surface as an alpdoc error
        raise ParseError(f"{spec.name} reader failed: {type(exc).__name__}: {exc}", source=source) from exc


def loads_all(
    data: str | bytes,
    format: str,  # noqa: A002
    *,
    templates: TemplateRegistry | Template | None = None,
    source: str | None = None,
) -> Iterator[Document]:
    """Every document in ``data``, one at a time (formats of one document per file yield one)."""
    return _call_read_all(get_format(format), data, templates, source)


def read_all(
    path: PathLike,
    format: str | None = None,  # noqa: A002
    *,
    templates: TemplateRegistry | Template | None = None,
) -> Iterator[Document]:
    """Every document in the file at ``path``, one at a time; the format is detected when not given.

    A format with a ``read_all`` (such as ``pad-json`` for an array of pads)
    decodes each document just before yielding it, so a large file never
    needs all its documents in memory at once.
    """
    data = Path(path).read_bytes()
    spec = get_format(format) if format else detect_format(path, data[:_SNIFF_BYTES])
    return _call_read_all(spec, data, templates, os.fspath(path))


def _call_read_all(
    spec: FormatSpec, data: str | bytes, given: TemplateRegistry | Template | None, source: str | None
) -> Iterator[Document]:
    if spec.read_all is None:
        _reader(spec)  # FormatError now, not at the first next()
        return iter((_call_reader(spec, data, given, source),))
    return _iterate(spec, spec.read_all(data, templates=_template_registry(given), source=source), source)


def _iterate(spec: FormatSpec, docs: Iterator[Document], source: str | None) -> Iterator[Document]:
    with _reader_errors(spec, source):
        yield from docs


def dumps(doc: Document, format: str) -> str | bytes:  # noqa: A002
    """``doc`` written in ``format`` (``str`` for text formats, ``bytes`` for binary ones)."""
    return _writer(get_format(format))(doc)


def read(
    path: PathLike,
    format: str | None = None,  # noqa: A002
    *,
    templates: TemplateRegistry | Template | None = None,
) -> Document:
    """Read one document from ``path``; the format is detected when not given."""
    data = Path(path).read_bytes()
    spec = get_format(format) if format else detect_format(path, data[:_SNIFF_BYTES])
    return _call_reader(spec, data, templates, os.fspath(path))


def write(doc: Document, path: PathLike, format: str | None = None) -> None:  # noqa: A002
    """Write ``doc`` to ``path`` atomically (a crash never leaves a half-written file)."""
    spec = get_format(format) if format else _format_for_output(path)
    payload = _writer(spec)(doc)
    data = payload.encode("utf-8") if isinstance(payload, str) else payload
    atomic_write_bytes(Path(path), data)


def _format_for_output(path: PathLike) -> FormatSpec:
    candidates = registry().by_extension(Path(path).suffix)
    if not candidates:
        raise FormatError(f"{os.fspath(path)}: no format uses this extension; pass format=...")
    return candidates[0]


def atomic_write_bytes(path: Path, data: bytes, *, durable: bool = True, tmp_dir: str | None = None) -> None:
    """Write through a temporary file in the same folder, then rename over ``path``.

    A crash or Ctrl-C never leaves a half-written ``path``. ``durable`` also
    flushes the file to disk before the rename (against power loss); a batch
    of many files passes ``False`` and flushes in the background instead
    (:class:`alpdoc.batch.Flusher`).
    ``tmp_dir`` (on the same file system) holds the temporary file instead of
    ``path``'s folder: a batch keeps its in-flight files in a small folder of
    their own rather than adding and removing each in a folder of thousands.
    """
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=tmp_dir or path.parent or ".")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            if durable:
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
