"""The example application's full update flow gives the same trace (same events,
same virtual times) under every Python present, as in-process."""
import pytest

from hostsim.scenario.agentflow import AgentFlow
from hostsim.scenario.scenario import Scenario
from hostsim.script import pythons

VERSIONS = ["2.7", "3.6", "3.7", "3.8", "3.9", "3.10", "3.11", "3.12", "3.13"]
FOUND = pythons.available(VERSIONS)


def _flow(python):
    result = AgentFlow(Scenario.load("sms-manual"), python=python).execute()
    assert result.problems == [] and result.outcome == "updated"
    return [(e.t, e.kind, e.source, e.text) for e in result.events]


@pytest.fixture(scope="module")
def in_process():
    return _flow(None)


@pytest.mark.parametrize("version", VERSIONS)
def test_same_trace_as_in_process(version, in_process):
    if version not in FOUND:
        pytest.skip("python%s is not on this machine" % version)
    assert _flow(FOUND[version]) == in_process
