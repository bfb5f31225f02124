"""Host-side emulation of Telit Python modules (GL865/GE865/GM862 class)."""
from hostsim.core.clock import Clock
from hostsim.core.trace import Event, Trace
from hostsim.device.module import Module

__all__ = ["Clock", "Event", "Module", "Trace"]
__version__ = "0.1.0"
