"""Root conftest: use the hostsim pytest plugin from a plain source checkout too.

Installed (pip install -e .), the plugin arrives through its ``pytest11``
entry point; loading it here as well would register it twice.
"""
from hostsim.pytest_plugin import installed

pytest_plugins = [] if installed() else ["hostsim.pytest_plugin"]
