"""Extraction in worker processes: a timeout per file and a memory cap, so no file can hang
or exhaust the caller.

A hostile or broken file (a PDF bomb, a zip bomb, a parser caught in a loop) costs at most
its timeout and the capped memory of one worker: a worker that overruns is killed and a new
one takes its place; one that dies (a crash in a C library, the memory cap reached) reports
that file as failed. Every file gives exactly one result, ``Extraction`` or
``ExtractionFailure``, and no exception escapes to the caller.

Workers are started with ``spawn`` (not ``fork``: the app runs threads, and a forked child
could inherit a held lock), live for many files, and set their own limits at start:
``RLIMIT_AS`` (address space) to the memory cap and no core files. They leave when the
caller closes the pool, or when the caller dies (their pipe closes).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import time
from collections.abc import Generator, Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .cache import TextCache, TextCacheError
from .dispatch import MAX_SOURCE_BYTES, extract_bytes, extractor_version, format_of
from .model import Extraction, ExtractionError, ExtractionFailure

DEFAULT_TIMEOUT = 60.0
"""Seconds one file may take; a 500-page report takes a few."""
DEFAULT_MEMORY = 2 << 30
"""Address space of one worker, in bytes (PDFium and lxml need some hundreds of MiB at most)."""


@dataclass(frozen=True)
class Source:
    """One file to extract: its bytes, read once, so the text is of exactly what was hashed."""

    key: Hashable
    data: bytes = field(repr=False)
    format: str
    label: str = ""

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


Result = Extraction | ExtractionFailure


def default_workers() -> int:
    return max(1, min(4, os.cpu_count() or 1))


# --- the worker -----------------------------------------------------------------------------


def _limit(memory: int | None) -> None:
    import resource
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the caller decides when to stop
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if memory:
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))


def serve(connection: Any, memory: int | None) -> None:
    """A worker's life: limits first, then one file per message until the pipe closes."""
    _limit(memory)
    _leave_with_parent()
    while True:
        job = _next_job(connection)
        if job is None:
            return
        reply = _reply(job, memory)
        del job
        if not _sent(connection, reply) or reply[1] == "memory":
            return  # after MemoryError the heap may be in any state: start afresh


def _next_job(connection: Any) -> tuple[str, bytes, str] | None:
    """The next file to extract; None when the caller is done or the pipe is closed."""
    try:
        job: tuple[str, bytes, str] | None = connection.recv()
    except (EOFError, OSError):
        return None
    return job


def _sent(connection: Any, reply: tuple[Any, ...]) -> bool:
    """Whether the reply reached the caller (not: the pipe is gone, or it is too big)."""
    try:
        connection.send(reply)
    except (OSError, ValueError, MemoryError):
        return False
    return True


def _reply(job: tuple[str, bytes, str], memory: int | None) -> tuple[Any, ...]:
    """What a worker sends back for one file: ``("ok", extraction)`` or ``("failed", reason,
    message)``."""
    fmt, data, label = job
    try:
        return ("ok", extract_bytes(data, fmt, label))
    except ExtractionError as error:
        return ("failed", error.reason, str(error))
    except MemoryError:
        return ("failed", "memory", _memory_message(memory))
    except BaseException as error:  # anything else: a failure of this file, not a crash
        return ("failed", "corrupt", f"damaged file ({type(error).__name__})")


def _leave_with_parent() -> None:
    """Exit if the caller dies while this worker is busy with a file (the pipe tells only
    when the worker next reads it)."""
    import threading

    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(1.0)
            if os.getppid() != parent:
                os._exit(0)

    threading.Thread(target=watch, daemon=True, name="parent-watch").start()


def _memory_message(memory: int | None) -> str:
    cap = f" of {memory >> 20} MiB" if memory else ""
    return f"needs more memory than the cap{cap} allows; refused (a decompression bomb?)"


# --- the pool -------------------------------------------------------------------------------


class _Worker:
    """One worker: ``python -m annotations.formats.workers`` on one end of a socket pair.

    Started as a fresh interpreter rather than by ``multiprocessing``, which would import the
    caller's ``__main__`` again in the child (a script, ``python -c``, a notebook) and fail
    where there is no such file.
    """

    def __init__(self, memory: int | None) -> None:
        import socket
        import subprocess
        import sys
        from multiprocessing.connection import Connection

        here, there = socket.socketpair()
        root = str(Path(__file__).resolve().parents[2])
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-m", __name__, str(there.fileno()), str(memory or 0)],
                pass_fds=(there.fileno(),),
                stdin=subprocess.DEVNULL,
                env=env,
                close_fds=True,
            )
        finally:
            there.close()
        self.connection = Connection(here.detach())

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self, kill: bool = False) -> None:
        if kill:
            with contextlib.suppress(OSError):
                self.process.kill()
        else:
            with contextlib.suppress(OSError, ValueError):
                self.connection.send(None)
        try:
            self.process.wait(timeout=5)
        except Exception:
            with contextlib.suppress(OSError):
                self.process.kill()
            with contextlib.suppress(Exception):
                self.process.wait(timeout=5)
        with contextlib.suppress(OSError):
            self.connection.close()


class ExtractionPool:
    """Worker processes that extract files, each under a timeout and a memory cap."""

    def __init__(
        self,
        workers: int | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        memory: int | None = DEFAULT_MEMORY,
    ) -> None:
        self.size = workers if workers is not None else default_workers()
        self.timeout = timeout
        self.memory = memory
        self._idle: list[_Worker] = []
        self._all: list[_Worker] = []
        self.started = 0
        """Worker processes started so far (a killed one is replaced by a new one)."""

    def __enter__(self) -> ExtractionPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        for worker in self._all:
            worker.stop()
        self._all.clear()
        self._idle.clear()

    def _take(self) -> _Worker:
        while self._idle:
            worker = self._idle.pop()
            if worker.alive():
                return worker
            self._discard(worker)
        worker = _Worker(self.memory)
        self._all.append(worker)
        self.started += 1
        return worker

    def _discard(self, worker: _Worker, kill: bool = True) -> None:
        worker.stop(kill=kill)
        if worker in self._all:
            self._all.remove(worker)

    def map(self, sources: Iterable[Source]) -> Iterator[tuple[Source, Result]]:
        """Each source with its result, as they finish (not in the order given)."""
        pending = iter(sources)
        busy: _Busy = {}
        exhausted = False
        try:
            while True:
                if not exhausted:
                    exhausted = yield from self._fill(pending, busy)
                if not busy:
                    return
                yield from self._finished(busy)
                yield from self._overdue(busy)
        finally:
            for worker, _source, _deadline in busy.values():  # the caller stopped early
                self._discard(worker, kill=True)

    def _fill(
        self, pending: Iterator[Source], busy: _Busy
    ) -> Generator[tuple[Source, Result], None, bool]:
        """Sources sent to workers until every worker is busy; a source no worker could be
        started for fails at once. Returns whether the sources have run out."""
        while len(busy) < self.size:
            source = next(pending, None)
            if source is None:
                return True
            failure = self._send(source, busy)
            if failure is not None:
                yield source, failure
        return False

    def _send(self, source: Source, busy: _Busy) -> ExtractionFailure | None:
        """A source sent to an idle or new worker, with its deadline; the failure if none
        could be started."""
        try:
            worker = self._take()
            worker.connection.send((source.format, source.data, source.label))
        except (OSError, ValueError) as error:
            return ExtractionFailure(
                "crashed", f"could not start an extraction worker ({error})", source.format
            )
        busy[worker.connection] = (worker, source, time.monotonic() + self.timeout)
        return None

    def _finished(self, busy: _Busy) -> Iterator[tuple[Source, Result]]:
        """The results that arrive before the nearest deadline."""
        from multiprocessing.connection import wait

        now = time.monotonic()
        wait_for = max(0.0, min(deadline for _w, _s, deadline in busy.values()) - now)
        for connection in wait(list(busy), timeout=wait_for):
            worker, source, _deadline = busy.pop(connection)
            yield source, self._receive(worker, source)

    def _overdue(self, busy: _Busy) -> Iterator[tuple[Source, Result]]:
        """Sources past their deadline, failed as timed out, their workers killed."""
        now = time.monotonic()
        for connection, (worker, source, deadline) in list(busy.items()):
            if deadline <= now:
                del busy[connection]
                self._discard(worker, kill=True)
                yield (
                    source,
                    ExtractionFailure(
                        "timeout",
                        f"extraction took longer than {self.timeout:g} s; stopped",
                        source.format,
                    ),
                )

    def _receive(self, worker: _Worker, source: Source) -> Result:
        try:
            reply = worker.connection.recv()
        except (EOFError, OSError, MemoryError):
            code = _exit_code(worker)
            self._discard(worker, kill=True)
            return ExtractionFailure("crashed", self._died(code), source.format)
        except Exception as error:  # an unpicklable reply: a bug, reported for this file
            self._discard(worker, kill=True)
            return ExtractionFailure(
                "crashed", f"bad reply from the worker ({error})", source.format
            )
        if reply[0] == "ok":
            self._idle.append(worker)
            return reply[1]  # type: ignore[no-any-return]
        if reply[1] == "memory":
            self._discard(worker, kill=False)
        else:
            self._idle.append(worker)
        return ExtractionFailure(reply[1], reply[2], source.format)

    def _died(self, code: int | None) -> str:
        if code is not None and code < 0:
            cap = (
                f" or need more than the {self.memory >> 20} MiB memory cap" if self.memory else ""
            )
            return f"the extractor stopped ({_signal_name(-code)}): the file may be damaged{cap}"
        return f"the extractor stopped (exit status {code})"


_Busy = dict[Any, tuple[_Worker, Source, float]]
"""Workers at work by their connection: the worker, its source and its deadline."""


def _exit_code(worker: _Worker) -> int | None:
    """A dead worker's exit status (negative: the signal that killed it); None if it will
    not say within five seconds."""
    try:
        return worker.process.wait(timeout=5)
    except Exception:
        return None


def _signal_name(number: int) -> str:
    import signal

    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


# --- files ----------------------------------------------------------------------------------


def read_source(path: Path, key: Hashable | None = None) -> Source:
    """A file's bytes for extraction; raises ``ExtractionError`` with the reason to skip it.

    Only regular files are read (a FIFO or a device is refused without blocking on it), and
    none larger than ``MAX_SOURCE_BYTES``.
    """
    fmt = format_of(path)
    if fmt is None:
        raise ExtractionError(f"unsupported file type {path.suffix or '(none)'}", "unsupported")
    data = _read_regular(path)
    if len(data) > MAX_SOURCE_BYTES:
        raise _too_large()
    return Source(key if key is not None else path, data, fmt, str(path))


def _read_regular(path: Path) -> bytes:
    """A regular file's bytes, one more than the limit at most; a FIFO or a device refused
    without blocking on it."""
    handle, info = _open_regular(path)
    with os.fdopen(handle, "rb") as stream:
        if info.st_size > MAX_SOURCE_BYTES:
            raise _too_large()
        try:
            return stream.read(MAX_SOURCE_BYTES + 1)
        except OSError as error:
            raise ExtractionError(f"cannot read: {error.strerror}", "unreadable") from None


def _open_regular(path: Path) -> tuple[int, os.stat_result]:
    """A regular file opened without blocking, and its status; a FIFO or a device refused."""
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as error:
        raise ExtractionError(f"cannot read: {error.strerror}", "unreadable") from None
    info = os.fstat(handle)
    if not stat.S_ISREG(info.st_mode):
        os.close(handle)
        raise ExtractionError("not a regular file", "unreadable")
    return handle, info


def _too_large() -> ExtractionError:
    return ExtractionError(f"larger than {MAX_SOURCE_BYTES >> 20} MiB; refused", "too_large")


def extract_sources(
    sources: Iterable[Source],
    cache: TextCache | None = None,
    *,
    pool: ExtractionPool | None = None,
    workers: int | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    memory: int | None = DEFAULT_MEMORY,
) -> Iterator[tuple[Source, Result]]:
    """Each source with its text: from the cache when there, else from a worker (then cached).

    Cache hits come first, at once; extractions follow as they finish. A cache that cannot
    be written is not an error (the text is still returned). Workers are started only if
    something is not in the cache; a ``pool`` given by the caller is used and left open.
    """
    todo = yield from _from_cache(sources, cache)
    if not todo:
        return
    own = pool is None
    active = pool or ExtractionPool(workers, timeout, memory)
    try:
        for source, result in active.map(todo):
            _keep(result, cache)
            yield source, result
    finally:
        if own:
            active.close()


def _from_cache(
    sources: Iterable[Source], cache: TextCache | None
) -> Generator[tuple[Source, Result], None, list[Source]]:
    """Each source whose text is in the cache, with it, as found; returns the others."""
    todo: list[Source] = []
    for source in sources:
        cached = _cached(source, cache)
        if cached is not None:
            yield source, cached
        else:
            todo.append(source)
    return todo


def _cached(source: Source, cache: TextCache | None) -> Extraction | None:
    """The source's text from the cache by its sha256 and its extractor's version."""
    if cache is None:
        return None
    return cache.get(source.sha256, source.format, extractor_version(source.format))


def _keep(result: Result, cache: TextCache | None) -> None:
    """An extraction put in the cache; one that cannot be written is not an error."""
    if cache is not None and isinstance(result, Extraction):
        with contextlib.suppress(TextCacheError):
            cache.put(result)


def extract_files(
    paths: Iterable[Path],
    cache: TextCache | None = None,
    **options: Any,
) -> Iterator[tuple[Path, Result]]:
    """Each file with its text or the reason it has none; see ``extract_sources``."""
    sources: list[Source] = []
    for path in paths:
        try:
            sources.append(read_source(Path(path)))
        except ExtractionError as error:
            yield Path(path), error.failure(format_of(path))
    for source, result in extract_sources(sources, cache, **options):
        yield Path(str(source.key)), result


def _main(argv: list[str]) -> None:
    from multiprocessing.connection import Connection

    fd, memory = int(argv[0]), int(argv[1])
    serve(Connection(fd), memory or None)


if __name__ == "__main__":
    import sys

    _main(sys.argv[1:])
