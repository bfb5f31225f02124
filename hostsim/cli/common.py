"""What several ``hostsim`` sub-commands share: opening a module, checking numbers."""
from __future__ import annotations

from hostsim.core.console import finite_number
from hostsim.core.errors import HostsimError
from hostsim.core.models import DEFAULT_MODEL
from hostsim.device import persist
from hostsim.device.module import Module

SECONDS = finite_number("seconds")   # an argparse type: virtual seconds, finite, >= 0


def open_module(state: str | None, model: str | None) -> Module:
    """A new module, or the one saved in the state directory ``state``."""
    if state is None:
        return Module(model=model or DEFAULT_MODEL)
    module = persist.load(state, model=model or DEFAULT_MODEL)
    if model is not None and module.spec.name != model:
        raise HostsimError("state %s holds a %s, not a %s (drop --model or use another --state)"
                           % (state, module.spec.name, model))
    return module
