# MDM2: the script's second AT interface (host version of Telit's built-in).
#
# Onboard dialect: the same functions as MDM.
import _ports

_ports.export(globals(), _ports.AtPort('MDM2'), _ports.AT_FUNCTIONS)
