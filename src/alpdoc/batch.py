"""Converting and checking many files at once: inputs, safe output names, worker processes.

The command line's ``convert`` (on several inputs or a folder) and ``check``
are built from the pieces here:

* :func:`expand_inputs` turns files, folders and glob patterns into a sorted
  list of file paths (strings: a batch may name tens of thousands of files,
  and :class:`pathlib.Path` objects cost several times more to make);
* :func:`safe_filename` and :class:`NamePlanner` derive output names that
  stay inside the output folder and never collide (``name.json``,
  ``name-2.json``, ... in input order, so runs are deterministic);
* :func:`run_ordered` runs one call per file, in this process or in a pool of
  worker processes (a few files per task), and yields the results in input
  order while a progress bar advances as they complete;
* :func:`convert_one` is the task of a batch conversion: read, convert, and
  write atomically (:func:`alpdoc.api.atomic_write_bytes`).
"""

from __future__ import annotations

import concurrent.futures as cf
import gc
import glob
import itertools
import os
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
import unicodedata
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from attrs import field, frozen

from .api import formats
from .errors import AlpdocError
from .options import ReaderOptions
from .plugins import FormatSpec

__all__ = [
    "expand_inputs",
    "walk",
    "readable_extensions",
    "safe_filename",
    "output_extension",
    "NamePlanner",
    "ConvertSettings",
    "ConvertResult",
    "convert_one",
    "Flusher",
    "flushed",
    "run_ordered",
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


def readable_extensions() -> frozenset[str]:
    """The extensions of every format that can be read (``.md``, ``.json``, ...)."""
    return frozenset(ext.lower() for spec in formats() if spec.can_read for ext in spec.extensions)


def walk(folder: str | os.PathLike[str], extensions: frozenset[str]) -> Iterator[str]:
    """Paths of the files under ``folder`` with one of ``extensions``, sorted, hidden entries skipped."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and os.path.splitext(name)[1].lower() in extensions:
                yield os.path.join(root, name)


def expand_inputs(paths: Iterable[str]) -> list[str]:
    """Files named by ``paths``: files as given, folders walked, glob patterns expanded.

    A folder yields the files some format reads (see :func:`walk`); a pattern
    (``*``, ``?``, ``[``, and ``**`` for any depth) yields its matches,
    sorted. A path that does not exist and matches nothing is kept, so the
    caller reports it as missing. A file named twice is kept once.
    """
    extensions: frozenset[str] | None = None
    seen: set[str] = set()
    out: list[str] = []
    cwd = os.getcwd()

    def add(path: str) -> None:
        key = os.path.normpath(os.path.join(cwd, path))  # os.path.abspath, without a getcwd() per file
        if key not in seen:
            seen.add(key)
            out.append(path)

    def add_file_or_folder(path: str) -> None:
        nonlocal extensions
        if os.path.isdir(path):
            extensions = extensions or readable_extensions()
            for found in walk(path, extensions):
                add(found)
        else:
            add(path)  # a missing file is reported by the caller

    for raw in paths:
        if os.path.exists(raw) or not has_glob(raw):
            add_file_or_folder(raw)
        else:
            for match in sorted(glob.glob(raw, recursive=True)) or [raw]:
                add_file_or_folder(match)
    return out


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
    tmp_dir: str | None = None
    """Where workers make their temporary files (a folder inside the output folder)."""


@frozen(kw_only=True)
class ConvertResult:
    """The outcome of one file: ``status`` is ``"ok"`` or ``"failed"`` (``reason`` says why)."""

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


def _failure_reason(exc: BaseException) -> str:
    """One line saying why a file failed, for any exception (alpdoc's, the system's, a plugin's bug)."""
    if isinstance(exc, OSError):
        reason = exc.strerror or str(exc) or type(exc).__name__
        return f"{os.fsdecode(exc.filename)}: {reason}" if exc.filename is not None else reason
    if isinstance(exc, AlpdocError):
        return str(exc).splitlines()[0]
    if isinstance(exc, RecursionError):
        return "nested too deeply to convert"
    if isinstance(exc, MemoryError):
        return "too large to convert in the memory available"
    return f"internal error (a bug in alpdoc or a plugin, please report it): {type(exc).__name__}: {exc}"


def convert_one(path: str, target: str | None, settings: ConvertSettings) -> ConvertResult:
    """Convert ``path`` with :func:`alpdoc.conversion.convert_file` and write ``target``.

    ``target=None`` returns the bytes in :attr:`ConvertResult.payload`
    instead (the caller names and writes the file). Never raises for a bad
    file, whatever goes wrong (alpdoc errors, plugin bugs, deep nesting, memory):
    the result says why it failed.
    """
    from .conversion import LossyConversionError, convert_file  # noqa: PLC0415 - conversion imports this module's users

    write_to = None if settings.dry_run else target
    try:
        conversion = convert_file(
            path, write_to, settings.to_format, source_format=settings.from_format, options=settings.options,
            strict=settings.strict, verify=settings.verify, overwrite=settings.force, warn=False,
            tmp_dir=_own_scratch.get(settings.tmp_dir, settings.tmp_dir) if settings.tmp_dir else None,
            durable=False,  # the batch syncs what it wrote at the end
        )
    except LossyConversionError as exc:
        report = exc.report
        return ConvertResult(path=path, status="failed", reason=f"lossy: {report}", losses=report.losses,
                             report=str(report), details=tuple(report.details(5)))
    except Exception as exc:  # noqa: BLE001 - one bad file never stops a batch
        return ConvertResult(path=path, status="failed", reason=_failure_reason(exc))
    report = conversion.report
    keep_payload = target is None and not settings.dry_run
    return ConvertResult(
        path=path, status="ok", title=conversion.title, output=conversion.path, losses=report.losses,
        report=str(report), details=tuple(report.details(5)), payload=conversion.data if keep_payload else None,
    )


@contextmanager
def scratch_folder(outdir: Path | None) -> Iterator[str | None]:
    """A hidden folder inside ``outdir`` for a batch's temporary files, removed on leaving.

    Each file is written there and renamed into ``outdir``, so a folder of
    thousands of outputs sees one new entry per file instead of a temporary
    one added and removed too (measured with 2 writers of 4,000 files each:
    0.21 s instead of 0.26-0.31 s on ext4). A run killed outright leaves the
    folder behind, named ``.alpdoc-*.tmp``; ``None`` (a dry run) makes none.
    Each process of a batch makes a folder of its own inside it
    (:func:`setup_convert_worker`).
    """
    if outdir is None:
        yield None
        return
    path = tempfile.mkdtemp(prefix=".alpdoc-", suffix=".tmp", dir=outdir)
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


class Flusher:
    """Flushes what a batch has written to disk every ``every`` seconds, and once more on :meth:`close`.

    Files renamed into place then reach the disk within about a second, not
    only when the batch ends, and the last flush finds little left to write
    instead of adding the whole write-out to the run (0.1-0.15 s per 7,773
    files on the project's machine). The thread starts at the first
    :meth:`start` call: after the worker processes are forked, never before.
    Where there is no ``os.sync``, nothing is done.
    """

    def __init__(self, every: float = 1.0) -> None:
        self.every = every
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Start flushing in the background (again: nothing)."""
        if self._thread is None and hasattr(os, "sync"):
            self._thread = threading.Thread(target=self._run, name="alpdoc-flush", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            os.sync()

    def close(self) -> None:
        """Stop the background flushes and flush what is left."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        if hasattr(os, "sync"):
            os.sync()


def flushed(results: Iterable[R], every: float = 1.0) -> Generator[R, None, None]:
    """``results`` as they come, with a :class:`Flusher` running from the first one to the last.

    The final flush happens when ``results`` is exhausted or this generator
    is closed (close it, with :func:`contextlib.closing`, where the loop over
    it may stop early); the first result comes after any worker processes
    were forked.
    """
    flusher = Flusher(every)
    try:
        for result in results:
            flusher.start()
            yield result
    finally:
        flusher.close()


# --------------------------------------------------------------------------- running tasks


def _worker_init(setup: Callable[..., None] | None, args: tuple[Any, ...]) -> None:
    # Ctrl-C reaches the whole process group: workers ignore it and finish the file at hand
    # (its write is atomic); the parent stops handing out files and waits for them.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if setup is not None:
        setup(*args)


def setup_convert_worker(settings: ConvertSettings) -> None:
    """Per-process setup of a batch conversion: a scratch folder of the process's own."""
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


def _run_chunk(fn: Callable[..., R], calls: Sequence[tuple[Any, ...]]) -> list[R]:
    return [fn(*call) for call in calls]


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
) -> Generator[R, None, None]:
    """``fn(*call)`` for each call, yielded in the order of ``calls``.

    With ``jobs > 1`` the calls run in a pool of worker processes
    (:class:`concurrent.futures.ProcessPoolExecutor`), ``chunksize`` calls per
    task (default :func:`auto_chunksize`), a few tasks per worker handed out
    ahead, so an interrupt stops quickly; results stream back as each task
    ends. ``calls`` may be a lazy iterable: with ``total`` (its length) given,
    it is consumed only as tasks are handed out, so the work of making the
    calls overlaps the workers' (otherwise it is read into a list first).
    ``setup(*setup_args)`` runs once in each worker (and here when
    ``jobs == 1``). The progress bar advances as results come in, in whatever
    order they finish. On ``KeyboardInterrupt`` no new task starts, the running
    ones finish (their writes are atomic), and the interrupt propagates.
    """
    if total is None:
        calls = calls if isinstance(calls, Sequence) else list(calls)
        total = len(calls)
    with _progress(total, label, progress) as advance:
        if jobs <= 1 or total <= 1:
            if setup is not None:
                setup(*setup_args)
            for call in calls:
                result = fn(*call)
                advance()
                yield result
            return
        size = chunksize or auto_chunksize(total, jobs)
        remaining = iter(calls)
        chunks = enumerate(iter(lambda: list(itertools.islice(remaining, size)), []))
        # Workers forked from here need not scan the parent's objects in each garbage
        # collection (nor copy the pages those scans would touch): freeze them first,
        # unless the program froze some itself (then its choice stands).
        freeze = gc.get_freeze_count() == 0
        if freeze:
            gc.freeze()
        executor = cf.ProcessPoolExecutor(max_workers=jobs, initializer=_worker_init, initargs=(setup, setup_args))
        try:
            window = jobs * 3
            pending: dict[cf.Future[list[R]], int] = {}
            done: dict[int, list[R]] = {}
            next_yield = 0
            while True:
                while len(pending) < window and (numbered := next(chunks, None)) is not None:
                    index, chunk = numbered
                    pending[executor.submit(_run_chunk, fn, chunk)] = index
                if not pending:  # every chunk handed out and every result yielded
                    break
                finished, _ = cf.wait(pending, return_when=cf.FIRST_COMPLETED)
                for future in finished:
                    results = future.result()
                    done[pending.pop(future)] = results
                    for _ in results:
                        advance()
                while next_yield in done:
                    yield from done.pop(next_yield)
                    next_yield += 1
        finally:
            executor.shutdown(wait=True, cancel_futures=True)
            if freeze:
                gc.unfreeze()
