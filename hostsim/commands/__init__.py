"""The emulated command set: each submodule declares one family as data."""
from __future__ import annotations

from hostsim.at.syntax import Registry
from hostsim.commands import basic, gprs, network, ota, scripts, sim, sms

FAMILIES = (basic, sim, network, sms, gprs, scripts, ota)


def build_registry() -> Registry:
    registry = Registry()
    for family in FAMILIES:
        for command in family.COMMANDS:
            registry.add(command)
    return registry
