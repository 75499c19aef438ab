"""A time budget for a block of work in any thread: ``with budget(seconds): ...``.

Past the deadline, a watchdog thread raises ``Interrupted`` in the thread that runs the block, at
its next Python instruction (``PyThreadState_SetAsyncExc``), so a stage caught in a long loop stops
wherever it is; ``Pipeline`` turns that into an ``OverBudget`` error for the article.  Unlike a
signal it works in the API's worker threads and Dask's as well as in the main thread.
``Interrupted`` derives from ``BaseException``, so a stage's ``except Exception`` does not swallow
it, and what the stages build lazily is built whole before it is kept (an interrupted build keeps
nothing).  One watchdog thread serves every budget of the process.
"""

from __future__ import annotations

import ctypes
import heapq
import itertools
import threading
import time
from contextlib import contextmanager


class Interrupted(BaseException):
    """Raised in a thread whose budget ran out (caught by ``budget``'s caller, never by stages)."""


def _raise_in(tid: int, exc: type[BaseException] | None) -> None:
    """Have thread ``tid`` raise ``exc`` at its next instruction; None: forget one not raised yet."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(tid), ctypes.py_object(exc) if exc else None)


class _Watchdog:
    def __init__(self):
        self.cond = threading.Condition()
        self.deadlines: list[tuple[float, int, int]] = []  # heap of (deadline, serial, thread id)
        self.armed: dict[int, int] = {}  # serial -> thread id, while its block runs
        self.fired: set[int] = set()
        self.serials = itertools.count()
        self.thread: threading.Thread | None = None

    def arm(self, seconds: float) -> int:
        with self.cond:
            serial = next(self.serials)
            self.armed[serial] = threading.get_ident()
            heapq.heappush(self.deadlines, (time.monotonic() + seconds, serial, self.armed[serial]))
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(target=self._watch, name="conflictlens-budget", daemon=True)
                self.thread.start()
            self.cond.notify()
        return serial

    def disarm(self, serial: int) -> None:
        with self.cond:
            tid = self.armed.pop(serial, None)
            if serial in self.fired:
                self.fired.discard(serial)
                if tid is not None:
                    _raise_in(tid, None)  # not raised yet: it no longer should be

    def _watch(self) -> None:
        with self.cond:
            while True:
                now = time.monotonic()
                while self.deadlines and (self.deadlines[0][0] <= now or self.deadlines[0][1] not in self.armed):
                    _deadline, serial, tid = heapq.heappop(self.deadlines)
                    if serial in self.armed and _deadline <= now:
                        self.fired.add(serial)
                        _raise_in(tid, Interrupted)
                self.cond.wait(self.deadlines[0][0] - now if self.deadlines else None)


_WATCHDOG = _Watchdog()


@contextmanager
def budget(seconds: float | None):
    """Run the block with at most ``seconds`` (None or 0: no limit); ``Interrupted`` when it is over."""
    if not seconds or seconds <= 0:
        yield
        return
    serial = _WATCHDOG.arm(seconds)
    try:
        yield
    finally:
        try:
            _WATCHDOG.disarm(serial)
        except Interrupted:  # it came due just now, before it could be called off
            _WATCHDOG.disarm(serial)
            raise
