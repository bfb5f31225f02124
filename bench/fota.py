"""Wall time of a full manual SMS-protocol update (about 620 simulated seconds),
in-process, driven by the scripted external application; prints the ratio of
simulated to wall time (goal: over 10,000).
"""
import time

from hostsim.scenario.scenario import Scenario, ScenarioRun

ROUNDS = 20


def main():
    scenario = Scenario.load("sms-manual")
    best = None
    for _ in range(ROUNDS):
        start = time.perf_counter()
        run = ScenarioRun(scenario)
        run.power_on()
        run.clock.run_until(scenario.duration_ms)
        elapsed = time.perf_counter() - start
        assert run.check() == [], run.check()
        best = elapsed if best is None else min(best, elapsed)
    module = run.modules["A"]
    request = next(e.t for e in module.trace.events if e.text.startswith("request_update"))
    notified = next(e.t for e in module.trace.events if e.text.endswith("successfull FW Upgrade"))
    simulated = (notified - request) / 1000
    print("update from request to server notified: %.1f simulated s" % simulated)
    print("wall time of the run (best of %d): %.4f s" % (ROUNDS, best))
    print("simulated seconds per wall second: %.0f" % (scenario.duration_ms / 1000 / best))


if __name__ == "__main__":
    main()
