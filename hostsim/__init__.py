"""Host-side emulation of Telit Python modules (GL865/GE865/GM862 class).

``Clock``, ``Event``, ``Module`` and ``Trace`` are imported on first use, so that
a tool that needs one small piece (``telit-deploy`` takes the dialect checker and
the upload form) does not load the whole emulator.
"""
from __future__ import annotations

import importlib
from typing import Any

__all__ = ["Clock", "Event", "Module", "Trace"]
__version__ = "0.2.0"

_LAZY = {"Clock": "hostsim.core.clock", "Event": "hostsim.core.trace",
         "Module": "hostsim.device.module", "Trace": "hostsim.core.trace"}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError("module 'hostsim' has no attribute %r" % name)
    return getattr(importlib.import_module(_LAZY[name]), name)
