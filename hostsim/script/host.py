"""The emulator's side of a running script's built-in modules.

A script's shims (``MDM``, ``MOD``, ``SER``, ...) send every call as one
request ``(op, args)``; :class:`ScriptHost` answers it with a :class:`Wait`:
when the reply is ready and how much virtual time passes first.  Every call
costs at least :data:`CALL_COST_MS` of virtual time, so polling loops
(``while MOD.secCounter() < t``) make progress as on the module.  The same
requests arrive from an in-process thread and from a child interpreter, so
both give the same trace.

Units follow the fact sheet: MDM/SER timeouts and ``MOD.sleep`` in tenths of
a second, ``MOD.secCounter``, ``watchdogEnable`` and ``powerSaving`` in
seconds; call results 1 / -1 and ``''`` after a receive timeout.
"""
from __future__ import annotations

import base64
import functools
import os
import random
from typing import TYPE_CHECKING, Any, Callable, Sequence

from hostsim.parts import filestore
from hostsim.parts.filestore import FileStoreError
from hostsim.parts.gpio import ALTERNATE, INPUT, OUTPUT
from hostsim.parts.gps import RESET_TTFF_MS

if TYPE_CHECKING:  # pragma: no cover
    from hostsim.device.module import Module

CALL_COST_MS = 1
TENTH_MS = 100
# MOD.secCounter() counts seconds since 2000-01-01; virtual time 0 is 2026-01-01 00:00:00.
SEC_COUNTER_AT_START = 820_540_800
SHIM_NAMES = ("MDM", "MDM2", "MOD", "SER", "SER2", "GPIO", "IIC", "SPI", "GPS")
SHIM_HELPERS = ("_ports",)        # shared by the shims, served from the same folder
AT_PORTS = ("MDM", "MDM2")
SERIAL_PORTS = {"SER": "ASC0", "SER2": "ASC1"}
SPEEDS = ("300", "600", "1200", "2400", "4800", "9600", "19200", "38400", "57600", "115200")
FORMATS = ("8N1", "8N2", "8E1", "8O1", "7N1", "7N2", "7E1", "7O1", "7E2", "7O2")
CHUNK_MODES = ("response", "line", "random")


@functools.lru_cache(maxsize=32)
def _shim_source(path: str) -> str:
    """A shim's source, read once per process (every boot imports the same shims)."""
    with open(path, encoding="ascii") as handle:
        return handle.read()


class CallError(Exception):
    """A call with bad arguments: the script sees an exception, the module is unchanged."""


class Wait:
    """Reply with ``result()`` when ``ready()`` holds, or at ``deadline`` at the latest.

    The reply is never sent before ``earliest`` (the call's cost).  One is made
    for every call a script makes, so it has slots."""

    __slots__ = ("earliest", "deadline", "result", "ready")

    def __init__(self, earliest: int, deadline: int, result: Callable[[], Any],
                 ready: Callable[[], bool] | None = None):
        self.earliest = earliest
        self.deadline = deadline
        self.result = result
        self.ready = ready


class Chunker:
    """How received data is cut into what one ``receive``/``read`` returns.

    ``response``: everything that has arrived; ``line``: up to and including
    the first LF; ``random``: a seeded random length (real scripts must cope
    with responses split anywhere)."""

    def __init__(self, mode: str = "response", seed: int = 0):
        if mode not in CHUNK_MODES:
            raise ValueError("chunk mode must be one of %s, not %r" % (", ".join(CHUNK_MODES), mode))
        self.mode = mode
        self._random = random.Random(seed)

    def size(self, buffered: bytes) -> int:
        if self.mode == "line":
            end = buffered.find(b"\n")
            return len(buffered) if end < 0 else end + 1
        if self.mode == "random":
            return self._random.randint(1, len(buffered))
        return len(buffered)


def _text(data: bytes) -> str:
    return data.decode("latin-1")


def _bytes(text: str) -> bytes:
    return text.encode("latin-1")


class ScriptHost:
    """Serves the requests of one boot's script."""

    def __init__(self, module: Module, main: str, chunker: Chunker,
                 origins: dict[str, tuple[str, bytes]] | None = None, shim_dir: str = "",
                 search_dirs: Sequence[str] = ()):
        self.module = module
        self.main = main
        self.chunker = chunker
        self.search_dirs = list(search_dirs)     # host folders of flat modules (tests only)
        self.origins = origins or {}             # module name -> (host path, bytes uploaded)
        self._loaded: dict[str, tuple[str, bytes]] = {}   # name -> (store file, bytes run)
        self._uncompiled: dict[str, str] = {}    # name -> its x.py, until it compiled
        self.shim_dir = shim_dir
        self.ended: str | None = None          # "ended" or "exception"
        self.traceback = ""
        self._print_buffers: dict[str, str] = {}
        self._watchdog = None                  # the armed timer (a Timer) while enabled
        self._watchdog_seconds = 0
        self._watchdog_deadline = 0            # virtual ms it expires at, unless reset
        self._power_saving_cause = 1
        self._buses: dict[int, tuple[str, tuple[int, ...]]] = {}
        self.ops: dict[str, tuple[Callable[..., Wait], tuple[type, ...]]] = {
            "main": (self.op_main, ()),
            "source": (self.op_source, (str,)),
            "compiled": (self.op_compiled, (str,)),
            "origin": (self.op_origin, (str,)),
            "fread": (self.op_fread, (str,)),
            "fwrite": (self.op_fwrite, (str, str)),
            "print": (self.op_print, (str, str)),
            "exception": (self.op_exception, (str,)),
            "ended": (self.op_ended, ()),
            "send": (self.op_send, (str, str, int)),
            "sendbyte": (self.op_sendbyte, (str, int, int)),
            "receive": (self.op_receive, (str, int)),
            "receivebyte": (self.op_receivebyte, (str, int)),
            "read": (self.op_read, (str,)),
            "readbyte": (self.op_readbyte, (str,)),
            "line": (self.op_line, (str, str)),
            "setline": (self.op_setline, (str, str, int)),
            "set_speed": (self.op_set_speed, (str, str, str)),
            "secCounter": (self.op_sec_counter, ()),
            "sleep": (self.op_sleep, (int,)),
            "watchdogEnable": (self.op_watchdog_enable, (int,)),
            "watchdogReset": (self.op_watchdog_reset, ()),
            "watchdogDisable": (self.op_watchdog_disable, ()),
            "powerSaving": (self.op_power_saving, (int,)),
            "powerSavingExitCause": (self.op_power_saving_cause, ()),
            "encBase64": (self.op_enc_base64, (str,)),
            "decBase64": (self.op_dec_base64, (str,)),
            "setIOvalue": (self.op_set_io_value, (int, int)),
            "getIOvalue": (self.op_get_io_value, (int,)),
            "setIOdir": (self.op_set_io_dir, (int, int, int)),
            "getIOdir": (self.op_get_io_dir, (int,)),
            "getADC": (self.op_get_adc, (int,)),
            "setSLED": (self.op_set_sled, (int, int, int)),
            "iic_new": (self.op_iic_new, (int, int, int)),
            "iic_init": (self.op_bus_init, (int,)),
            "iic_readwrite": (self.op_iic_readwrite, (int, str, int)),
            "spi_new": (self.op_spi_new, (int, int, int)),
            "spi_init": (self.op_spi_init, (int, int, int)),
            "spi_sendbyte": (self.op_spi_sendbyte, (int, int)),
            "spi_readbyte": (self.op_spi_readbyte, (int,)),
            "spi_readwrite": (self.op_spi_readwrite, (int, str, int)),
            "gps": (self.op_gps, (str,)),
            "gps_position": (self.op_gps_position, ()),
            "gps_power": (self.op_gps_power, (int,)),
            "gps_reset": (self.op_gps_reset, (int,)),
            "gps_antenna": (self.op_gps_antenna, ()),
        }

    # -- dispatch ----------------------------------------------------------

    def request(self, op: str, args: tuple[Any, ...]) -> Wait:
        """Validate and start one call; raises CallError for bad calls (the caller
        puts the op's name before its message)."""
        entry = self.ops.get(op)
        if entry is None:
            raise CallError("unknown built-in call %r" % op)
        handler, types = entry
        if len(args) != len(types):
            raise CallError("takes %d arguments, got %d" % (len(types), len(args)))
        if args and tuple(map(type, args)) != types:
            for index, (value, kind) in enumerate(zip(args, types)):
                if type(value) is not kind:
                    raise CallError("argument %d must be %s, not %s"
                                    % (index + 1, kind.__name__, type(value).__name__))
        return handler(*args)

    def _now_wait(self, value: Any) -> Wait:
        now = self.module.clock.now
        return Wait(now + CALL_COST_MS, now + CALL_COST_MS, lambda: value)

    def _timed_wait(self, tenths: int, ready: Callable[[], bool], result: Callable[[], Any]) -> Wait:
        if tenths < 0:
            raise CallError("timeout must not be negative (tenths of a second), got %d" % tenths)
        now = self.module.clock.now
        return Wait(now + CALL_COST_MS, now + CALL_COST_MS + tenths * TENTH_MS, result, ready)

    def close(self) -> None:
        """The boot is over (halt, reboot, end): stop timers, flush print lines."""
        self.op_watchdog_disable()
        for channel, partial in sorted(self._print_buffers.items()):
            if partial:
                self._emit_print(channel, partial)
        self._print_buffers.clear()

    # -- the interpreter itself --------------------------------------------

    def op_main(self) -> Wait:
        return self._now_wait(self.main)

    def op_source(self, name: str) -> Wait:
        """Source of a module the script imports: a built-in shim or a file of
        the flat store (``x.py``, or a stale ``x.pyo`` as the module would).
        None: not the module's, use the interpreter's own import; "": the
        module does not exist on this model (ImportError)."""
        return self._now_wait(self._source(name))

    def _source(self, name: str) -> str | None:
        if name in SHIM_NAMES + SHIM_HELPERS:
            if name == "GPS" and not self.module.spec.has_gps:
                return ""
            return _shim_source("%s/%s.py" % (self.shim_dir, name))
        store = self.module.files
        for candidate in (name + ".py", name + ".pyo", name):
            if store.exists(candidate) and candidate.endswith((".py", ".pyo")):
                run_name, compiles = filestore.script_to_run(store, candidate)
                if compiles:
                    self._uncompiled[name] = candidate
                data = store.read(run_name)
                if run_name.endswith(".pyo"):
                    data = filestore.pyo_source(data)
                self.module.trace.emit("script", "python", "import %s from %s" % (name, run_name))
                self._loaded[name] = (run_name, data)
                return _text(data).replace("\r\n", "\n")
        for folder in self.search_dirs:
            path = os.path.join(folder, name + ".py")
            if os.path.exists(path):
                with open(path, "rb") as handle:
                    data = handle.read()
                self._loaded[name] = (name + ".py", data)
                self.origins.setdefault(name, (path, data))
                return _text(data).replace("\r\n", "\n")
        return None

    def op_compiled(self, name: str) -> Wait:
        """The interpreter compiled module ``name`` (its ``source`` just came from
        ``x.py``): the module stores ``x.pyo`` now, never for a source that does not
        compile."""
        script = self._uncompiled.pop(name, None)
        if script is not None and self.module.files.exists(script):
            filestore.store_pyo(self.module.files, script)
        # Free of virtual time: the compile is part of the import the source call paid.
        return Wait(self.module.clock.now, self.module.clock.now, lambda: None)

    def op_origin(self, name: str) -> Wait:
        """The file names of a module's code: None for a built-in module (it has
        no file; its frames are never shown), else (the name tracebacks show,
        the module's own ``x.py``; the name the code object carries, the host
        file the code came from when the module runs exactly what was loaded
        from it, so coverage and debuggers map, or else the module's name)."""
        if name in SHIM_NAMES + SHIM_HELPERS:
            return self._now_wait(None)
        run_name, data = self._loaded.get(name, (name, b""))
        shown = run_name.rsplit(".", 1)[0] + ".py"
        origin = self.origins.get(run_name.rsplit(".", 1)[0])
        code_name = origin[0] if origin is not None and origin[1] == data else shown
        return self._now_wait((shown, code_name))

    def op_fread(self, name: str) -> Wait:
        store = self.module.files
        return self._now_wait(_text(store.read(name)) if store.exists(name) else None)

    def op_fwrite(self, name: str, content: str) -> Wait:
        try:
            self.module.files.write(name, _bytes(content))
        except FileStoreError as error:
            raise CallError(str(error)) from None
        return self._now_wait(None)

    def op_print(self, channel: str, text: str) -> Wait:
        buffered = self._print_buffers.get(channel, "") + text
        while "\n" in buffered:
            line, buffered = buffered.split("\n", 1)
            self._emit_print(channel, line)
        self._print_buffers[channel] = buffered
        # Free of virtual time: a Python 2 print statement writes in pieces.
        return Wait(self.module.clock.now, self.module.clock.now, lambda: None)

    def _emit_print(self, channel: str, line: str) -> None:
        self.module.trace.emit("script", "print" if channel == "stdout" else "stderr", line)

    def op_exception(self, text: str) -> Wait:
        self.ended, self.traceback = "exception", text
        self.module.trace.emit("script", "python", "uncaught exception: %s"
                               % text.strip().splitlines()[-1], traceback=text)
        for line in text.rstrip("\n").splitlines():
            self._emit_print("stderr", line)
        return self._now_wait(None)

    def op_ended(self) -> Wait:
        self.ended = "ended"
        self.module.trace.emit("script", "python", "script ended")
        return self._now_wait(None)

    # -- ports: MDM, MDM2 (AT engines), SER, SER2 (serial lines) -----------

    def _port(self, port: str):
        if port in AT_PORTS:
            return self.module.engine(port)
        if port in SERIAL_PORTS:
            return self.module.uarts[SERIAL_PORTS[port]]
        raise CallError("unknown port %r" % port)

    def _pending(self, port: str) -> bytearray:
        """The port's buffer of received data itself (look, do not keep)."""
        target = self._port(port)
        return target.output if port in AT_PORTS else target.to_module

    def _take(self, port: str) -> bytes:
        target = self._port(port)
        at_port = port in AT_PORTS
        buffered = target.output if at_port else target.to_module
        if not buffered:
            return b""
        size = self.chunker.size(buffered)
        data = target.read_output(size) if at_port else target.module_take(size)
        if port in SERIAL_PORTS:
            self.module.trace.emit("serial", port, _text(data), direction="in")
        return data

    def _send_bytes(self, port: str, data: bytes) -> int:
        target = self._port(port)
        if port in AT_PORTS:
            target.feed(data)
        elif port == "SER" and not target.script_owned:
            self.module.trace.emit("dropped", port, _text(data), reason="ASC0 belongs to the AT parser")
        else:
            self.module.trace.emit("serial", port, _text(data), direction="out")
            target.module_write(data)
        return 1

    def op_send(self, port: str, data: str, timeout: int) -> Wait:
        try:
            raw = _bytes(data)
        except UnicodeEncodeError:
            raise CallError("only 8-bit characters can be sent") from None
        return self._now_wait(self._send_bytes(port, raw))

    def op_sendbyte(self, port: str, byte: int, timeout: int) -> Wait:
        if not 0 <= byte <= 255:
            raise CallError("byte must be 0..255, got %d" % byte)
        return self._now_wait(self._send_bytes(port, bytes((byte,))))

    def op_receive(self, port: str, tenths: int) -> Wait:
        self._port(port)
        return self._timed_wait(tenths, lambda: bool(self._pending(port)),
                                lambda: _text(self._take(port)))

    def op_receivebyte(self, port: str, tenths: int) -> Wait:
        self._port(port)
        return self._timed_wait(tenths, lambda: bool(self._pending(port)),
                                lambda: self._take_byte(port))

    def _take_byte(self, port: str) -> int:
        target = self._port(port)
        if not self._pending(port):
            return -1
        data = target.read_output(1) if port in AT_PORTS else target.module_take(1)
        return data[0]

    def op_read(self, port: str) -> Wait:
        self._port(port)
        now = self.module.clock.now
        return Wait(now + CALL_COST_MS, now + CALL_COST_MS, lambda: _text(self._take(port)))

    def op_readbyte(self, port: str) -> Wait:
        self._port(port)
        now = self.module.clock.now
        return Wait(now + CALL_COST_MS, now + CALL_COST_MS, lambda: self._take_byte(port))

    def op_line(self, port: str, line: str) -> Wait:
        try:
            return self._now_wait(self.module.line_state(port, line))
        except ValueError as error:
            raise CallError(str(error)) from None

    def op_setline(self, port: str, line: str, value: int) -> Wait:
        if port == "SER":
            self.module.uarts["ASC0"].set_module_line(line, value)
        elif port not in AT_PORTS:
            raise CallError("%s has no %s line" % (port, line))
        return self._now_wait(1)

    def op_set_speed(self, port: str, speed: str, fmt: str) -> Wait:
        if port not in SERIAL_PORTS:
            raise CallError("set_speed is for SER and SER2")
        if speed not in SPEEDS or fmt not in FORMATS:
            return self._now_wait(-1)
        uart = self.module.uarts[SERIAL_PORTS[port]]
        uart.speed, uart.format = speed, fmt
        return self._now_wait(1)

    # -- MOD -----------------------------------------------------------------

    def op_sec_counter(self) -> Wait:
        now = self.module.clock.now
        return Wait(now + CALL_COST_MS, now + CALL_COST_MS,
                    lambda: SEC_COUNTER_AT_START + self.module.clock.now // 1000)

    def op_sleep(self, tenths: int) -> Wait:
        return self._timed_wait(tenths, None, lambda: None)

    def op_watchdog_enable(self, seconds: int) -> Wait:
        if seconds <= 0:
            raise CallError("seconds must be positive, got %d" % seconds)
        self._watchdog_seconds = seconds
        self._watchdog_deadline = self.module.clock.now + seconds * 1000
        # a reset only moves the deadline: the armed timer, when it comes, waits for it
        if self._watchdog is None or self._watchdog.when > self._watchdog_deadline:
            self.op_watchdog_disable()
            self._watchdog = self.module.clock.call_at(self._watchdog_deadline,
                                                       self._watchdog_due)
        return self._now_wait(None)

    def op_watchdog_reset(self) -> Wait:
        if self._watchdog is not None:
            return self.op_watchdog_enable(self._watchdog_seconds)
        return self._now_wait(None)

    def op_watchdog_disable(self) -> Wait:
        if self._watchdog is not None:
            self._watchdog.cancel()
            self._watchdog = None
        return self._now_wait(None)

    def _watchdog_due(self) -> None:
        clock = self.module.clock
        if clock.now < self._watchdog_deadline:       # reset since the timer was armed
            self._watchdog = clock.call_at(self._watchdog_deadline, self._watchdog_due)
            return
        self._watchdog = None
        self.module.trace.emit("script", "MOD", "watchdog expired: reboot")
        self.module.reboot("watchdog")

    def op_power_saving(self, seconds: int) -> Wait:
        if seconds < 0:
            raise CallError("seconds must not be negative, got %d" % seconds)
        marks = {port: len(self._pending(port)) for port in ("MDM", "MDM2", "SER")}

        def woken() -> bool:
            return any(len(self._pending(p)) > n for p, n in marks.items())

        def result() -> None:
            self._power_saving_cause = 0 if woken() else 1

        return self._timed_wait(seconds * 10, woken, result)

    def op_power_saving_cause(self) -> Wait:
        return self._now_wait(self._power_saving_cause)

    def op_enc_base64(self, data: str) -> Wait:
        return self._now_wait(_text(base64.encodebytes(_bytes(data))).replace("\n", "\r\n"))

    def op_dec_base64(self, data: str) -> Wait:
        try:
            return self._now_wait(_text(base64.b64decode(_bytes(data).replace(b"\r\n", b""),
                                                         validate=True)))
        except ValueError:
            return self._now_wait(-1)

    # -- GPIO ------------------------------------------------------------------

    def op_set_io_value(self, pin: int, value: int) -> Wait:
        gpio = self.module.gpio
        if not gpio.valid(pin) or gpio.direction[pin] != OUTPUT or value not in (0, 1):
            return self._now_wait(-1)
        gpio.set_output(pin, value)
        return self._now_wait(1)

    def op_get_io_value(self, pin: int) -> Wait:
        gpio = self.module.gpio
        return self._now_wait(gpio.value[pin] if gpio.valid(pin) else -1)

    def op_set_io_dir(self, pin: int, value: int, direction: int) -> Wait:
        gpio = self.module.gpio
        if not gpio.valid(pin) or direction not in (INPUT, OUTPUT, ALTERNATE) or value not in (0, 1):
            return self._now_wait(-1)
        gpio.set_direction(pin, value, direction)
        return self._now_wait(1)

    def op_get_io_dir(self, pin: int) -> Wait:
        gpio = self.module.gpio
        return self._now_wait(gpio.direction[pin] if gpio.valid(pin) else -1)

    def op_get_adc(self, adc: int) -> Wait:
        return self._now_wait(self.module.gpio.adc.get(adc, -1))

    def op_set_sled(self, mode: int, on: int, off: int) -> Wait:
        if mode not in (0, 1, 2, 3) or not (0 <= on <= 100 and 0 <= off <= 100):
            return self._now_wait(-1)
        self.module.gpio.sled = (mode, on, off)
        return self._now_wait(1)

    # -- IIC / SPI buses and the GPS receiver ----------------------------------

    def _new_bus(self, kind: str, pins: tuple[int, ...], key: tuple[int, ...]) -> Wait:
        if not all(self.module.gpio.valid(p) for p in pins):
            raise CallError("%s.new: pins must be GPIO numbers 1..13, got %s" % (kind, pins))
        handle = len(self._buses) + 1
        self._buses[handle] = (kind, key)
        return self._now_wait(handle)

    def _bus(self, handle: int, kind: str) -> tuple[int, ...]:
        entry = self._buses.get(handle)
        if entry is None or entry[0] != kind:
            raise CallError("no %s bus %d" % (kind, handle))
        return entry[1]

    def op_iic_new(self, sda: int, scl: int, address: int) -> Wait:
        if not 0 <= address <= 0x7F:
            raise CallError("IIC.new: address must be 0..127, got %d" % address)
        return self._new_bus("IIC", (sda, scl), (sda, scl, address))

    def op_bus_init(self, handle: int) -> Wait:
        self._bus(handle, "IIC")
        return self._now_wait(1)

    def op_iic_readwrite(self, handle: int, data: str, count: int) -> Wait:
        address = self._bus(handle, "IIC")[2]
        device = self.module.i2c_devices.get(address)
        if device is None:
            return self._now_wait(-1)
        answer = device(_bytes(data), count)
        return self._now_wait(_text(bytes(answer[:count])))

    def op_spi_new(self, sclk: int, mosi: int, miso: int) -> Wait:
        return self._new_bus("SPI", (sclk, mosi, miso), (sclk, mosi, miso))

    def op_spi_init(self, handle: int, cpol: int, cpha: int) -> Wait:
        self._bus(handle, "SPI")
        return self._now_wait(1 if cpol in (0, 1) and cpha in (0, 1) else -1)

    def _spi_exchange(self, handle: int, byte: int) -> int:
        device = self.module.spi_devices.get(self._bus(handle, "SPI"))
        return device(byte) & 0xFF if device is not None else 0xFF

    def op_spi_sendbyte(self, handle: int, byte: int) -> Wait:
        self._spi_exchange(handle, byte & 0xFF)
        return self._now_wait(1)

    def op_spi_readbyte(self, handle: int) -> Wait:
        return self._now_wait(self._spi_exchange(handle, 0xFF))

    def op_spi_readwrite(self, handle: int, data: str, count: int) -> Wait:
        answer = bytes(self._spi_exchange(handle, b) for b in _bytes(data))
        extra = bytes(self._spi_exchange(handle, 0xFF) for _ in range(max(0, count - len(answer))))
        return self._now_wait(_text((answer + extra)[:count]))

    def op_gps(self, sentence: str) -> Wait:
        return self._now_wait(self.module.gps.sentence(sentence))

    def op_gps_position(self) -> Wait:
        return self._now_wait(self.module.gps.position())

    def op_gps_power(self, state: int) -> Wait:
        if state >= 0:
            self.module.gps.powered = 1 if state else 0
        return self._now_wait(self.module.gps.powered)

    def op_gps_reset(self, mode: int) -> Wait:
        if mode not in RESET_TTFF_MS:
            return self._now_wait(-1)
        self.module.gps.reset(mode)
        return self._now_wait(1)

    def op_gps_antenna(self) -> Wait:
        return self._now_wait(self.module.gps.antenna_mv)
