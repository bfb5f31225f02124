"""The onboard agent: wall time of the whole matrix and its cells per second
(on as many worker processes as the machine has cores, or ``-j N``), the CPU
time of one cell (the mean of a sample run in this process; goal at most
50 ms), reaction
time to a manual request (virtual seconds; goal under 2), and the size of the
agent's files with CRLF line endings (goal under 24 kB): as ``telit-deploy
put`` stores them on the module (compacted), and as written.  Prints the figures.
"""
import argparse
import os
import time

from hostsim.core.paths import onboard_dir
from hostsim.scenario.agentflow import AgentFlow
from hostsim.scenario.matrix import cells, run_cell, run_cells
from hostsim.scenario.scenario import Scenario
from hostsim.script.uploadform import crlf, module_form

AGENT = ("fotaagent.py", "atlayer.py", "compat.py", "config.py", "journal.py", "report.py")
CELL_SAMPLE_STEP = 11      # every 11th cell: 28 cells across protocols, faults and cuts
CELL_GOAL_MS = 50


def cell_cpu_ms(everything):
    """Mean process CPU time of a sample of cells, after a warm-up cell (translation cache)."""
    sample = everything[::CELL_SAMPLE_STEP]
    run_cell(sample[0])
    start = time.process_time()
    for cell in sample:
        run_cell(cell)
    return (time.process_time() - start) * 1000 / len(sample)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1,
                        help="worker processes for the matrix (default: the cores)")
    workers = parser.parse_args().jobs
    start = time.perf_counter()
    everything = cells()
    failed = [cell for cell, problems in run_cells(everything, workers=workers) if problems]
    wall = time.perf_counter() - start
    print("matrix: %d cells, %d failed, %.1f s wall on %d workers, %.2f cells/s"
          % (len(everything), len(failed), wall, workers, len(everything) / wall))
    print("one cell: %.1f ms of CPU (goal <= %d ms)" % (cell_cpu_ms(everything), CELL_GOAL_MS))
    events = AgentFlow(Scenario.load("sms-manual")).execute().events
    asked = next(e.t for e in events if e.kind == "urc" and e.source == "MDM"
                 and e.text.endswith("Do you want to upgrade the firmware?"))
    answered = next(e.t for e in events if e.kind == "at-in" and e.text == "AT#OTASUAN=1")
    print("reaction to a manual request: %.3f virtual s (goal < 2)" % ((answered - asked) / 1000))
    sources = [(onboard_dir() / name).read_bytes() for name in AGENT]
    stored = sum(len(module_form(source)) for source in sources)
    written = sum(len(crlf(source)) for source in sources)
    print("agent files on the module (telit-deploy put): %d bytes (goal < 24576); "
          "as written, with CRLF: %d bytes" % (stored, written))


if __name__ == "__main__":
    main()
