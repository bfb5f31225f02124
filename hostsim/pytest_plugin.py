"""pytest fixtures for testing Telit module scripts (registered as ``hostsim``).

``telit``: a :class:`hostsim.testing.Harness`, an emulated module powered on
with the built-in shims bound to it; ``telit.load("name")`` imports an
onboard module by its flat name from the folders of the ``telit_onboard``
ini option (default ``onboard``).  ``telit_shims``: the same harness with
``MDM``, ``MOD``, ``SER``, ... installed in ``sys.modules`` for the test.
"""
from __future__ import annotations

import pytest

from hostsim.testing import Harness


def pytest_addoption(parser):
    parser.addini("telit_onboard", type="linelist", default=["onboard"],
                  help="folders of onboard modules that telit.load() imports from")


@pytest.fixture
def telit(request):
    folders = [str(request.config.rootpath / d) for d in request.config.getini("telit_onboard")]
    harness = Harness(onboard_dirs=folders)
    yield harness
    harness.close()


@pytest.fixture
def telit_shims(telit):
    telit.install_shims()
    yield telit
    telit.remove_shims()
