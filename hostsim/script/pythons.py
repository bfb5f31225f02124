"""Finding the Python interpreters a machine offers (for child-interpreter runs).

Looks the way a user's shell would: ``python2.7``, ``python3.6``, ... on
PATH (pyenv users export ``PYENV_VERSION`` with every installed version, so
its shims answer), plus an old 1.5 build named by ``PYTHON15``.
"""
from __future__ import annotations

import os
import shutil
import subprocess

OLD_VERSIONS = ("2.7", "3.6", "3.7")
HOST_VERSIONS = ("3.8", "3.9", "3.10", "3.11", "3.12", "3.13")
_PROBE = "import sys; sys.stdout.write('%d.%d' % tuple(sys.version_info[:2]))"


def version_of(executable: str) -> str | None:
    """``"2.7"`` for a working Python 2.7, None when it does not run."""
    try:
        result = subprocess.run([executable, "-S", "-c", _PROBE], capture_output=True,
                                timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout.decode("ascii", "replace") if result.returncode == 0 else None


def find(version: str) -> str | None:
    """The path of a working ``python<version>``, or None."""
    path = shutil.which("python" + version)
    return path if path and version_of(path) == version else None


def available(versions=OLD_VERSIONS + HOST_VERSIONS) -> dict[str, str]:
    """Version -> path for every working interpreter of ``versions``."""
    found = {}
    for version in versions:
        path = find(version)
        if path:
            found[version] = path
    return found


def python15() -> str | None:
    """The 1.5 interpreter named by ``PYTHON15``, if it runs."""
    path = os.environ.get("PYTHON15")
    if not path:
        return None
    try:
        result = subprocess.run([path, "-c", "import sys; print sys.version[:3]"],
                                capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return path if result.returncode == 0 and result.stdout.startswith(b"1.5") else None


MODULE_PYTHON_VARIABLE = "HOSTSIM_MODULE_PYTHON"


def module_python_request() -> str | None:
    """The module interpreter version a test run asks for (``2.7``, ``1.5``), if any."""
    return os.environ.get(MODULE_PYTHON_VARIABLE) or None


def resolve(version: str) -> str | None:
    """The path of the interpreter for ``version`` (``1.5`` means ``PYTHON15``)."""
    return python15() if version == "1.5" else find(version)
