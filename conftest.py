"""Root conftest: use the hostsim pytest plugin from a plain source checkout too.

Installed (pip install -e .), the plugin arrives through its ``pytest11``
entry point; loading it here as well would register it twice.
"""
from hostsim.testing import plugin_installed

pytest_plugins = [] if plugin_installed() else ["hostsim.pytest_plugin"]
