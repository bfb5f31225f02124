"""The module's GPIO pins, ADC inputs and status LED, with a history.

Scripts set and read pins through the ``GPIO`` shim; tests drive inputs
with :meth:`Gpio.drive` and assert on :attr:`Gpio.history`.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

INPUT, OUTPUT, ALTERNATE = 0, 1, 2
PINS = range(1, 14)


@dataclass(frozen=True)
class PinChange:
    t: int            # virtual ms
    pin: int
    what: str         # "value" or "direction"
    value: int
    by: str           # "script" or "world"


class Gpio:
    def __init__(self, now: Callable[[], int]):
        self._now = now
        self.direction: dict[int, int] = {pin: INPUT for pin in PINS}
        self.value: dict[int, int] = {pin: 0 for pin in PINS}
        self.adc: dict[int, int] = {1: 0, 2: 0, 3: 0}      # millivolts per ADC input
        self.sled: tuple[int, int, int] = (2, 0, 0)          # mode, on, off (tenths)
        self.history: list[PinChange] = []

    def _record(self, pin: int, what: str, value: int, by: str) -> None:
        self.history.append(PinChange(self._now(), pin, what, value, by))

    def valid(self, pin: int) -> bool:
        return pin in self.direction

    def set_direction(self, pin: int, value: int, direction: int) -> None:
        if self.direction[pin] != direction:
            self.direction[pin] = direction
            self._record(pin, "direction", direction, "script")
        if direction == OUTPUT:
            self.set_output(pin, value)

    def set_output(self, pin: int, value: int) -> None:
        value = 1 if value else 0
        if self.value[pin] != value:
            self.value[pin] = value
            self._record(pin, "value", value, "script")

    def drive(self, pin: int, value: int) -> None:
        """The outside world sets an input pin."""
        if self.direction[pin] == OUTPUT:
            raise ValueError("GPIO%d is an output; the script drives it" % pin)
        value = 1 if value else 0
        if self.value[pin] != value:
            self.value[pin] = value
            self._record(pin, "value", value, "world")

    def values_of(self, pin: int) -> list[tuple[int, int]]:
        """(time, value) of every value change of ``pin``."""
        return [(c.t, c.value) for c in self.history if c.pin == pin and c.what == "value"]
