"""Root conftest: use the hostsim pytest plugin from a plain source checkout too.

Installed (pip install -e .), the plugin arrives through its ``pytest11``
entry point; loading it here as well would register it twice.
"""
from importlib import metadata


def _plugin_installed() -> bool:
    entry_points = metadata.entry_points()
    group = (entry_points.select(group="pytest11") if hasattr(entry_points, "select")
             else entry_points.get("pytest11", ()))
    return any(ep.name == "hostsim" for ep in group)


pytest_plugins = [] if _plugin_installed() else ["hostsim.pytest_plugin"]
