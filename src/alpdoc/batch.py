"""Converting and checking many files at once: inputs, safe output names, worker processes.

The command line's ``convert`` (on several inputs or a folder) and ``check``
are built from the pieces here:

* :func:`collect_inputs` turns files, folders and glob patterns into a sorted
  list of file paths (strings: a batch may name tens of thousands of files,
  and :class:`pathlib.Path` objects cost several times more to make), and
  lists what it skipped (FIFOs, devices, sockets, alpdoc output folders);
* :func:`safe_filename` and :class:`NamePlanner` derive output names that
  stay inside the output folder and never collide (``name.json``,
  ``name-2.json``, ... in input order, so runs are deterministic);
* :func:`run_ordered` (from :mod:`alpdoc.workers`) runs one call per file,
  in this process or in a pool of worker processes (a few files per task),
  and yields the results in input order while a progress bar advances;
* :func:`convert_one` is the task of a batch conversion: read, convert, and
  write atomically (:func:`alpdoc.api.atomic_write_bytes`), never raising;
* :func:`scratch_folder` holds the temporary files (removed on every way
  out, reclaimed from killed runs) and :class:`Syncer` makes the outputs
  durable (fsync of each file and folder written, nothing else); both from
  :mod:`alpdoc.scratch`.
"""

from __future__ import annotations

import glob
import os
import re
import stat
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator
from typing import Any

from attrs import field, frozen

from .api import _SNIFF_BYTES as SNIFF_BYTES  # as many first bytes as format detection sniffs
from .api import formats, read_input_bytes
from .errors import AlpdocError
from .options import ReaderOptions
from .plugins import FormatSpec, registry
from .scratch import Syncer, reclaim_scratch, scratch_folder
from .workers import WorkerDied, auto_chunksize, run_ordered

__all__ = [
    "OUTPUT_MARKER",
    "Inputs",
    "collect_inputs",
    "expand_inputs",
    "walk",
    "readable_extensions",
    "content_extensions",
    "safe_filename",
    "output_extension",
    "NamePlanner",
    "ConvertSettings",
    "ConvertResult",
    "convert_one",
    "scratch_folder",
    "reclaim_scratch",
    "Syncer",
    "setup_convert_worker",
    "run_ordered",
    "auto_chunksize",
    "WorkerDied",
]

_GLOB_MAGIC = frozenset("*?[")
_PLAIN_NAME = re.compile(r"[A-Za-z0-9_-]+(?:[ .][A-Za-z0-9_-]+)*")
"""Names :func:`safe_filename` keeps as they are without looking at each character."""
MAX_NAME_BYTES = 200
"""Longest output name stem, in UTF-8 bytes (file systems allow 255; a suffix like ``-12`` and the
extension come on top)."""
_RESERVED = frozenset(
    {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}
)
_FORBIDDEN = frozenset('/\\<>:"|?*')


# --------------------------------------------------------------------------- inputs

OUTPUT_MARKER = ".alpdoc-output"
"""The hidden file that marks a folder alpdoc converted into inside one of its input folders.

Folder walks never enter a marked folder (unless it is the folder named), so
a later run never reads those outputs back as inputs.
"""


HIDDEN = "hidden; not read"
"""Why a folder walk skipped a hidden file (a name starting with ``.``) some format reads."""

NOT_DOCUMENTS = frozenset({
    "README", "CHANGELOG", "CHANGES", "HISTORY", "LICENSE", "LICENCE", "COPYING", "NOTICE", "AUTHORS",
    "CONTRIBUTING", "CODE_OF_CONDUCT", "SECURITY",
})
"""File names (without extension, any case) that folder walks take for a project's notes, not documents."""

NOT_A_DOCUMENT = "a project note (README, LICENSE, ...), not a document; name the file to read it"
"""Why a folder walk skipped a file named in :data:`NOT_DOCUMENTS`."""


@frozen
class Inputs:
    """What :func:`collect_inputs` found: the files to read, and what it skipped (``(path, why)``)."""

    files: list[str]
    skipped: list[tuple[str, str]]
    folders: list[str] = field(factory=list)
    """The folders walked (named, or matched by a pattern)."""


def readable_extensions(given: str | None = None) -> frozenset[str]:
    """The extensions of every format that can be read (``.md``, ``.json``, ...), and those ``given``
    (a format's name: ``-f``) reads by content too (page-text: ``.txt``)."""
    out = {ext.lower() for spec in formats() if spec.can_read for ext in spec.extensions}
    if given is not None:
        out.update(ext.lower() for ext in registry().get(given).sniff_extensions)
    return frozenset(out)


def content_extensions(given: str | None = None) -> frozenset[str]:
    """Extensions read only when the file's content says which format it is (``.txt``: page text starts with
    ``Disclaimer:``), less those :func:`readable_extensions` takes whole (no extension claims ``.txt``)."""
    claimed = readable_extensions(given)
    return frozenset(ext.lower() for spec in formats() if spec.can_read and spec.sniff is not None
                     for ext in spec.sniff_extensions if ext.lower() not in claimed)


def _unrecognised(path: str, ext: str) -> str:
    """Why a walk leaves out a file of a content-only extension, ``""`` when some format recognises it."""
    candidates = [spec for spec in registry().by_content(ext) if spec.can_read]
    try:
        with open(path, "rb") as fh:
            head = fh.read(SNIFF_BYTES)
    except OSError as exc:
        return f"cannot be read: {exc.strerror or exc}"
    if registry().sniff(head, candidates) is not None:
        return ""
    names = " or ".join(spec.name for spec in candidates)
    return (f"a {ext} file that is not {names} (judged by its first bytes); "
            f"name the format with -f to read it anyway")


def not_regular(mode: int) -> str:
    """What a file of ``mode`` is when it is not a regular file (``"a FIFO"``, ...); ``""`` for a regular file."""
    if stat.S_ISREG(mode):
        return ""
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a regular file"


def _skip_reason(kind: str) -> str:
    return f"not a regular file ({kind}); not read"


def walk(
    folder: str | os.PathLike[str],
    extensions: frozenset[str],
    *,
    skipped: list[tuple[str, str]] | None = None,
    exclude: frozenset[tuple[int, int]] = frozenset(),
    by_content: frozenset[str] = frozenset(),
) -> Iterator[str]:
    """Paths of the regular files under ``folder`` with one of ``extensions``, sorted, hidden entries skipped.

    Hidden files with one of ``extensions`` are noted in ``skipped`` (why:
    :data:`HIDDEN`), and so are files named ``README.md``, ``LICENSE.md``
    and the like (:data:`NOT_DOCUMENTS`, why: :data:`NOT_A_DOCUMENT`); a
    file named explicitly is always read.

    Listing costs no read: a FIFO, device, socket or a link to one (or a
    broken link) with a matching extension is added to ``skipped`` with why,
    never opened. Folders holding :data:`OUTPUT_MARKER` below ``folder``, and
    those whose ``(st_dev, st_ino)`` is in ``exclude``, are not entered
    (noted in ``skipped``); links to folders are not followed.

    Files with one of ``by_content`` (see :func:`content_extensions`) are the
    exception: their first bytes are read, and one that no format recognises
    is noted in ``skipped`` with why.
    """
    notes = skipped if skipped is not None else []
    yield from _walk_folder(os.fspath(folder), extensions, notes, exclude, by_content)


def _walk_folder(
    root: str,
    extensions: frozenset[str],
    skipped: list[tuple[str, str]],
    exclude: frozenset[tuple[int, int]],
    by_content: frozenset[str] = frozenset(),
) -> Iterator[str]:
    try:
        with os.scandir(root) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError as exc:
        skipped.append((root, f"cannot be listed: {exc.strerror or exc}"))
        return
    folders = []
    for entry in entries:
        name = entry.name
        ext = os.path.splitext(name)[1].lower()
        if name.startswith("."):
            if (ext in extensions or ext in by_content) and not entry.is_dir():
                skipped.append((entry.path, HIDDEN))
            continue
        try:
            if entry.is_dir():
                if not entry.is_symlink():
                    folders.append(entry)
                continue
            if ext not in extensions and ext not in by_content:
                continue
            if entry.is_file():  # a regular file, or a link to one (no system call for a plain file)
                why = NOT_A_DOCUMENT if os.path.splitext(name)[0].upper() in NOT_DOCUMENTS else ""
                if not why and ext in by_content:
                    why = _unrecognised(entry.path, ext)
                if why:
                    skipped.append((entry.path, why))
                else:
                    yield entry.path
                continue
            kind = not_regular(entry.stat().st_mode)
        except FileNotFoundError:
            kind = "a broken symbolic link"
        except OSError as exc:
            kind = f"cannot be examined: {exc.strerror or exc}"
        skipped.append((entry.path, _skip_reason(kind)))
    for entry in folders:
        if exclude:
            info = entry.stat(follow_symlinks=False)
            if (info.st_dev, info.st_ino) in exclude:
                continue  # this run's own output folder
        if os.path.lexists(os.path.join(entry.path, OUTPUT_MARKER)):
            skipped.append((entry.path, "an alpdoc output folder (holds .alpdoc-output); not read"))
            continue
        yield from _walk_folder(entry.path, extensions, skipped, exclude, by_content)


def collect_inputs(
    paths: Iterable[str], *, exclude: frozenset[tuple[int, int]] = frozenset(), given: str | None = None
) -> Inputs:
    """Files named by ``paths``: files as given, folders walked, glob patterns expanded.

    A folder yields the regular files some format reads (see :func:`walk`); a
    pattern (``*``, ``?``, ``[``, and ``**`` for any depth) yields its
    matches, sorted. A path that does not exist and matches nothing is kept,
    so the caller reports it as missing. A file named twice is kept once. A
    FIFO, device or socket (or a link to one), named or found, is skipped
    with a note, never opened; so are files of alpdoc output folders
    (:data:`OUTPUT_MARKER`) that a pattern matches, and folders in
    ``exclude`` (``(st_dev, st_ino)`` pairs). ``given`` is the format the
    files are to be read in (``-f``), if named: folders then yield the files
    it reads by content too (page-text: every ``.txt``, unsniffed).
    """
    extensions: frozenset[str] | None = None
    seen: set[str] = set()
    out: list[str] = []
    skipped: list[tuple[str, str]] = []
    folders: list[str] = []
    cwd = os.getcwd()
    marked: dict[str, bool] = {}

    def add(path: str) -> None:
        key = os.path.normpath(os.path.join(cwd, path))  # os.path.abspath, without a getcwd() per file
        if key not in seen:
            seen.add(key)
            out.append(path)

    def add_file_or_folder(path: str, *, matched: bool) -> None:
        nonlocal extensions
        try:
            mode = os.stat(path).st_mode
        except OSError:
            add(path)  # a missing file (or a broken link) is reported by the caller
            return
        if stat.S_ISDIR(mode):
            folders.append(path)
            extensions = extensions or readable_extensions(given)
            by_content = content_extensions(given)
            for found in walk(path, extensions, skipped=skipped, exclude=exclude, by_content=by_content):
                add(found)
            return
        kind = not_regular(mode)
        if kind:
            skipped.append((path, _skip_reason(kind)))
        elif matched and _in_output_folder(path, marked):
            skipped.append((path, "in an alpdoc output folder (holds .alpdoc-output); not read"))
        else:
            add(path)

    for raw in paths:
        if os.path.lexists(raw) or not has_glob(raw):
            add_file_or_folder(raw, matched=False)
        else:
            for match in sorted(glob.glob(raw, recursive=True)) or [raw]:
                add_file_or_folder(match, matched=True)
    return Inputs(files=out, skipped=skipped, folders=folders)


def _in_output_folder(path: str, marked: dict[str, bool]) -> bool:
    folder = os.path.dirname(path) or "."
    if folder not in marked:
        marked[folder] = os.path.lexists(os.path.join(folder, OUTPUT_MARKER))
    return marked[folder]


def expand_inputs(paths: Iterable[str]) -> list[str]:
    """The files of :func:`collect_inputs` (what it skipped left out)."""
    return collect_inputs(paths).files


def has_glob(raw: str) -> bool:
    return bool(_GLOB_MAGIC & set(raw))


# --------------------------------------------------------------------------- output names


def safe_filename(text: str, *, max_bytes: int = MAX_NAME_BYTES, default: str = "document") -> str:
    """A file name stem made from ``text`` (a title or an input name) that is safe in any folder.

    Path separators and the characters Windows forbids become ``_``; control
    characters and runs of white space become one space; runs of dots become
    one dot, and leading dots and spaces go (no hidden files, no ``..``); as
    do trailing ones; reserved device names (``CON``, ``NUL``, ``COM1``, ...)
    get a ``_``; at most ``max_bytes`` bytes of UTF-8 (cut between characters); ``default`` when nothing is
    left. A name that is already safe is kept as it is.

    >>> safe_filename("../../etc/passwd")
    '_._etc_passwd'
    >>> safe_filename("Recycling: a plan?\n(2023)")
    'Recycling_ a plan_ (2023)'
    """
    if len(text) <= max_bytes and _PLAIN_NAME.fullmatch(text) and not _reserved(text):
        return text  # ASCII words joined by single spaces and dots: nothing to change (most names)
    return _safe_filename_any(text, max_bytes=max_bytes, default=default)


def _reserved(name: str) -> bool:
    """Whether Windows reserves ``name`` (``CON``, ``CON.txt``, ``nul .md``, ...)."""
    return name.partition(".")[0].strip().lower() in _RESERVED


def _safe_filename_any(text: str, *, max_bytes: int, default: str) -> str:
    """:func:`safe_filename`, character by character (any text)."""
    text = unicodedata.normalize("NFC", text)
    chars: list[str] = []
    for ch in text:
        if ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
            if not chars or chars[-1] != " ":
                chars.append(" ")
        elif ch in _FORBIDDEN:
            chars.append("_")
        else:
            chars.append(ch)
    name = "".join(chars)
    while ".." in name:
        name = name.replace("..", ".")
    name = name.strip(". ")
    if len(name.encode("utf-8")) > max_bytes:
        name = name.encode("utf-8")[:max_bytes].decode("utf-8", "ignore").rstrip(". ")
    if _reserved(name):
        base, dot, rest = name.partition(".")
        name = f"{base}_{dot}{rest}"
    return name or default


def output_extension(spec: FormatSpec) -> str:
    """The extension files written in ``spec`` get: its first one, else ``.txt``."""
    return spec.extensions[0] if spec.extensions else ".txt"


class NamePlanner:
    """Hands out distinct output paths inside ``folder``, in call order (so deterministically).

    The first document titled "Plan" gets ``Plan.json``, the next ``Plan-2.json``
    and so on; names that differ only in case count as equal (case-insensitive
    file systems). A name whose file already exists in the folder is still
    handed out: the caller refuses to overwrite it unless told to.
    """

    def __init__(self, folder: str | os.PathLike[str], extension: str) -> None:
        self.folder = os.fspath(folder)
        self.extension = extension
        self._taken: set[str] = set()

    def claim(self, text: str) -> str:
        """The path of the next free output name made from ``text``."""
        stem = safe_filename(text)
        n = 1
        while True:
            name = f"{stem}{self.extension}" if n == 1 else f"{stem}-{n}{self.extension}"
            key = name.casefold()
            if key not in self._taken:
                self._taken.add(key)
                # belt and braces: the name cannot leave the folder
                if name.startswith(".") or "/" in name or os.sep in name or (os.altsep and os.altsep in name):
                    raise AlpdocError(f"unsafe output name {name!r}")  # pragma: no cover
                return os.path.join(self.folder, name)
            n += 1


# --------------------------------------------------------------------------- one conversion


@frozen(kw_only=True)
class ConvertSettings:
    """What every file of a batch conversion shares (sent to each worker process)."""

    to_format: str
    from_format: str | None = None
    options: ReaderOptions = field(factory=ReaderOptions)
    """The reader options of the batch, built once by the caller (templates included)."""
    strict: bool = False
    verify: bool = False
    dry_run: bool = False
    force: bool = False
    skip_existing: bool = False
    """An output that exists already is counted as skipped, not failed (resuming a batch)."""
    tmp_dir: str | None = None
    """Where workers make their temporary files (a folder inside the output folder)."""


@frozen(kw_only=True)
class ConvertResult:
    """The outcome of one file: ``status`` is ``"ok"``, ``"failed"`` or ``"skipped"`` (``reason`` says why)."""

    path: str
    status: str
    reason: str = ""
    title: str = ""
    output: str | None = None
    """Where the file was written (``None`` when not written)."""
    payload: bytes | None = field(default=None, repr=False)
    """The converted bytes, when the caller writes them (names from titles)."""
    losses: dict[str, int] | None = None
    """What the conversion changed, kind by kind (content differences); ``None`` when unknown."""
    report: str = ""
    details: tuple[str, ...] = ()
    """One line per difference of the loss report (a few)."""
    parts: tuple[Any, ...] = ()
    """An input of several documents: one :class:`alpdoc.multidoc.DocumentResult` each, written by the caller
    (``output`` is then ``None``; ``status`` is ``"failed"`` when any of them failed)."""


_own_scratch: dict[str, str] = {}
"""A batch's scratch folder -> this process's folder inside it (see :func:`setup_convert_worker`)."""


def _scratch(tmp_dir: str | None) -> str | None:
    """Where this process makes its temporary files for the batch folder ``tmp_dir`` (``None``: beside the output)."""
    return None if tmp_dir is None else _own_scratch.get(tmp_dir, tmp_dir)


_protected: frozenset[tuple[int, int]] = frozenset()
"""``(st_dev, st_ino)`` of the batch's input files: never replaced, whatever ``--force`` says."""
MAX_REASON = 300
"""Longest failure reason kept, in characters (a JSON path 300 levels deep is cut in the middle)."""


def _failure_reason(exc: BaseException) -> str:
    """One line saying why a file failed, for any exception (alpdoc's, the system's, a plugin's bug)."""
    if isinstance(exc, OSError):
        reason = exc.strerror or str(exc) or type(exc).__name__
        reason = f"{os.fsdecode(exc.filename)}: {reason}" if exc.filename is not None else reason
    elif isinstance(exc, AlpdocError):
        reason = (str(exc).splitlines() or [type(exc).__name__])[0]
    elif isinstance(exc, RecursionError):
        reason = "nested too deeply to convert"
    elif isinstance(exc, MemoryError):
        reason = "too large to convert in the memory available"
    elif isinstance(exc, UnicodeError):
        reason = f"holds text that is not valid Unicode ({exc})"
    else:
        reason = f"internal error (a bug in alpdoc or a plugin, please report it): {type(exc).__name__}: {exc}"
    return shorten(reason)


def shorten(text: str, limit: int = MAX_REASON) -> str:
    """``text`` on one line, at most ``limit`` characters (the middle cut out)."""
    text = " ".join(text.split("\n"))
    if len(text) <= limit:
        return text
    keep = limit - 5
    return f"{text[: keep * 2 // 3]} ... {text[-(keep - keep * 2 // 3):]}"


def failed_call(call: tuple[Any, ...], exc: BaseException) -> ConvertResult:
    """The result of a :func:`convert_one` call that raised (or whose worker process died)."""
    return ConvertResult(path=call[0], status="failed", reason=_failure_reason(exc))


def input_error(target: str) -> str:
    return f"{target}: is one of the inputs; alpdoc never overwrites an input, not even with --force"


def is_protected(target: str | os.PathLike[str], protected: frozenset[tuple[int, int]]) -> bool:
    """Whether ``target`` (followed if a link) is one of the files ``protected`` names."""
    if not protected:
        return False
    try:
        info = os.stat(target)
    except OSError:
        return False
    return (info.st_dev, info.st_ino) in protected


def convert_one(path: str, target: str | None, settings: ConvertSettings) -> ConvertResult:
    """Convert ``path`` with :func:`alpdoc.conversion.convert_file` and write ``target``.

    ``target=None`` returns the bytes in :attr:`ConvertResult.payload`
    instead (the caller names and writes the file). Never raises for a bad
    file, whatever goes wrong (alpdoc errors, plugin bugs, deep nesting, memory,
    text that is not valid Unicode): the result says why it failed. An input
    file is never replaced; with ``skip_existing`` an existing ``target`` is
    ``"skipped"``.
    """
    from .conversion import LossyConversionError, convert_file  # conversion imports this module's users

    if target is not None:
        if settings.skip_existing and os.path.lexists(target):
            return ConvertResult(path=path, status="skipped", reason="already exists", output=target)
        if settings.force and is_protected(target, _protected):
            return ConvertResult(path=path, status="failed", reason=input_error(target))
    write_to = None if settings.dry_run else target
    try:
        data = read_input_bytes(path)
        read = _read_documents(path, data, settings)
        if read is not None and read[2] is not None:
            return _split(path, (read[0], read[2]), settings)
        if read is not None:  # one document, read already
            conversion = _convert_read(path, read[0], read[1], write_to, settings)
        else:
            conversion = convert_file(
                path, write_to, settings.to_format, source_format=settings.from_format, options=settings.options,
                strict=settings.strict, verify=settings.verify, overwrite=settings.force, warn=False,
                tmp_dir=_scratch(settings.tmp_dir),  # None: beside the output
                durable=False,  # the batch syncs what it wrote (see Syncer)
                data=data,
            )
        report = conversion.report
        keep_payload = target is None and not settings.dry_run
        return ConvertResult(
            path=path, status="ok", title=conversion.title, output=conversion.path, losses=report.losses,
            report=str(report), details=tuple(report.details(5)),
            payload=conversion.data if keep_payload else None,
        )
    except LossyConversionError as exc:
        report = exc.report
        return ConvertResult(path=path, status="failed", reason=shorten(f"lossy: {report}"), losses=report.losses,
                             report=str(report), details=tuple(report.details(5)))
    except FileExistsError as exc:
        if settings.skip_existing:  # made by a run racing this one
            return ConvertResult(path=path, status="skipped", reason="already exists", output=target)
        return ConvertResult(path=path, status="failed", reason=_failure_reason(exc))
    except Exception as exc:  # noqa: BLE001 - one bad file never stops a batch
        return ConvertResult(path=path, status="failed", reason=_failure_reason(exc))


def _read_documents(path: str, data: bytes, settings: ConvertSettings) -> tuple[FormatSpec, Any, Any] | None:
    """``(format, the one document, None)`` or ``(format, None, every document)`` for a format with ``read_all``.

    ``None`` for a format of one document per file (or an input of none):
    :func:`alpdoc.conversion.convert_file` reads those as usual.
    """
    from .api import format_for_path, read_all_data, reader_options
    from .multidoc import peek_documents

    spec = format_for_path(path, given=settings.from_format, head=data)
    if spec.read_all is None:
        return None
    single, several = peek_documents(read_all_data(spec, data, reader_options(settings.options, source=path)))
    return None if single is None and several is None else (spec, single, several)


def _convert_read(path: str, spec: FormatSpec, doc: Any, target: str | None, settings: ConvertSettings) -> Any:
    """:func:`alpdoc.conversion.convert_file` for a document read already: converted, then written to ``target``."""
    from pathlib import Path

    from attrs import evolve

    from .api import atomic_write_bytes, exists_error, reader_options
    from .conversion import convert_doc

    if target is not None and not settings.force and os.path.lexists(target):
        raise exists_error(target)
    conversion = convert_doc(doc, settings.to_format, options=reader_options(settings.options, source=path),
                             strict=settings.strict, verify=settings.verify, source=spec.name, warn=False)
    if target is None:
        return conversion
    atomic_write_bytes(Path(target), conversion.data, overwrite=settings.force, durable=False,
                       tmp_dir=_scratch(settings.tmp_dir))
    return evolve(conversion, path=target)


def _split(path: str, several: tuple[FormatSpec, Iterator[Any]], settings: ConvertSettings) -> ConvertResult:
    """An input of several documents converted one document at a time (the caller names and writes them)."""
    from .api import reader_options
    from .multidoc import convert_documents

    spec, docs = several
    stem = os.path.basename(path).rpartition(".")[0] or os.path.basename(path)
    parts = tuple(convert_documents(
        docs, settings.to_format, source=spec.name, fallback=stem,
        options=reader_options(settings.options, source=path), strict=settings.strict, verify=settings.verify,
        keep_payload=not settings.dry_run,
        stage_in=_scratch(settings.tmp_dir),  # small results between processes
    ))
    failed = sum(part.status != "ok" for part in parts)
    losses: dict[str, int] = {}
    for part in parts:
        for kind, count in (part.losses or {}).items():
            losses[kind] = losses.get(kind, 0) + count
    return ConvertResult(
        path=path, status="failed" if failed else "ok", parts=parts, losses=losses,
        reason=f"{failed} of {len(parts)} document{'' if len(parts) == 1 else 's'} failed" if failed else "",
        report=f"{len(parts)} document{'' if len(parts) == 1 else 's'}", title=parts[0].title if parts else "",
    )


def setup_convert_worker(settings: ConvertSettings, protected: frozenset[tuple[int, int]] = frozenset()) -> None:
    """Per-process setup of a batch conversion: a scratch folder of the process's own; the inputs to protect."""
    global _protected  # noqa: PLW0603 - per-process state of a worker
    _protected = protected
    _own_scratch.clear()
    if settings.tmp_dir is not None:
        # Each process makes its temporary files in a folder of its own: two workers creating
        # files in one folder wait for each other (measured on the corpus, json to archive-md
        # on ext4: best 3.14 s instead of 3.43 s, median 3.49 s instead of 3.69 s).
        _own_scratch[settings.tmp_dir] = tempfile.mkdtemp(prefix="worker-", dir=settings.tmp_dir)
