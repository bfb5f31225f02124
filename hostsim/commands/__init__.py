"""The emulated command set: each submodule declares one family as data."""
from __future__ import annotations

from hostsim.at.syntax import Registry
from hostsim.commands import (
    basic,
    email,
    ftp,
    gprs,
    gps,
    identity,
    network,
    ota,
    phonebook,
    scripts,
    settings81,
    sim,
    sms,
    sockets,
)

FAMILIES = (basic, sim, network, sms, gprs, scripts, ota, gps, identity, sockets, settings81,
            email, ftp, phonebook)


def build_registry() -> Registry:
    registry = Registry()
    for family in FAMILIES:
        for command in family.COMMANDS:
            registry.add(command)
    return registry

BOOT_HOOKS = (identity.on_boot, ftp.on_boot)     # families that act at every power-on


def attach(module) -> None:
    """Register the families' power-on hooks with ``module``."""
    module.boot_listeners.extend(BOOT_HOOKS)
