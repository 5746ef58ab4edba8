"""Running one call per file in worker processes that never outlive the batch, results in input order.

:func:`run_ordered` is the engine of ``alpdoc convert`` and ``alpdoc check``
on many files: a pool of worker processes, a few files per task, results
streamed back in input order, any failure of a call (even a worker that dies)
turned into that call's result, and the workers killed at once on any
interrupt. Workers die with their parent even when it is killed with
``kill -9`` (:func:`die_with_parent`).
"""

from __future__ import annotations

import collections
import concurrent.futures as cf
import contextlib
import gc
import itertools
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import Any, TypeVar

__all__ = ["run_ordered", "auto_chunksize", "WorkerDied", "die_with_parent", "stop_workers", "finish"]

R = TypeVar("R")


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



_STOP_SIGNALS = frozenset(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


@contextmanager
def _signals_held() -> Iterator[None]:
    """Hold back Ctrl-C, SIGTERM and SIGHUP here while worker processes may be forked.

    A worker forked with them held starts ignoring them before it takes any
    (:func:`_worker_init`), so none runs the parent's handler; the parent
    gets them as soon as the fork is done.
    """
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    held = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def _worker_init(parent: int, setup: Callable[..., None] | None, args: tuple[Any, ...]) -> None:
    # Signals reach the whole process group: workers ignore Ctrl-C and SIGTERM, and the parent,
    # which gets them too, stops them (a killed write leaves only a temporary file in scratch).
    for signum in _STOP_SIGNALS:
        signal.signal(signum, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)  # held back at the fork (_signals_held)
    die_with_parent(parent)
    if setup is not None:
        setup(*args)


PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int, every: float = 0.5, *, kernel: bool = True) -> bool:
    """Make this process end when ``parent`` does, even if it is killed with ``kill -9``.

    On Linux the kernel sends SIGKILL (``prctl(PR_SET_PDEATHSIG)``; ``kernel=False``
    leaves it out); everywhere a daemon thread also checks every ``every``
    seconds that the parent is still this process's parent (``os.getppid()``),
    and exits if not. Returns whether ``prctl`` was set.
    """
    armed = False
    if kernel and sys.platform.startswith("linux"):
        try:
            import ctypes

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


@contextmanager
def _progress(total: int, label: str, enabled: bool) -> Iterator[Callable[[], None]]:
    if not enabled or total == 0:
        yield lambda: None
        return
    # rich draws the bar on standard error, away from the command's own output.
    from rich.console import Console  # only when a bar is shown
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
    fn: Callable[..., R],
    on_error: Callable[[tuple[Any, ...], BaseException], R] | None,
    calls: Sequence[tuple[Any, ...]],
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
                    with _signals_held():
                        suspect = executor.submit(_run_chunk, fn, on_error, [call])
                    [result] = suspect.result()
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
                    with _signals_held():  # the first submit of a pool forks its workers
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
    _unblock_queues(executor)


def _unblock_queues(executor: cf.ProcessPoolExecutor) -> None:
    """Let the pool's own threads finish once its workers are dead, so ``shutdown`` cannot hang.

    A worker killed while sending a large result leaves half a message in the
    result pipe: the pool's manager thread waits in ``recv`` for the rest,
    and this process holds the pipe's other end, so no end of file comes.
    Closing that end (only workers write to it) ends the wait. The thread
    that feeds tasks to the workers may be stuck on a full pipe that nobody
    reads any more: it is not waited for (it is a daemon thread).
    """
    call_queue = getattr(executor, "_call_queue", None)
    with contextlib.suppress(Exception):
        if call_queue is not None:
            call_queue.cancel_join_thread()
    result_queue = getattr(executor, "_result_queue", None)
    writer = getattr(result_queue, "_writer", None)
    with contextlib.suppress(Exception):
        if writer is not None:
            writer.close()
