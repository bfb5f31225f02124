"""The module models the emulator can be, as data."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ModelSpec:
    name: str                  # +CGMM / ATI4 answer
    firmware: str              # default +CGMR
    umts: bool                 # UC864 family: no combined SMS-TCP/IP or TCP/IP PFM protocols
    has_gps: bool
    script_space: int          # bytes of the flat script store
    interfaces: tuple[str, ...] = ("ASC0", "MDM", "MDM2")
    # The scripts' interpreter (a profile of the 1.5.2 front end): Telit's "Python 1.5.2+"
    # on the GSM and UMTS generations, python27 on xE910 (telit-facts.md section 1).
    script_profile: str = "telit152"
    # 1.5.2+ most likely has no floating point: only the 2.7.2 samples test floats
    # (telit-facts.md, "Float").
    script_floats: bool = False


MODELS: dict[str, ModelSpec] = {m.name: m for m in [
    ModelSpec("GL865-DUAL", "10.00.144", umts=False, has_gps=False, script_space=1_900_000),
    ModelSpec("GE865-QUAD", "10.00.144", umts=False, has_gps=False, script_space=1_900_000),
    ModelSpec("GE864-QUAD", "07.03.402", umts=False, has_gps=False, script_space=2_900_000),
    ModelSpec("GM862-GPS", "07.03.402", umts=False, has_gps=True, script_space=2_900_000),
    ModelSpec("GC864-QUAD", "07.02.104", umts=False, has_gps=False, script_space=2_900_000),
    ModelSpec("UC864-E", "08.01.106", umts=True, has_gps=False, script_space=2_900_000),
]}

DEFAULT_MODEL = "GL865-DUAL"
