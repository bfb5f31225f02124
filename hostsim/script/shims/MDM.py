# MDM: the script's first AT interface (host version of Telit's built-in).
#
# Onboard dialect: send(string, timeout), sendbyte, receive(timeout),
# receivebyte, read(), readbyte(), getDCD/CTS/DSR/RI(), setRTS/DTR(value).
import _ports

_ports.export(globals(), _ports.AtPort('MDM'), _ports.AT_FUNCTIONS)
