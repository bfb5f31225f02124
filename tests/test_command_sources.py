"""Every emulated command names where its syntax and answers come from."""
from __future__ import annotations

from hostsim.cli.listings import cmd_commands
from hostsim.commands import build_registry


def test_every_registered_command_has_a_source():
    unsourced = [command.name for command in build_registry() if not command.source.strip()]
    assert unsourced == []


def test_the_listing_shows_no_command_without_a_source(capsys):
    assert cmd_commands(None) == 0
    listing = capsys.readouterr().out
    assert "source not recorded" not in listing
    assert len(listing.splitlines()) == len(list(build_registry()))
