"""Shared fixtures, the hypothesis profiles, and how many cases each property tried."""
import os
import re

import pytest
from _hypothesis_pytestplugin import STATS_KEY
from hypothesis import HealthCheck, settings

from hostsim.device.module import Module
from hostsim.parts.sim import SimCard
from hostsim.script import pythons

settings.register_profile("ci", max_examples=150, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=60, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

EXAMPLES = re.compile(r"(\d+) passing examples, (\d+) failing examples, (\d+) invalid examples")


def pytest_terminal_summary(terminalreporter):
    """One line per property test run: the cases hypothesis tried, in every phase (its
    statistics travel with the test reports, from xdist workers too)."""
    counts = {}
    for reports in terminalreporter.stats.values():
        for report in reports:
            text = getattr(report, STATS_KEY, None)
            if text:
                tried = [sum(int(n) for n in found) for found in EXAMPLES.findall(text)]
                counts[report.nodeid] = sum(tried)
    if counts:
        terminalreporter.section("cases tried by each property (hypothesis)")
        for nodeid, tried in sorted(counts.items()):
            terminalreporter.write_line("%6d  %s" % (tried, nodeid))


@pytest.fixture
def module():
    """A powered-on module whose SIM has no PIN."""
    m = Module(sim=SimCard(pin=None))
    m.power_on()
    return m



@pytest.fixture(scope="session")
def module_python():
    """The script interpreter of module-flow tests: None (in-process) unless
    HOSTSIM_MODULE_PYTHON names a version; skipped when that one is missing."""
    version = pythons.module_python_request()
    if version is None:
        return None
    path = pythons.resolve(version)
    if path is None:
        hint = "set PYTHON15 to a Python 1.5 binary" if version == "1.5" else \
            "no working python%s on PATH" % version
        pytest.skip("module interpreter %s not available (%s): skipped" % (version, hint))
    return path
