"""The interpreter a script is translated for: stock 1.5.2, Telit's 1.5.2+, or 2.7.

* ``python152``: a stock CPython 1.5.2 (32-bit): no string methods, floats.
* ``telit152``: Telit's "Python 1.5.2+" (GSM-generation modules): string methods;
  floats only when the module has them (``floats``; the facts sheet says the
  GSM-generation modules most likely do not, so the default is off).
* ``python27``: xE910 modules (Python 2.7.2, 32-bit): 2.x syntax, string methods,
  ints that become longs past 32 bits, ``True``/``False``.
"""
from typing import NamedTuple, Optional

from .errors import FrontEndError


class Profile(NamedTuple):
    name: str
    string_methods: bool
    floats: bool
    python27: bool

    @property
    def key(self) -> str:
        """What identifies the translation (part of the cache key)."""
        return "%s-%s" % (self.name, "floats" if self.floats else "nofloats")


PYTHON152 = "python152"
TELIT152 = "telit152"
PYTHON27 = "python27"
PROFILE_NAMES = (PYTHON152, TELIT152, PYTHON27)
TELIT152_FLOATS_DEFAULT = False


def get_profile(name: str = PYTHON152, floats: Optional[bool] = None) -> Profile:
    """The profile called ``name``; ``floats`` overrides its default (telit152 only)."""
    if name == PYTHON152:
        return Profile(PYTHON152, False, True if floats is None else floats, False)
    if name == TELIT152:
        return Profile(TELIT152, True, TELIT152_FLOATS_DEFAULT if floats is None else floats, False)
    if name == PYTHON27:
        return Profile(PYTHON27, True, True if floats is None else floats, True)
    raise FrontEndError("unknown profile %r: choose one of %s" % (name, ", ".join(PROFILE_NAMES)))


def as_profile(profile) -> Profile:
    """Accept a Profile or a profile name."""
    if isinstance(profile, Profile):
        return profile
    return get_profile(profile)
