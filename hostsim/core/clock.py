"""Virtual time: a deterministic discrete-event scheduler.

Time is an integer number of milliseconds since the emulated world started.
Nothing in the emulator reads the wall clock; the :class:`RealTimeDriver`
maps virtual time onto wall time when a module is served on a serial line.
"""
from __future__ import annotations

import datetime
import heapq
import itertools
import threading
import time
from typing import Any, Callable

EPOCH_UTC = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)   # wall time of virtual t=0


class Timer:
    """A scheduled call; cancel() before it fires and it never runs."""

    __slots__ = ("when", "callback", "args", "cancelled")

    def __init__(self, when: int, callback: Callable[..., Any], args: tuple[Any, ...]):
        self.when = when
        self.callback = callback
        self.args = args
        self.cancelled = False

    def cancel(self) -> None:
        self.cancelled = True


class Clock:
    """Events at virtual times, run in time order; ties run in scheduling order."""

    def __init__(self) -> None:
        self.now = 0             # current virtual time in ms; only the clock moves it
        self._queue: list[tuple[int, int, Timer]] = []
        self._seq = itertools.count()

    def call_at(self, when: int, callback: Callable[..., Any], *args: Any) -> Timer:
        if when < self.now:
            when = self.now
        timer = Timer(int(when), callback, args)
        heapq.heappush(self._queue, (timer.when, next(self._seq), timer))
        return timer

    def call_later(self, delay_ms: int, callback: Callable[..., Any], *args: Any) -> Timer:
        if delay_ms < 0:
            raise ValueError("delay must not be negative, got %r ms" % delay_ms)
        return self.call_at(self.now + int(delay_ms), callback, *args)

    def next_time(self) -> int | None:
        """Time of the next pending event, or None when nothing is scheduled."""
        while self._queue and self._queue[0][2].cancelled:
            heapq.heappop(self._queue)
        return self._queue[0][0] if self._queue else None

    def run_next(self, limit: int | None = None) -> bool:
        """Run the next event if it is due at or before ``limit``; True if one ran."""
        when = self.next_time()
        if when is None or (limit is not None and when > limit):
            return False
        _, _, timer = heapq.heappop(self._queue)
        self.now = max(self.now, when)
        timer.callback(*timer.args)
        return True

    def run_until(self, when: int) -> None:
        """Run every event due up to ``when`` and leave the clock at ``when``."""
        while self.run_next(when):
            pass
        self.now = max(self.now, int(when))

    def skip_to(self, when: int) -> None:
        """Move the clock to ``when`` (never back); for a caller that knows no
        event is due before it (``run_next(when)`` just ran none)."""
        if when > self.now:
            self.now = when

    def advance(self, delay_ms: int) -> None:
        self.run_until(self.now + int(delay_ms))

    def run_until_true(self, condition: Callable[[], bool], timeout_ms: int) -> bool:
        """Run events until ``condition()`` holds or ``timeout_ms`` virtual ms pass."""
        deadline = self.now + int(timeout_ms)
        while not condition():
            if not self.run_next(deadline):
                self.now = max(self.now, deadline)
                return condition()
        return True


class RealTimeDriver:
    """Runs a :class:`Clock` in step with wall time, ``speed`` times faster.

    Other threads that touch the emulated world hold :attr:`lock` and call
    :meth:`wake` after they scheduled something, so the driver notices it.
    """

    def __init__(self, clock: Clock, speed: float = 1.0,
                 monotonic: Callable[[], float] = time.monotonic):
        if speed <= 0:
            raise ValueError("speed must be positive, got %r" % speed)
        self.clock = clock
        self.speed = speed
        self.lock = threading.RLock()
        self._monotonic = monotonic
        self._wakeup = threading.Event()
        self._stop = threading.Event()
        self._origin_wall = monotonic()
        self._origin_virtual = clock.now

    def virtual_now(self) -> int:
        elapsed = self._monotonic() - self._origin_wall
        return self._origin_virtual + int(elapsed * 1000 * self.speed)

    def step(self) -> float | None:
        """Run what is due now; return wall seconds until the next event (None: idle)."""
        with self.lock:
            self.clock.run_until(self.virtual_now())
            upcoming = self.clock.next_time()
            if upcoming is None:
                return None
            return max(0.0, (upcoming - self.virtual_now()) / 1000.0 / self.speed)

    def wake(self) -> None:
        self._wakeup.set()

    def stop(self) -> None:
        self._stop.set()
        self._wakeup.set()

    def run(self, max_idle_wait: float = 0.05) -> None:
        """Loop until :meth:`stop`; sleeps between events instead of spinning."""
        while not self._stop.is_set():
            wait = self.step()
            wait = max_idle_wait if wait is None else min(wait, max_idle_wait)
            self._wakeup.wait(wait)
            self._wakeup.clear()
