"""Endpoint queries in worker processes that are killed at the time limit (for stores served from disk)."""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing as mp
import time
from collections import deque
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

from bri_kg.errors import QueryError, StoreError
from bri_kg.web import sparql
from bri_kg.web.sparql import BusyError, Outcome, ProtocolRequest, QueryTimeoutError

__all__ = ["ProcessQueryRunner"]

_STARTUP_SECONDS = 60.0  # importing pyoxigraph and opening a large store can take a while on a busy host

_ERRORS: dict[str, type[Exception]] = {
    cls.__name__: cls
    for cls in (
        QueryError,
        StoreError,
        sparql.RefusedError,
        sparql.QueryTimeoutError,
        sparql.TooManyRowsError,
        sparql.BusyError,
    )
}


def _worker_main(location: str, conn: Connection, max_rows: int, limit: float) -> None:
    """One worker: open the store read-only, then answer (request, accept, seconds left) jobs until EOF."""
    import signal

    import pyoxigraph as ox

    # Ctrl+C reaches the whole process group: the server stops its workers itself, so a worker only
    # printed a KeyboardInterrupt traceback per slot on top of the server's own shutdown.
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    try:
        store = ox.Store.read_only(location)
    except OSError as exc:
        conn.send(("error", "StoreError", f"{location}: cannot open the store: {exc}"))
        return
    conn.send(("ready", None))
    while True:
        try:
            request, accept, remaining = conn.recv()
        except (EOFError, OSError):
            return
        deadline = time.monotonic() + remaining
        try:
            outcome = sparql.evaluate(
                store, request, accept, deadline=deadline, max_rows=max_rows, limit=limit
            )
        except (QueryError, StoreError) as exc:
            conn.send(("error", type(exc).__name__, str(exc)))
        except Exception as exc:  # a failure in the worker is reported, never lost
            conn.send(("error", "StoreError", f"query failed: {exc}"))
        else:
            conn.send(("ok", outcome))


@dataclass
class _Worker:
    process: Any
    conn: Connection
    ready: bool = False  # the worker has opened the store (start-up does not count against a query's limit)


@dataclass
class ProcessQueryRunner:
    """Like :class:`bri_kg.web.sparql.QueryRunner`, but each slot is a process that is killed at the deadline.

    A thread cannot be stopped inside pyoxigraph, so a runaway aggregate would keep a core busy until it
    finishes; a process is killed (and replaced) the moment its query runs past the limit.
    """

    location: str
    timeout: float = 30.0
    max_rows: int = 10_000
    slots: int = 4
    _idle: list[_Worker] = field(init=False, repr=False, default_factory=list)
    _all: list[_Worker] = field(init=False, repr=False, default_factory=list)
    # Requests waiting for a worker, first come first served; a freed worker is handed to the first.
    _waiting: deque[asyncio.Future[_Worker]] = field(init=False, repr=False, default_factory=deque)
    _context: Any = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._context = mp.get_context("spawn")  # fork would copy the server's threads and RocksDB state
        for _ in range(self.slots):
            self._idle.append(self._spawn())

    def _spawn(self) -> _Worker:
        parent, child = self._context.Pipe()
        process = self._context.Process(
            target=_worker_main,
            args=(self.location, child, self.max_rows, self.timeout),
            name="bri-kg-sparql-worker",
            daemon=True,
        )
        process.start()
        child.close()
        worker = _Worker(process, parent)
        self._all.append(worker)
        return worker

    def _retire(self, worker: _Worker) -> None:
        with contextlib.suppress(Exception):
            worker.process.kill()
            worker.process.join(timeout=2)
        worker.conn.close()
        if worker in self._all:
            self._all.remove(worker)

    @property
    def pids(self) -> list[int]:
        """Process ids of the current workers (for tests and monitoring)."""
        return [w.process.pid for w in self._all]

    def close(self) -> None:
        """Stop every worker."""
        for worker in list(self._all):
            self._retire(worker)
        self._idle.clear()

    async def run(self, request: ProtocolRequest, accept: str | None) -> Outcome:
        """Evaluate in a worker; kill and replace it when the time limit passes."""
        deadline = time.monotonic() + self.timeout
        worker = await self._take(deadline)
        if not worker.ready:
            await self._started(worker)
            deadline = max(deadline, time.monotonic() + self.timeout)
        try:
            worker.conn.send((request, accept, max(0.0, deadline - time.monotonic())))
            ready = await _readable(worker.conn, max(0.0, deadline - time.monotonic()))
            if not ready:
                raise QueryTimeoutError(f"query exceeded the time limit of {self.timeout:g} s")
            answer = worker.conn.recv()
        except QueryTimeoutError:
            self._replace(worker)
            raise
        except (EOFError, OSError) as exc:
            self._replace(worker)
            raise StoreError(f"the query worker stopped: {exc or type(exc).__name__}") from None
        except BaseException:  # e.g. the request was cancelled: the worker's state is unknown
            self._replace(worker)
            raise
        self._release(worker)
        if answer[0] == "ok":
            return answer[1]
        _, name, message = answer
        raise _ERRORS.get(name, StoreError)(message)

    async def _started(self, worker: _Worker) -> None:
        try:
            if not await _readable(worker.conn, _STARTUP_SECONDS):
                raise StoreError(f"a query worker did not start within {_STARTUP_SECONDS:g} s")
            kind, *detail = worker.conn.recv()
        except (EOFError, OSError):
            kind, detail = "error", ["StoreError", "a query worker stopped while starting"]
        except BaseException:
            self._replace(worker)
            raise
        if kind != "ready":
            self._replace(worker)
            raise StoreError(detail[-1])
        worker.ready = True

    def _replace(self, worker: _Worker) -> None:
        self._retire(worker)
        self._release(self._spawn())

    async def _take(self, deadline: float) -> _Worker:
        """An idle worker, or the next one freed, waiting in line until ``deadline``.

        Waiting on a future rather than polling: fifty requests polling every few milliseconds for four
        slots kept the event loop busy with wake-ups, and the unlucky ones waited longest.
        """
        if self._idle and not self._waiting:
            return self._idle.pop()
        handed: asyncio.Future[_Worker] = asyncio.get_running_loop().create_future()
        self._waiting.append(handed)
        try:
            async with asyncio.timeout(max(0.0, deadline - time.monotonic())):
                return await handed
        except TimeoutError:
            raise BusyError("all query slots are busy; try again shortly") from None
        except BaseException:
            # Cancelled after a worker was handed over: pass it on, or it would sit unused.
            if handed.done() and not handed.cancelled():
                self._release(handed.result())
            raise
        finally:
            with contextlib.suppress(ValueError):
                self._waiting.remove(handed)

    def _release(self, worker: _Worker) -> None:
        """Hand ``worker`` to the first request still waiting, else make it idle."""
        while self._waiting:
            handed = self._waiting.popleft()
            if not handed.done() and not handed.get_loop().is_closed():
                handed.set_result(worker)
                return
        self._idle.append(worker)


async def _readable(conn: Connection, timeout: float) -> bool:
    """Wait until ``conn`` has data, without blocking the event loop."""
    if conn.poll():
        return True
    loop = asyncio.get_running_loop()
    ready: asyncio.Future[bool] = loop.create_future()
    fd = conn.fileno()
    loop.add_reader(fd, lambda: ready.done() or ready.set_result(True))
    try:
        return await asyncio.wait_for(ready, timeout=timeout)
    except TimeoutError:
        return False
    finally:
        loop.remove_reader(fd)
