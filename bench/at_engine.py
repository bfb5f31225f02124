"""AT commands per second through one AT engine (in-process, no I/O).

Prints the figures; the last line is the headline number.
"""
import time

from hostsim.device.module import Module
from hostsim.parts.sim import SimCard

LINES = [b"AT\r", b"AT+CGMR\r", b"AT+CMEE=2;+CMEE?\r", b"AT+CPIN?\r", b"ATI4\r",
         b"AT+IPR?\r", b"AT+NOPE\r", b"ATS3?\r"]
ROUNDS = 4000


def main():
    module = Module(sim=SimCard(pin=None))
    module.power_on()
    engine = module.engine("ASC0")
    engine.feed(b"ATE0\r")
    engine.read_output()
    commands = 0
    start = time.perf_counter()
    for _ in range(ROUNDS):
        for line in LINES:
            engine.feed(line)
            commands += 1
        engine.read_output()
    elapsed = time.perf_counter() - start
    print("command lines: %d in %.3f s" % (commands, elapsed))
    print("trace events: %d" % len(module.trace.events))
    print("AT command lines per second: %.0f" % (commands / elapsed))


if __name__ == "__main__":
    main()
