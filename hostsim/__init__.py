"""Host-side emulation of Telit Python modules (GL865/GE865/GM862 class)."""
from hostsim.core.clock import Clock
from hostsim.device.module import Module
from hostsim.core.trace import Event, Trace

__all__ = ["Clock", "Event", "Module", "Trace"]
__version__ = "0.1.0"
