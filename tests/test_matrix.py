"""The agent matrix: protocol x reading of the TCP/IP halting rule x fault x power-loss point.

Every cell runs in-process under ``-m matrix`` (tox's matrix environment, with
``-n 2``); the module-interpreter environments (``-m module_flow``) run the
subset of :func:`hostsim.scenario.matrix.module_subset`.
"""
import subprocess
import sys

import pytest

from hostsim.fota.module_side import HALT_INHIBITED, HALT_LITERAL
from hostsim.scenario.matrix import (
    FAULTS,
    NO_READING,
    TCP_PROTOCOLS,
    Cell,
    cells,
    module_subset,
    run_cell,
    select,
)

SUBSET = set(module_subset())


def _param(cell):
    marks = [pytest.mark.matrix] + ([pytest.mark.module_flow] if cell in SUBSET else [])
    return pytest.param(cell, marks=marks, id=cell.name)


@pytest.mark.parametrize("cell", [_param(c) for c in cells()])
def test_matrix_cell(cell, module_python):
    assert run_cell(cell, module_python) == []


def test_the_matrix_has_at_least_300_cells():
    assert len(cells()) >= 300


def test_the_matrix_has_the_faults_of_the_issue():
    assert {"coverage-loss", "gprs-loss", "cfun0", "csd-error", "test", "query", "sim-change",
            "preloaded"} <= set(FAULTS)


def test_every_tcp_cell_runs_under_both_readings_and_sms_under_its_one_rule():
    found = {(c.protocol, c.reading) for c in cells()}
    assert found == {("sms", NO_READING)} | {(p, r) for p in TCP_PROTOCOLS
                                             for r in (HALT_LITERAL, HALT_INHIBITED)}


def test_a_frozen_module_never_sees_the_cfun0_of_the_literal_reading():
    # Notes 3.1.2, 4.1.2 read literally: AT is frozen for the whole update, so a
    # +CFUN=0 in the middle of the download is dropped and the update goes on.
    assert Cell("tcp", HALT_LITERAL, "cfun0", "none").expected == "updated"
    assert Cell("tcp", HALT_INHIBITED, "cfun0", "none").expected == "failed"
    assert Cell("sms", NO_READING, "cfun0", "none").expected == "failed"


def test_the_module_subset_covers_every_fault_and_every_power_loss_point():
    assert {c.fault for c in SUBSET} == set(FAULTS)
    assert {c.cut for c in SUBSET} == {c.cut for c in cells()}
    assert {(c.protocol, c.reading) for c in SUBSET} == {(c.protocol, c.reading) for c in cells()}


def _table(*args):
    done = subprocess.run([sys.executable, "-m", "hostsim", "matrix", "--protocol", "sms",
                           "--fault", "wrong-version"] + list(args),
                          capture_output=True, text=True, check=True)
    return done.stdout.splitlines()[:-1]       # the last line has the wall time


@pytest.mark.matrix
def test_the_table_is_the_same_with_workers_and_twice_in_a_row():
    one = _table("-j", "1")
    assert len(one) == 1 + len(select("sms", "wrong-version"))
    assert all(" pass " in line for line in one[1:])
    assert _table("-j", "2") == one
    assert _table("-j", "2") == one
