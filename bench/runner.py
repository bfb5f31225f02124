"""Script runner speed: MDM round trips per second (in-process, goal at least
50,000, and child interpreter) and simulated seconds per wall second for a
script that loops on MOD.sleep and MDM.receive.  Prints the figures, one per
line; each is the best of REPEATS runs (machines are shared and noisy).
"""
import sys
import time

from hostsim.device.module import Module
from hostsim.parts.sim import SimCard
from hostsim.script import pythons
from hostsim.script.runner import Runner

ROUND_TRIPS = 10000
ROUND_TRIP_GOAL = 50000
REPEATS = 3
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
    start, start_cpu = time.perf_counter(), time.process_time()
    runner.run(until_ms, stop_when_ended=stop_when_ended)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - start_cpu
    runner.close()
    return elapsed, cpu


def main():
    modes = [("in-process", None)]
    child = pythons.available(("2.7",)).get("2.7") or sys.executable
    modes.append(("child %s" % child, child))
    for label, python in modes:
        runs = [_run(ROUND_TRIP_SCRIPT, python, 10 ** 9, True) for _ in range(REPEATS)]
        elapsed = min(wall for wall, _ in runs)
        if python is None:      # the whole run is this process's CPU time
            cpu = min(cpu for _, cpu in runs)
            print("%s: MDM round trips per second: %.0f (per second of CPU: %.0f; goal >= %d)"
                  % (label, ROUND_TRIPS / elapsed, ROUND_TRIPS / cpu, ROUND_TRIP_GOAL))
        else:
            print("%s: MDM round trips per second: %.0f" % (label, ROUND_TRIPS / elapsed))
    for label, python in modes:
        elapsed = min(_run(SLEEP_LOOP_SCRIPT, python, SIMULATED_S * 1000, False)[0]
                      for _ in range(REPEATS))
        print("%s: simulated seconds per wall second (MOD.sleep + MDM.receive loop): %.0f"
              % (label, SIMULATED_S / elapsed))


if __name__ == "__main__":
    main()
