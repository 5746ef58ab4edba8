"""The public functions: ``loads``/``dumps`` for data, ``read``/``write`` for files."""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from attrs import evolve

from .errors import AlpdocError, FormatError, ParseError
from .model import Document
from .options import ReaderOptions, as_registry
from .plugins import FormatSpec, Reader, Writer, call_with_options, registry
from .templates import Template, TemplateRegistry

__all__ = [
    "loads",
    "loads_all",
    "dumps",
    "dumps_all",
    "read",
    "read_all",
    "write",
    "write_all",
    "formats",
    "get_format",
    "detect_format",
    "format_for_path",
    "reader_options",
    "read_data",
    "read_all_data",
    "templates",
]

_SNIFF_BYTES = 4096
PathLike = str | os.PathLike[str]


def formats() -> tuple[FormatSpec, ...]:
    """Every registered format: the built-in ones, then those of plugins, each by name."""
    return registry().formats()


def get_format(name: str) -> FormatSpec:
    """The format called ``name`` (or one of its aliases); :class:`FormatError` if unknown."""
    return registry().get(name)


def templates() -> TemplateRegistry:
    """The templates registered by plugins (the built-in ALP templates among them)."""
    return registry().templates


def _template_registry(given: TemplateRegistry | Template | None) -> TemplateRegistry:
    """``given`` as a registry; ``None`` means the registered templates."""
    return templates() if given is None else as_registry(given)


def reader_options(
    options: ReaderOptions | None = None,
    *,
    templates: TemplateRegistry | Template | None = None,
    source: str | None = None,
) -> ReaderOptions:
    """The options a read uses: ``options`` as given, else the registered templates.

    ``templates`` (when given) replaces the options' templates and ``source``
    names the input; this is how :func:`loads`, :func:`read` and the command
    line all build theirs.
    """
    if options is None:
        options = ReaderOptions(templates=_template_registry(templates))
    elif templates is not None:
        options = evolve(options, templates=_template_registry(templates))
    return options.for_source(source) if source is not None else options


def format_for_path(
    path: PathLike, *, mode: str = "read", given: str | None = None, head: bytes | None = None
) -> FormatSpec:
    """The format to read (``mode="read"``) or write (``mode="write"``) the file at ``path`` in.

    ``mode="write_all"`` is for a file of several documents: the first format
    of the extension with a ``write_all`` (``.json``: ``pad-json``).
    ``given`` (a format name) wins; otherwise the extension decides among the
    formats that can do ``mode``, in registry order (built-ins first); when
    several can read it (``.json``) the first bytes are sniffed (of ``head``,
    which may be the whole input, or read from the file when not given); a
    file whose extension no reader claims is sniffed by every reader. Formats
    that read the extension only by content (``sniff_extensions``: ``geojson``
    for ``.json``) are sniffed first. The one place alpdoc picks a format for a path.
    """
    if mode not in ("read", "write", "write_all"):
        raise ValueError(f"mode must be 'read', 'write' or 'write_all', not {mode!r}")
    reg = registry()
    if given:
        spec = reg.get(given)
        _reader(spec) if mode == "read" else _writer(spec)
        return spec
    able = [s for s in reg.by_extension(Path(path).suffix) if (s.can_read if mode == "read" else s.can_write)]
    if mode == "write_all":
        return next((s for s in able if s.can_write_all), None) or format_for_path(path, mode="write")
    if mode == "write":
        if not able:
            raise FormatError(
                f"{os.fspath(path)}: no format writes {Path(path).suffix or 'files without an extension'}; "
                "name the output format (to=... in Python, -t on the command line)"
            )
        return able[0]
    sniffed = [s for s in reg.by_content(Path(path).suffix) if s.can_read and s not in able]
    able = sniffed + able  # content-only claimants first: they must recognise the file
    if len(able) == 1 and not sniffed:
        return able[0]
    if head is None:
        with open(path, "rb") as fh:
            head = fh.read(_SNIFF_BYTES)
    found = reg.sniff(head[:_SNIFF_BYTES], able or [s for s in reg.formats() if s.can_read])
    if found is None:
        names = ", ".join(s.name for s in able) or "any known format"
        raise FormatError(
            f"{os.fspath(path)}: cannot tell the format (tried {names}); "
            "name it (format=... in Python, -f on the command line)"
        )
    return found


def detect_format(path: PathLike, head: bytes | None = None) -> FormatSpec:
    """Guess the format to read a file in: by extension first, then by content (see :func:`format_for_path`)."""
    return format_for_path(path, mode="read", head=head)


def _reader(spec: FormatSpec) -> Reader:
    if spec.reader is None:
        raise FormatError(f"format {spec.name!r} cannot be read")
    return spec.reader


def _writer(spec: FormatSpec) -> Writer:
    if spec.writer is None:
        raise FormatError(f"format {spec.name!r} cannot be written")
    return spec.writer


def loads(
    data: str | bytes,
    format: str,  # the natural name
    *,
    templates: TemplateRegistry | Template | None = None,
    source: str | None = None,
    options: ReaderOptions | None = None,
) -> Document:
    """Parse ``data`` (text or bytes) in ``format`` into a :class:`Document`.

    ``options`` (:class:`~alpdoc.ReaderOptions`) says what the reader may use;
    without it, the registered templates. ``templates`` replaces the options'
    templates.
    """
    spec = get_format(format)
    return read_data(spec, data, reader_options(options, templates=templates, source=source))


def read_data(spec: FormatSpec, data: str | bytes, options: ReaderOptions) -> Document:
    """``data`` read by ``spec``'s reader with ``options``: a :class:`Document` or an :class:`AlpdocError`."""
    reader = _reader(spec)
    with _reader_errors(spec, options.source):
        doc = call_with_options(reader, data, options)
    return _checked_document(spec, doc, options.source)


def _checked_document(spec: FormatSpec, doc: object, source: str | None) -> Document:
    if not isinstance(doc, Document):
        raise ParseError(
            f"the {spec.name} reader (plugin {spec.plugin or '?'}) returned {type(doc).__name__}, not a Document",
            source=source,
        )
    return doc


@contextlib.contextmanager
def _reader_errors(spec: FormatSpec, source: str | None) -> Iterator[None]:
    """Let alpdoc errors through; turn anything else a reader raises into a :class:`ParseError`."""
    try:
        yield
    except AlpdocError:
        raise
    except RecursionError:
        raise ParseError("input nested too deeply", source=source) from None
    except MemoryError:
        raise ParseError("input too large to read in the memory available", source=source) from None
    except (Exception, SystemExit) as exc:  # a reader bug (even sys.exit) must still surface as an alpdoc error
        raise ParseError(
            f"{spec.name} reader (plugin {spec.plugin or '?'}) failed: {type(exc).__name__}: {exc}", source=source
        ) from exc


def loads_all(
    data: str | bytes,
    format: str,
    *,
    templates: TemplateRegistry | Template | None = None,
    source: str | None = None,
    options: ReaderOptions | None = None,
) -> Iterator[Document]:
    """Every document in ``data``, one at a time (formats of one document per file yield one)."""
    return read_all_data(get_format(format), data, reader_options(options, templates=templates, source=source))


def read_all(
    path: PathLike,
    format: str | None = None,
    *,
    templates: TemplateRegistry | Template | None = None,
    options: ReaderOptions | None = None,
) -> Iterator[Document]:
    """Every document in the file at ``path``, one at a time; the format is detected when not given.

    A format with a ``read_all`` (such as ``pad-json`` for an array of pads)
    decodes each document just before yielding it, so a large file never
    needs all its documents in memory at once.
    """
    data = read_input_bytes(path)
    spec = format_for_path(path, given=format, head=data)
    return read_all_data(spec, data, reader_options(options, templates=templates, source=os.fspath(path)))


def read_all_data(spec: FormatSpec, data: str | bytes, options: ReaderOptions) -> Iterator[Document]:
    """Every document of ``data`` read by ``spec`` with ``options`` (see :func:`read_data`)."""
    if spec.read_all is None:
        _reader(spec)  # FormatError now, not at the first next()
        return iter((read_data(spec, data, options),))
    with _reader_errors(spec, options.source):
        docs = call_with_options(spec.read_all, data, options)
    return _iterate(spec, docs, options.source)


def _iterate(spec: FormatSpec, docs: Iterator[Document], source: str | None) -> Iterator[Document]:
    with _reader_errors(spec, source):
        for doc in docs:
            yield _checked_document(spec, doc, source)


def dumps(doc: Document, format: str) -> str | bytes:
    """``doc`` written in ``format`` (``str`` for text formats, ``bytes`` for binary ones)."""
    return _writer(get_format(format))(doc)


def write_all_data(spec: FormatSpec, docs: Iterable[Document]) -> str | bytes:
    """``docs`` written by ``spec`` as one file (see :func:`dumps_all`)."""
    docs = list(docs)
    for i, doc in enumerate(docs):
        if not isinstance(doc, Document):
            raise TypeError(f"document {i} is a {type(doc).__name__}, not an alpdoc.Document")
    if spec.write_all is not None:
        return spec.write_all(docs)
    if len(docs) == 1:
        return _writer(spec)(docs[0])
    _writer(spec)
    raise FormatError(
        f"format {spec.name!r} holds one document per file, not {len(docs)}; write each to its own file "
        f"(formats that hold several: {', '.join(s.name for s in formats() if s.can_write_all) or 'none'})"
    )


def dumps_all(docs: Iterable[Document], format: str) -> str | bytes:
    """``docs`` written in ``format`` as one file (``pad-json``: a JSON array of pads).

    A format without ``write_all`` holds one document per file: it writes a
    single document as :func:`dumps` does and refuses more with a
    :class:`FormatError`. :func:`loads_all` reads the result back.
    """
    return write_all_data(get_format(format), docs)


def read_input_bytes(path: PathLike) -> bytes:
    """The bytes of a regular file at ``path``; a FIFO, device or socket is refused (never read or waited on)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise FormatError(f"{os.fspath(path)}: not a regular file (a FIFO, device or socket is not read)")
        return fh.read()


def read(
    path: PathLike,
    format: str | None = None,
    *,
    templates: TemplateRegistry | Template | None = None,
    options: ReaderOptions | None = None,
) -> Document:
    """Read one document from ``path``; the format is detected when not given."""
    data = read_input_bytes(path)
    spec = format_for_path(path, given=format, head=data)
    return read_data(spec, data, reader_options(options, templates=templates, source=os.fspath(path)))


def write(doc: Document, path: PathLike, format: str | None = None) -> None:
    """Write ``doc`` to ``path`` atomically (a crash never leaves a half-written file)."""
    spec = format_for_path(path, mode="write", given=format)
    payload = _writer(spec)(doc)
    data = payload.encode("utf-8") if isinstance(payload, str) else payload
    atomic_write_bytes(Path(path), data)


def write_all(docs: Iterable[Document], path: PathLike, format: str | None = None) -> None:
    """Write ``docs`` to ``path`` as one file, atomically (see :func:`dumps_all`); :func:`read_all` reads it back.

    Without ``format`` the extension picks the first format that holds
    several documents (``.json``: ``pad-json``).
    """
    spec = format_for_path(path, mode="write_all", given=format)
    payload = write_all_data(spec, docs)
    data = payload.encode("utf-8") if isinstance(payload, str) else payload
    atomic_write_bytes(Path(path), data)


@functools.lru_cache(maxsize=1)
def _umask() -> int:
    """This process's umask (read once: setting it back and forth is not thread-safe)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def atomic_write_bytes(
    path: Path,
    data: bytes,
    *,
    durable: bool = True,
    tmp_dir: str | None = None,
    overwrite: bool = True,
) -> None:
    """Write ``data`` to ``path`` through a temporary file, then put it in place in one step.

    A crash or Ctrl-C never leaves a half-written ``path``.

    * ``overwrite=False``: an existing ``path`` is never replaced, even by a
      run racing this one: the file is linked into place (``os.link`` fails
      when the name exists), and :class:`FileExistsError` is raised.
    * ``overwrite=True`` replaces ``path``; the new file keeps the replaced
      file's permission bits, and a symbolic link stays a link: the file it
      points to is replaced.
    * A new file gets the permissions ``open()`` would give (``0o666`` less
      the umask), not ``mkstemp``'s ``0o600``.
    * ``durable`` flushes the file to disk before it is put in place
      (against power loss); a batch passes ``False`` and syncs its files
      itself (:class:`alpdoc.scratch.Syncer`).
    * ``tmp_dir`` (on the same file system) holds the temporary file instead
      of ``path``'s folder.
    """
    target = Path(os.path.realpath(path)) if overwrite and os.path.islink(path) else path
    folder = tmp_dir or os.fspath(target.parent) or "."
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            if durable:
                os.fsync(fh.fileno())
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    install_file(tmp, path, overwrite=overwrite)


def install_file(tmp: str, path: Path, *, overwrite: bool = True) -> None:
    """Put the finished temporary file ``tmp`` at ``path`` under :func:`atomic_write_bytes`'s rules.

    For a file written elsewhere (a worker's scratch folder on the same file
    system): it gets the permissions a new file gets (or the replaced file's),
    a link stays a link, and without ``overwrite`` an existing ``path`` is a
    :class:`FileExistsError`. ``tmp`` is gone afterwards, whatever happens.
    """
    try:
        if overwrite and os.path.islink(path):
            path = Path(os.path.realpath(path))
        mode = 0o666 & ~_umask()
        if overwrite:
            with contextlib.suppress(FileNotFoundError):
                mode = stat.S_IMODE(os.stat(path).st_mode)
        os.chmod(tmp, mode)
        if overwrite:
            os.replace(tmp, path)
        else:
            _link_new(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def exists_error(path: PathLike) -> FileExistsError:
    """The error for an output that exists and may not be replaced."""
    return FileExistsError(errno.EEXIST, "already exists; pass --force to overwrite it (overwrite=True in Python)",
                           os.fspath(path))


def _link_new(tmp: str, path: Path) -> None:
    """Give the file ``tmp`` the name ``path`` unless that name exists (atomically), then drop ``tmp``."""
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise exists_error(path) from None
    except OSError:  # a file system without hard links: claim the name first, then put the file in place
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(fd)
        os.replace(tmp, path)
        return
    os.unlink(tmp)
