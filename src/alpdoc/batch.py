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
* :func:`run_ordered` runs one call per file, in this process or in a pool of
  worker processes (a few files per task), and yields the results in input
  order while a progress bar advances as they complete;
* :func:`convert_one` is the task of a batch conversion: read, convert, and
  write atomically (:func:`alpdoc.api.atomic_write_bytes`), never raising;
* :func:`scratch_folder` holds the temporary files (removed on every way
  out, reclaimed from killed runs) and :class:`Syncer` makes the outputs
  durable (fsync of each file and folder written, nothing else).
"""

from __future__ import annotations

import collections
import concurrent.futures as cf
import contextlib
import errno
import gc
import glob
import itertools
import os
import re
import shutil
import signal
import stat
import sys
import tempfile
import threading
import time
import unicodedata
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from attrs import field, frozen

from .api import formats
from .errors import AlpdocError
from .options import ReaderOptions
from .plugins import FormatSpec

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

__all__ = [
    "OUTPUT_MARKER",
    "Inputs",
    "collect_inputs",
    "expand_inputs",
    "walk",
    "readable_extensions",
    "safe_filename",
    "output_extension",
    "NamePlanner",
    "ConvertSettings",
    "ConvertResult",
    "convert_one",
    "scratch_folder",
    "reclaim_scratch",
    "Syncer",
    "run_ordered",
    "WorkerDied",
]

R = TypeVar("R")

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


@frozen
class Inputs:
    """What :func:`collect_inputs` found: the files to read, and what it skipped (``(path, why)``)."""

    files: list[str]
    skipped: list[tuple[str, str]]
    folders: list[str] = field(factory=list)
    """The folders walked (named, or matched by a pattern)."""


def readable_extensions() -> frozenset[str]:
    """The extensions of every format that can be read (``.md``, ``.json``, ...)."""
    return frozenset(ext.lower() for spec in formats() if spec.can_read for ext in spec.extensions)


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
) -> Iterator[str]:
    """Paths of the regular files under ``folder`` with one of ``extensions``, sorted, hidden entries skipped.

    Listing costs no read: a FIFO, device, socket or a link to one (or a
    broken link) with a matching extension is added to ``skipped`` with why,
    never opened. Folders holding :data:`OUTPUT_MARKER` below ``folder``, and
    those whose ``(st_dev, st_ino)`` is in ``exclude``, are not entered
    (noted in ``skipped``); links to folders are not followed.
    """
    notes = skipped if skipped is not None else []
    yield from _walk_folder(os.fspath(folder), extensions, notes, exclude)


def _walk_folder(
    root: str, extensions: frozenset[str], skipped: list[tuple[str, str]], exclude: frozenset[tuple[int, int]]
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
        if name.startswith("."):
            continue
        try:
            if entry.is_dir():
                if not entry.is_symlink():
                    folders.append(entry)
                continue
            if os.path.splitext(name)[1].lower() not in extensions:
                continue
            if entry.is_file():  # a regular file, or a link to one (no system call for a plain file)
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
        yield from _walk_folder(entry.path, extensions, skipped, exclude)


def collect_inputs(paths: Iterable[str], *, exclude: frozenset[tuple[int, int]] = frozenset()) -> Inputs:
    """Files named by ``paths``: files as given, folders walked, glob patterns expanded.

    A folder yields the regular files some format reads (see :func:`walk`); a
    pattern (``*``, ``?``, ``[``, and ``**`` for any depth) yields its
    matches, sorted. A path that does not exist and matches nothing is kept,
    so the caller reports it as missing. A file named twice is kept once. A
    FIFO, device or socket (or a link to one), named or found, is skipped
    with a note, never opened; so are files of alpdoc output folders
    (:data:`OUTPUT_MARKER`) that a pattern matches, and folders in
    ``exclude`` (``(st_dev, st_ino)`` pairs).
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
            extensions = extensions or readable_extensions()
            for found in walk(path, extensions, skipped=skipped, exclude=exclude):
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
    chars = []
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


_own_scratch: dict[str, str] = {}
"""A batch's scratch folder -> this process's folder inside it (see :func:`setup_convert_worker`)."""
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
    from .conversion import LossyConversionError, convert_file  # noqa: PLC0415 - conversion imports this module's users

    if target is not None:
        if settings.skip_existing and os.path.lexists(target):
            return ConvertResult(path=path, status="skipped", reason="already exists", output=target)
        if settings.force and is_protected(target, _protected):
            return ConvertResult(path=path, status="failed", reason=input_error(target))
    write_to = None if settings.dry_run else target
    try:
        conversion = convert_file(
            path, write_to, settings.to_format, source_format=settings.from_format, options=settings.options,
            strict=settings.strict, verify=settings.verify, overwrite=settings.force, warn=False,
            tmp_dir=_own_scratch.get(settings.tmp_dir, settings.tmp_dir) if settings.tmp_dir else None,
            durable=False,  # the batch syncs what it wrote (see Syncer)
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


# --------------------------------------------------------------------------- scratch


_SCRATCH_NAME = re.compile(r"\.alpdoc-(\d+)-[^/]*\.tmp")
_OWNER_FILE = "owner"


@contextmanager
def scratch_folder(outdir: str | os.PathLike[str] | None) -> Iterator[str | None]:
    """A hidden folder inside ``outdir`` for a batch's temporary files, removed on leaving.

    Each file is written there and renamed into ``outdir``, so a folder of
    thousands of outputs sees one new entry per file instead of a temporary
    one added and removed too (measured with 2 writers of 4,000 files each:
    0.21 s instead of 0.26-0.31 s on ext4). It is named
    ``.alpdoc-PID-XXXXXXXX.tmp`` and holds a file ``owner`` locked
    (``flock``) by the batch and its workers as long as any of them runs. It
    is removed on every way out (an error, Ctrl-C, SIGTERM); a run killed
    outright leaves it behind, and the next batch into ``outdir`` removes it
    (:func:`reclaim_scratch`). ``None`` (a dry run) makes none. Each process
    of a batch makes a folder of its own inside it
    (:func:`setup_convert_worker`).
    """
    if outdir is None:
        yield None
        return
    reclaim_scratch(outdir)
    path = tempfile.mkdtemp(prefix=f".alpdoc-{os.getpid()}-", suffix=".tmp", dir=outdir)
    lock = _lock_owner(path)
    try:
        yield path
    finally:
        finish(lambda: shutil.rmtree(path, ignore_errors=True))
        if lock is not None:
            lock.close()


def finish(cleanup: Callable[[], None]) -> None:
    """Run ``cleanup`` to the end even when an interrupt lands in it (then run again, and the interrupt raised).

    The command line raises only the first interrupt of a run (later ones
    are ignored while it stops), so the second try is not interrupted.
    """
    try:
        cleanup()
    except KeyboardInterrupt:
        cleanup()
        raise


def _lock_owner(folder: str) -> Any:
    """The open, locked ``owner`` file of a scratch folder (``None`` where there is no ``flock``)."""
    owner = open(os.path.join(folder, _OWNER_FILE), "w")  # noqa: SIM115 - held open while the batch runs
    owner.write(f"{os.getpid()}\n")
    owner.flush()
    if fcntl is None:
        return owner
    try:
        fcntl.flock(owner.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:  # a file system without locks: the pid in the name is the check
        pass
    return owner


def reclaim_scratch(outdir: str | os.PathLike[str]) -> list[str]:
    """Remove the scratch folders in ``outdir`` that killed runs left; return their paths.

    A folder is stale when nothing holds the lock on its ``owner`` file (where
    ``flock`` works) or, without one, when the process in its name is gone.
    Folders of running batches are left alone.
    """
    removed = []
    try:
        entries = list(os.scandir(outdir))
    except OSError:
        return removed
    for entry in entries:
        found = _SCRATCH_NAME.fullmatch(entry.name) if entry.name.startswith(".alpdoc-") else None
        if found is None or not entry.is_dir(follow_symlinks=False):
            continue
        if not _owner_alive(entry.path, int(found.group(1))):
            shutil.rmtree(entry.path, ignore_errors=True)
            removed.append(entry.path)
    return removed


def _owner_alive(folder: str, pid: int) -> bool:
    if fcntl is not None:
        try:
            fd = os.open(os.path.join(folder, _OWNER_FILE), os.O_RDONLY | os.O_CLOEXEC)
        except FileNotFoundError:
            pass  # being made, or gone: decide by the pid
        except OSError:
            return True
        else:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return True  # a batch (or one of its workers) holds it
            except OSError:
                pass  # no locks on this file system: decide by the pid
            else:
                return False
            finally:
                os.close(fd)
    return _pid_alive(pid)


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process
    return True


# --------------------------------------------------------------------------- durability


class Syncer:
    """Makes what a batch wrote durable: each file fsynced as it comes, its folders once at the end.

    Only alpdoc's own files are flushed (never ``os.sync()``, which flushes
    every disk of the machine). A few threads fsync at once, so the file
    system commits them together (measured on ext4: 2,000 new files in
    0.2-0.35 s with 4-8 threads, 8.7 s one after the other). Threads start
    at the first :meth:`add`: after the worker processes are forked.
    :meth:`close` waits for the files, then fsyncs each folder once;
    :meth:`abandon` (an interrupted batch) stops without waiting.
    """

    def __init__(self, threads: int = 8, batch: int = 16) -> None:
        self.threads = threads
        self.batch = batch
        self._pending: list[str] = []
        self._folders: dict[str, None] = {}
        self._pool: cf.ThreadPoolExecutor | None = None
        self._futures: list[cf.Future[None]] = []
        self.errors: list[str] = []

    def add(self, path: str, folder: str | None = None) -> None:
        """Flush ``path`` soon; its folder (``folder`` or the path's) at :meth:`close`."""
        self._folders.setdefault(folder if folder is not None else (os.path.dirname(path) or "."), None)
        self._pending.append(path)
        if len(self._pending) >= self.batch:
            self._submit()

    def add_folder(self, folder: str) -> None:
        """Also flush ``folder`` at :meth:`close` (a folder the batch made)."""
        self._folders.setdefault(folder, None)

    def _submit(self) -> None:
        if self._pool is None:
            self._pool = cf.ThreadPoolExecutor(self.threads, thread_name_prefix="alpdoc-sync")
        self._futures.append(self._pool.submit(self._sync_files, self._pending))
        self._pending = []

    def _sync_files(self, paths: list[str]) -> None:
        for path in paths:
            self._fsync(path)

    def _fsync(self, path: str, flags: int = os.O_RDONLY) -> None:
        try:
            fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
        except OSError as exc:
            self.errors.append(f"{path}: {exc.strerror or exc}")
            return
        try:
            os.fsync(fd)
        except OSError as exc:
            if exc.errno not in (errno.EINVAL, errno.EBADF):  # a folder some systems cannot fsync
                self.errors.append(f"{path}: {exc.strerror or exc}")
        finally:
            os.close(fd)

    def close(self) -> None:
        """Flush every file added and, after them, each folder once."""
        if self._pending:
            self._submit()
        for future in self._futures:
            future.result()
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None
        for folder in self._folders:
            self._fsync(folder, getattr(os, "O_DIRECTORY", 0))
        self._futures.clear()
        self._folders.clear()

    def abandon(self) -> None:
        """Stop: files not flushed yet stay so (they are complete; the system writes them out in time)."""
        self._pending = []
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
        self._futures.clear()


# --------------------------------------------------------------------------- running tasks


def _worker_init(parent: int, setup: Callable[..., None] | None, args: tuple[Any, ...]) -> None:
    # Signals reach the whole process group: workers ignore Ctrl-C and SIGTERM, and the parent,
    # which gets them too, stops them (a killed write leaves only a temporary file in scratch).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, signal.SIG_IGN)
    die_with_parent(parent)
    if setup is not None:
        setup(*args)


PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int, every: float = 0.5) -> bool:
    """Make this process end when ``parent`` does, even if it is killed with ``kill -9``.

    On Linux the kernel sends SIGKILL (``prctl(PR_SET_PDEATHSIG)``); everywhere
    a daemon thread also checks every ``every`` seconds that the parent is
    still this process's parent (``os.getppid()``), and exits if not. Returns
    whether ``prctl`` was set.
    """
    armed = False
    if sys.platform.startswith("linux"):
        try:
            import ctypes  # noqa: PLC0415

            libc = ctypes.CDLL(None, use_errno=True)
            armed = libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
        except (OSError, AttributeError):
            armed = False
    if os.getppid() != parent:  # the parent died before the kernel was told
        os._exit(1)
    watcher = threading.Thread(target=_watch_parent, args=(parent, every), name="alpdoc-parent-watch", daemon=True)
    watcher.start()
    return armed


def _watch_parent(parent: int, every: float) -> None:
    while True:
        time.sleep(every)
        if os.getppid() != parent:
            os._exit(1)


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


@contextmanager
def _progress(total: int, label: str, enabled: bool) -> Iterator[Callable[[], None]]:
    if not enabled or total == 0:
        yield lambda: None
        return
    # rich draws the bar on standard error, away from the command's own output.
    from rich.console import Console  # noqa: PLC0415 - only when a bar is shown
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    # Redrawn from this thread, at most 10 times a second, as results come in: rich's own
    # refresh thread would be running when the workers are forked (a forked child can
    # inherit a lock that thread holds, and Python 3.12 warns about it).
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(file=sys.stderr),
        transient=True,
        auto_refresh=False,
    )
    drawn = time.monotonic()

    def advance() -> None:
        nonlocal drawn
        progress.advance(task)
        if time.monotonic() - drawn >= 0.1:
            progress.refresh()
            drawn = time.monotonic()

    with progress:
        task = progress.add_task(label, total=total)
        yield advance


def _run_chunk(
    fn: Callable[..., R], on_error: Callable[[tuple[Any, ...], BaseException], R] | None, calls: Sequence[tuple[Any, ...]]
) -> list[R]:
    if on_error is None:
        return [fn(*call) for call in calls]
    out = []
    for call in calls:
        try:
            out.append(fn(*call))
        except Exception as exc:  # noqa: BLE001 - one call never sinks its chunk
            out.append(on_error(call, exc))
    return out


def auto_chunksize(n_calls: int, jobs: int) -> int:
    """Files per task: enough tasks to keep every worker busy to the end, at most 64 files each.

    One file per task costs a round trip between processes (pickling, pipes,
    wake-ups) that is as long as converting a small file, and the parent
    handling it competes with the workers for the cores; chunks make it
    negligible (measured on the shared corpus with 2 workers: 1.3x with one
    file per task; with 64 files per task the parent's work drops by a third
    against 16). At least 8 tasks per worker remain, so none waits long at the end.
    """
    return max(1, min(64, n_calls // (jobs * 8)))


class WorkerDied(Exception):
    """A worker process ended while running a task (killed, or crashed in a C extension)."""


def run_ordered(
    fn: Callable[..., R],
    calls: Iterable[tuple[Any, ...]],
    *,
    jobs: int = 1,
    setup: Callable[..., None] | None = None,
    setup_args: tuple[Any, ...] = (),
    progress: bool = False,
    label: str = "",
    chunksize: int | None = None,
    total: int | None = None,
    on_error: Callable[[tuple[Any, ...], BaseException], R] | None = None,
) -> Generator[R, None, None]:
    """``fn(*call)`` for each call, yielded in the order of ``calls``.

    With ``jobs > 1`` the calls run in a pool of worker processes
    (:class:`concurrent.futures.ProcessPoolExecutor`), ``chunksize`` calls per
    task (default :func:`auto_chunksize`), a few tasks per worker handed out
    ahead; results stream back as each task ends. ``calls`` may be a lazy
    iterable: with ``total`` (its length) given, it is consumed only as tasks
    are handed out, so the work of making the calls overlaps the workers'
    (otherwise it is read into a list first). ``setup(*setup_args)`` runs
    once in each worker (and here when ``jobs == 1``). The progress bar
    advances as results come in, in whatever order they finish.

    ``on_error(call, exc)``, when given, is the result of a call that raised
    (in a worker) or whose worker process died (:class:`WorkerDied`): a new
    pool runs the calls of the tasks lost with the old one again, one at a
    time, so only the call that kills its worker fails.
    Workers end with this process, even when it is killed
    (:func:`die_with_parent`). On any exception here (``KeyboardInterrupt``,
    the command line's SIGTERM) or when the caller closes this generator,
    the workers are killed at once (every write is atomic: at most a
    temporary file is left, in the caller's scratch folder) and the
    exception propagates.
    """
    if total is None:
        calls = calls if isinstance(calls, Sequence) else list(calls)
        total = len(calls)
    with _progress(total, label, progress) as advance:
        if jobs <= 1 or total <= 1:
            if setup is not None:
                setup(*setup_args)
            for call in calls:
                if on_error is None:
                    result = fn(*call)
                else:
                    try:
                        result = fn(*call)
                    except Exception as exc:  # noqa: BLE001
                        result = on_error(call, exc)
                advance()
                yield result
            return
        yield from _run_pool(fn, calls, jobs, setup, setup_args, advance, chunksize or auto_chunksize(total, jobs),
                             on_error)


def _run_pool(
    fn: Callable[..., R],
    calls: Iterable[tuple[Any, ...]],
    jobs: int,
    setup: Callable[..., None] | None,
    setup_args: tuple[Any, ...],
    advance: Callable[[], None],
    size: int,
    on_error: Callable[[tuple[Any, ...], BaseException], R] | None,
) -> Generator[R, None, None]:
    remaining = iter(calls)
    chunks = enumerate(iter(lambda: list(itertools.islice(remaining, size)), []))
    # Workers forked from here need not scan the parent's objects in each garbage
    # collection (nor copy the pages those scans would touch): freeze them first,
    # unless the program froze some itself (then its choice stands).
    freeze = gc.get_freeze_count() == 0
    if freeze:
        gc.freeze()

    def new_pool() -> cf.ProcessPoolExecutor:
        return cf.ProcessPoolExecutor(max_workers=jobs, initializer=_worker_init,
                                      initargs=(os.getpid(), setup, setup_args))

    executor = new_pool()
    stopped = True
    try:
        window = jobs * 3
        pending: dict[cf.Future[list[R]], tuple[int, list[tuple[Any, ...]]]] = {}
        done: dict[int, list[R]] = {}
        next_yield = 0
        # After a worker died, the calls of every task it took down run again one at a time,
        # so the call that kills its worker is found and fails alone.
        suspects: collections.deque[tuple[int, int, tuple[Any, ...]]] = collections.deque()
        partial: dict[int, list[Any]] = {}
        while True:
            if suspects:
                index, position, call = suspects.popleft()
                try:
                    [result] = executor.submit(_run_chunk, fn, on_error, [call]).result()
                except BrokenProcessPool:
                    assert on_error is not None
                    result = on_error(call, WorkerDied("its worker process died while converting it"))
                    executor.shutdown(wait=True, cancel_futures=True)
                    executor = new_pool()
                except Exception as exc:  # noqa: BLE001
                    assert on_error is not None
                    result = on_error(call, exc)
                results = partial[index]
                results[position] = result
                advance()
                if position == len(results) - 1:
                    done[index] = partial.pop(index)
            else:
                while len(pending) < window and (numbered := next(chunks, None)) is not None:
                    pending[executor.submit(_run_chunk, fn, on_error, numbered[1])] = numbered
                if not pending:  # every chunk handed out and every result yielded
                    break
                finished, _ = cf.wait(pending, return_when=cf.FIRST_COMPLETED)
                broken = []
                for future in finished:
                    index, chunk = pending.pop(future)
                    try:
                        results = future.result()
                    except BrokenProcessPool:
                        if on_error is None:
                            raise
                        broken.append((index, chunk))
                        continue
                    except Exception as exc:  # the results could not be sent back, say
                        if on_error is None:
                            raise
                        results = [on_error(call, exc) for call in chunk]
                    done[index] = results
                    for _ in results:
                        advance()
                if broken:  # every task handed out went down with the pool
                    broken.extend(pending.values())
                    pending.clear()
                    executor.shutdown(wait=True, cancel_futures=True)
                    executor = new_pool()
                    for index, chunk in sorted(broken, key=lambda numbered: numbered[0]):
                        partial[index] = [None] * len(chunk)
                        suspects.extend((index, position, call) for position, call in enumerate(chunk))
            while next_yield in done:
                yield from done.pop(next_yield)
                next_yield += 1
        stopped = False
    finally:
        if stopped:  # interrupted, failed or abandoned: no worker outlives this
            finish(lambda: stop_workers(executor))
        finish(lambda: executor.shutdown(wait=True, cancel_futures=True))
        if freeze:
            gc.unfreeze()


def stop_workers(executor: cf.ProcessPoolExecutor, timeout: float = 5.0) -> None:
    """Kill the worker processes of ``executor`` and wait (up to ``timeout`` s) until they are gone."""
    processes = list((getattr(executor, "_processes", None) or {}).values())
    for process in processes:
        with contextlib.suppress(Exception):
            process.kill()
    deadline = time.monotonic() + timeout
    for process in processes:
        with contextlib.suppress(Exception):
            process.join(max(0.0, deadline - time.monotonic()))
