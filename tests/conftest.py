"""Shared fixtures and the hypothesis profiles."""
import os

import pytest
from hypothesis import HealthCheck, settings

from hostsim.module import Module
from hostsim.sim import SimCard

settings.register_profile("ci", max_examples=150, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=60, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture
def module():
    """A powered-on module whose SIM has no PIN."""
    m = Module(sim=SimCard(pin=None))
    m.power_on()
    return m

