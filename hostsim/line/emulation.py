"""An emulated module on its serial lines, in real time (what ``hostsim serve`` and
``telitemu://`` put behind their endpoints).

:class:`Emulation` runs a module, its script runner and its two serial
lines on a :class:`~hostsim.core.clock.RealTimeDriver` in a thread of its own
(the one thread that runs the module).  Each :class:`SerialLine` models
the wire between the module's UART and the external application (the DTE):

* bytes take their time on the wire, 10 bits each (8N1) at ``baud``, in
  both directions; the line runs on the virtual clock, so ``speed`` scales
  it too (``baud`` 0: no line-rate model);
* what arrives waits in the module's receive buffer (``rx_buffer`` bytes).
  The AT parser takes command lines at once; during a ``#WSCRIPT`` transfer
  it stores at most ``write_rate`` bytes per second (0: keeps up with the
  line); a running script's ``SER`` (or ``SER2``) holds at most
  ``rx_buffer`` unread bytes;
* with hardware flow control (the line's ``flow_control`` and, on ASC0,
  ``AT&K3``, the factory default) the module stops the wire while its
  buffer is full and nothing is lost; without it what does not fit in the
  buffer is dropped (a ``dropped`` trace event);
* ASC1 carries ``SER2`` and what the script prints (``print`` and
  ``sys.stderr`` lines, CR LF ended);
* while the module is off, whatever arrives is lost.

With a ``state`` directory, every change the module would keep over a
power loss (a file written or deleted, an NVM setting or the profile
stored, the SIM's counters, the firmware update's progress) is saved, by
:func:`hostsim.device.persist.save`, atomically, at the end of the step
that made it: a killed emulation loses nothing it acknowledged.

An endpoint (a pseudo-terminal here, the ``telitemu://`` pyserial handler
in :mod:`hostsim.line.protocol_telitemu`) is the DTE: it hands bytes over with
:meth:`SerialLine.send` while :meth:`SerialLine.room` allows, and receives
the module's output through its ``deliver(data)``; ``wake()`` tells it
that the line changed (room on the wire, output delivered).
"""
from __future__ import annotations

import math
import threading
from typing import Callable

from hostsim.core.clock import RealTimeDriver, Timer
from hostsim.device import persist
from hostsim.device.module import ON, Module
from hostsim.script.runner import Runner

DEFAULT_BAUD = 115200
RX_BUFFER = 4096         # the module's receive buffer (SER's, ES8 p.31)
READ_AHEAD_S = 0.01      # wall seconds of line time a DTE's bytes may run ahead of the wire
READ_AHEAD_MIN, READ_AHEAD_MAX = 64, 4096
FLASH_BURST = 64         # bytes a #WSCRIPT transfer may store at once after a pause
FLOW_CONTROLS = ("rtscts", "none")
# Trace events of changes a module keeps over power loss (files, NVM and the stored
# profile, the SIM's PIN counters and messages, the firmware update's progress):
# with a state directory, each is saved at the end of the step that made it.
PERSISTED_KINDS = frozenset({"file", "setting", "sim", "sms-in", "fota"})



class Wire:
    """One direction of a serial line: bytes leave in order, each taking
    ``10 / baud`` seconds (8N1); baud 0 passes them at once."""

    def __init__(self, baud: int):
        if baud < 0:
            raise ValueError("baud must be 0 (no line-rate model) or positive, got %r" % baud)
        self.ms_per_byte = 10_000.0 / baud if baud else 0.0
        self.queue = bytearray()
        self._head = 0.0     # virtual ms when the first queued byte started (or the wire got free)

    def __len__(self) -> int:
        return len(self.queue)

    def put(self, data: bytes, now: float) -> None:
        if not self.queue:
            self._head = max(self._head, float(now))
        self.queue += data

    def take(self, now: float, limit: int | None = None) -> bytes:
        """The bytes that finished crossing by ``now`` (at most ``limit``: the
        receiver holds the line, which then waits)."""
        count = len(self.queue)
        if self.ms_per_byte:
            count = min(count, max(0, int((now - self._head) / self.ms_per_byte + 1e-9)))
        held = limit is not None and count > limit
        if held:
            count = limit
        data = bytes(self.queue[:count])
        del self.queue[:count]
        self._head += count * self.ms_per_byte
        if held:
            self._head = max(self._head, float(now))
        return data

    def due(self) -> int | None:
        """Virtual ms when the next byte has crossed (None: nothing on the wire)."""
        if not self.queue:
            return None
        return math.ceil(self._head + self.ms_per_byte - 1e-9)

    def clear(self) -> None:
        del self.queue[:]


class SerialLine:
    """One of the module's UARTs (ASC0 or ASC1) on a modelled line."""

    def __init__(self, emulation: Emulation, name: str):
        self.emulation = emulation
        self.name = name
        self.uart = emulation.module.uarts[name]
        self.incoming = Wire(emulation.baud)     # DTE -> module
        self.outgoing = Wire(emulation.baud)     # module -> DTE
        self.rx = bytearray()                    # the module's receive buffer
        self.printed = bytearray()               # ASC1: print output, in order with SER2's
        self.endpoint = None                     # has deliver(data) and wake()
        self._timer: Timer | None = None
        self._tokens = 0.0                       # #WSCRIPT bytes the flash may store now
        self._tokens_at = 0

    # -- the DTE's side (any thread) -------------------------------------------

    def room(self) -> int:
        """How many bytes :meth:`send` takes now."""
        with self.emulation.lock:
            return max(0, self.emulation.read_ahead - len(self.incoming))

    def send(self, data: bytes) -> None:
        """Bytes the DTE transmits; they start crossing now."""
        emulation = self.emulation
        with emulation.lock:
            now = max(emulation.driver.virtual_now(), emulation.module.clock.now)
            self.incoming.put(data, now)
            self._schedule(self.incoming.due())
        emulation.driver.wake()

    def set_dte_line(self, line: str, value: int) -> None:
        with self.emulation.lock:
            self.uart.set_dte_line(line, value)

    # -- the module's side (the emulation thread) --------------------------------

    def _schedule(self, when: int | None) -> None:
        if when is None:
            return
        timer = self._timer
        if timer is not None and not timer.cancelled and timer.when <= when:
            return
        if timer is not None:
            timer.cancel()
        self._timer = self.emulation.module.clock.call_at(when, self._on_timer)

    def _on_timer(self) -> None:
        self._timer = None
        self.pump()

    def _flow_controlled(self) -> bool:
        if not self.emulation.flow_control:
            return False
        engine = self.emulation.module.engines.get(self.name)
        return engine is None or engine.profile["&K"] == 3

    def _drop(self, data: bytes, reason: str) -> None:
        self.emulation.module.trace.emit("dropped", self.name, data.decode("latin-1"), reason=reason)

    def pump(self) -> None:
        """Move what is due: wire to receive buffer to the module, module output to the wire
        and the wire to the DTE."""
        module = self.emulation.module
        now = module.clock.now
        on = module.state == ON
        capacity = self.emulation.rx_buffer
        limit = capacity - len(self.rx) if on and self._flow_controlled() else None
        arrived = self.incoming.take(now, limit)
        if arrived:
            if not on:
                self._drop(arrived, "module off")
            else:
                space = capacity - len(self.rx)
                if len(arrived) > space:
                    self._drop(arrived[space:], "receive buffer full")
                self.rx += arrived[:space]
        if on:
            self._consume(now)
            output = module.asc0_output() if self.name == "ASC0" else self._asc1_output()
            if output:
                self.outgoing.put(output, now)
        else:
            del self.rx[:]
        delivered = self.outgoing.take(now)
        endpoint = self.endpoint
        if endpoint is not None and delivered:
            endpoint.deliver(delivered)
        if endpoint is not None and arrived:
            endpoint.wake()
        held = limit is not None and len(arrived) == limit and len(self.incoming) > 0
        if not held:       # a held line restarts when the module makes room
            self._schedule(self._later(self.incoming.due(), now))
        self._schedule(self._later(self.outgoing.due(), now))
        if self.rx and self._storing():
            self._schedule(now + 1)

    @staticmethod
    def _later(due: int | None, now: int) -> int | None:
        return None if due is None else max(due, now + 1)

    def _at_engine(self):
        uart = self.uart
        if uart.at_input is None or uart.script_owned:
            return None
        return self.emulation.module.engines.get(self.name)

    def _storing(self) -> bool:
        """A #WSCRIPT transfer limited by the flash write rate is under way."""
        engine = self._at_engine()
        return bool(self.emulation.write_rate) and engine is not None and engine.mode == engine.DATA

    def _consume(self, now: int) -> None:
        """Hand buffered bytes to the AT parser or the script's SER/SER2 buffer."""
        rate = self.emulation.write_rate
        self._tokens = min(FLASH_BURST, self._tokens + (now - self._tokens_at) * rate / 1000.0)
        self._tokens_at = now
        while self.rx:
            engine = self._at_engine()
            if engine is None:
                count = min(len(self.rx), self.emulation.rx_buffer - len(self.uart.to_module))
            elif self._storing():
                count = min(len(self.rx), int(self._tokens))
                self._tokens -= count
            else:     # a command line at a time: it may open a #WSCRIPT prompt
                end = self.rx.find(b"\r")
                count = len(self.rx) if end < 0 else end + 1
            if count <= 0:
                return
            data = bytes(self.rx[:count])
            del self.rx[:count]
            self.uart.dte_write(data)

    def _asc1_output(self) -> bytes:
        data = bytes(self.printed) + self.uart.dte_read()
        del self.printed[:]
        return data

    def add_printed(self, text: str) -> None:
        self.printed += self.uart.dte_read() + text.encode("latin-1", "replace") + b"\r\n"


class _Driver(RealTimeDriver):
    """The real-time loop, serving the script between clock events."""

    def __init__(self, emulation: Emulation, speed: float):
        super().__init__(emulation.module.clock, speed)
        self.emulation = emulation

    def step(self) -> float | None:
        with self.lock:
            upcoming = self.emulation.step(self.virtual_now())
            if upcoming is None:
                return None
            return max(0.0, (upcoming - self.virtual_now()) / 1000.0 / self.speed)


class Emulation:
    """A module, its runner and its serial lines, run in real time by a thread."""

    def __init__(self, module: Module, speed: float = 1.0, baud: int = DEFAULT_BAUD,
                 flow_control: bool = True, rx_buffer: int = RX_BUFFER, write_rate: int = 0,
                 python: str | None = None, state: str | None = None):
        if rx_buffer < 1:
            raise ValueError("the receive buffer needs at least 1 byte, got %r" % rx_buffer)
        if write_rate < 0:
            raise ValueError("write rate must be 0 (keeps up) or positive, got %r" % write_rate)
        self.module = module
        self.state = state
        self._unsaved = False        # a change the module keeps over power loss is not saved yet
        self.baud = baud
        self.flow_control = flow_control
        self.rx_buffer = rx_buffer
        self.write_rate = write_rate
        # DTE bytes taken ahead of the wire (10 ms of line time in wall time): a DTE's
        # writes return about when their bytes cross the line, as on a real port.
        self.read_ahead = READ_AHEAD_MAX if not baud else \
            max(READ_AHEAD_MIN, min(READ_AHEAD_MAX, int(baud / 10 * speed * READ_AHEAD_S)))
        self.driver = _Driver(self, speed)
        self.lock = self.driver.lock
        self.runner = Runner(module, python=python, lock=self.lock)
        self.lines: dict[str, SerialLine] = {name: SerialLine(self, name) for name in ("ASC0", "ASC1")}
        self.failure: BaseException | None = None
        self.on_failure: Callable[[BaseException], None] = lambda error: None
        self._requests: list[Callable[[], None]] = []
        self._thread: threading.Thread | None = None
        module.trace.subscribe(self._on_event)

    def _on_event(self, event) -> None:
        if event.kind == "script" and event.source in ("print", "stderr"):
            self.lines["ASC1"].add_printed(event.text)
        if event.kind in PERSISTED_KINDS:
            self._unsaved = True

    def save(self) -> None:
        """Save the module to ``state`` when it changed (the emulation thread, or after stop)."""
        if self.state is not None and self._unsaved:
            self._unsaved = False
            persist.save(self.module, self.state)

    # -- control (any thread) ----------------------------------------------------

    def start(self) -> None:
        """Power the module on and start running it."""
        with self.lock:
            self.module.power_on()
        self._thread = threading.Thread(target=self._run, name="hostsim-serve", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self.driver.run()
        except BaseException as error:   # reported by the owner (serve's main loop, the port)
            self.failure = error
            self.on_failure(error)

    def request(self, action: Callable[[], None]) -> None:
        """Run ``action`` in the emulation thread (power switching)."""
        with self.lock:
            self._requests.append(action)
        self.driver.wake()

    def power_cycle(self) -> None:
        self.request(lambda: self.module.reboot("power cycle"))

    def power_off(self) -> None:
        self.request(lambda: self.module.power_off("power loss"))

    def power_on(self) -> None:
        self.request(self.module.power_on)

    def stop(self) -> None:
        """Stop the clock and the script; the module keeps its state for saving."""
        self.driver.stop()
        if self._thread is not None:
            self._thread.join(timeout=10)
        with self.lock:
            self.runner.close()
            self.module.trace.unsubscribe(self._on_event)

    # -- the emulation thread ------------------------------------------------------

    def step(self, now: int) -> int | None:
        """Catch up with ``now``; return the virtual time of the next thing to do."""
        requests, self._requests = self._requests, []
        for action in requests:
            action()
        clock = self.module.clock
        self.runner.run(max(now, clock.now))
        for line in self.lines.values():
            line.pump()
        self.save()
        upcoming = clock.next_time()
        session = self.runner.session
        if session is not None and session.wait is not None:
            wait = session.wait
            resume = wait.earliest if clock.now < wait.earliest else wait.deadline
            upcoming = resume if upcoming is None else min(upcoming, resume)
        return upcoming
