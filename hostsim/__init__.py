"""Host-side emulation of Telit Python modules (GL865/GE865/GM862 class)."""
from .clock import Clock
from .module import Module
from .trace import Event, Trace

__all__ = ["Clock", "Event", "Module", "Trace"]
__version__ = "0.1.0"
