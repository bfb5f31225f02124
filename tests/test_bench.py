"""The bench/ scripts still run against the code they measure (their figures are
printed by hand; only breakage is tested here, never a speed)."""
import importlib.util
import os
import sys

import pytest

from hostsim.scenario.matrix import cells

BENCH = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "bench")
SCRIPTS = sorted(name[:-3] for name in os.listdir(BENCH) if name.endswith(".py"))


def load(name):
    """bench/NAME.py as a module (its own name would hide packages, e.g. deploy)."""
    spec = importlib.util.spec_from_file_location("bench_" + name, os.path.join(BENCH, name + ".py"))
    module = importlib.util.module_from_spec(spec)
    path = list(sys.path)
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path[:] = path
    return module


@pytest.mark.parametrize("name", SCRIPTS)
def test_every_bench_script_loads_and_has_a_main(name):
    assert callable(load(name).main)


def test_the_runner_bench_runs_both_of_its_scripts():
    bench = load("runner")
    wall, cpu = bench._run(bench.ROUND_TRIP_SCRIPT, None, 10 ** 9, True)
    assert wall > 0 and cpu > 0
    assert bench._run(bench.SLEEP_LOOP_SCRIPT, None, 60_000, False)[0] > 0


def test_the_agent_bench_measures_cells():
    bench = load("agent")
    assert bench.cell_cpu_ms(cells()[:bench.CELL_SAMPLE_STEP + 1]) > 0


@pytest.mark.realtime
@pytest.mark.skipif(not hasattr(os, "openpty"), reason="no pseudo-terminals here")
def test_the_deploy_bench_measures_an_upload(tmp_path):
    from deploy.local import prepare

    bench = load("deploy")
    path = tmp_path / "bench.dat"
    path.write_bytes(b"x" * 2048)
    transfer, put = bench._measure(0, prepare(str(path)), 1)
    assert 0 < transfer and 0 < put
