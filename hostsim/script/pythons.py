"""Finding the Python interpreters a machine offers (for child-interpreter runs).

Looks the way a user's shell would: ``python2.7``, ``python3.6``, ... on
PATH, then among the versions pyenv installed (``$PYENV_ROOT/versions``, so
nothing needs exporting), plus an old 1.5 build named by ``PYTHON15``.
"""
from __future__ import annotations

import glob
import os
import shutil
import subprocess

OLD_VERSIONS = ("2.7", "3.6", "3.7")
HOST_VERSIONS = ("3.8", "3.9", "3.10", "3.11", "3.12", "3.13", "3.14")
_PROBE = "import sys; sys.stdout.write('%d.%d' % tuple(sys.version_info[:2]))"


def version_of(executable: str) -> str | None:
    """``"2.7"`` for a working Python 2.7, None when it does not run."""
    try:
        result = subprocess.run([executable, "-S", "-c", _PROBE], capture_output=True,
                                timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout.decode("ascii", "replace") if result.returncode == 0 else None


def _pyenv_candidates(version: str) -> list[str]:
    """``python<version>`` of each pyenv-installed ``<version>.N``, newest first."""
    root = os.environ.get("PYENV_ROOT") or os.path.join(os.path.expanduser("~"), ".pyenv")
    found = glob.glob(os.path.join(root, "versions", version + ".*", "bin", "python" + version))

    def patch_level(path: str) -> int:
        folder = os.path.basename(os.path.dirname(os.path.dirname(path)))
        tail = folder[len(version) + 1:]
        return int(tail) if tail.isdigit() else -1
    return sorted(found, key=patch_level, reverse=True)


def find(version: str) -> str | None:
    """The path of a working ``python<version>``, or None."""
    on_path = shutil.which("python" + version)
    for path in ([on_path] if on_path else []) + _pyenv_candidates(version):
        if version_of(path) == version:
            return path
    return None


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
