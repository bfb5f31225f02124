"""Where the project's onboard scripts are: a source checkout or an installation."""
from __future__ import annotations

import sys
from pathlib import Path

from hostsim.core.errors import HostsimError


def onboard_dir() -> Path:
    """The folder of the onboard scripts (``onboard/`` of a checkout, or the
    data folder a ``pip install`` put them in)."""
    for candidate in (Path(__file__).resolve().parents[2] / "onboard",
                      Path(sys.prefix) / "share" / "telit-fota-toolkit" / "onboard"):
        if (candidate / "fotaagent.py").exists():
            return candidate
    raise HostsimError("the onboard scripts are not installed (no fotaagent.py found)")
