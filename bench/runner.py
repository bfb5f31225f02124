"""Script runner speed: MDM round trips per second (in-process and child
interpreter) and simulated seconds per wall second for a script that loops
on MOD.sleep and MDM.receive.  Prints the figures, one per line.
"""
import sys
import time

from hostsim.device.module import Module
from hostsim.parts.sim import SimCard
from hostsim.script import pythons
from hostsim.script.runner import Runner

ROUND_TRIPS = 2000
ROUND_TRIP_SCRIPT = b"""import MDM
n = 0
while n < %d:
    MDM.send('AT\\r', 0)
    a = MDM.receive(10)
    n = n + 1
""" % ROUND_TRIPS

SLEEP_LOOP_SCRIPT = b"""import MDM
import MOD
while 1:
    MOD.sleep(10)
    MDM.receive(50)
"""
SIMULATED_S = 3600


def _run(script, python, until_ms, stop_when_ended):
    module = Module(sim=SimCard(pin=None))
    module.files.write("main.py", script.replace(b"\n", b"\r\n"))
    module.settings.set("#ESCRIPT", "main.py")
    runner = Runner(module, python=python)
    module.power_on()
    start = time.perf_counter()
    runner.run(until_ms, stop_when_ended=stop_when_ended)
    elapsed = time.perf_counter() - start
    runner.close()
    return elapsed


def main():
    modes = [("in-process", None)]
    child = pythons.available(("2.7",)).get("2.7") or sys.executable
    modes.append(("child %s" % child, child))
    for label, python in modes:
        elapsed = _run(ROUND_TRIP_SCRIPT, python, 10 ** 9, True)
        print("%s: MDM round trips per second: %.0f" % (label, ROUND_TRIPS / elapsed))
    for label, python in modes:
        elapsed = _run(SLEEP_LOOP_SCRIPT, python, SIMULATED_S * 1000, False)
        print("%s: simulated seconds per wall second (MOD.sleep + MDM.receive loop): %.0f"
              % (label, SIMULATED_S / elapsed))


if __name__ == "__main__":
    main()
