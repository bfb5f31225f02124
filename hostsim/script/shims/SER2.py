# SER2: the module's second serial port ASC1 (host version of Telit's built-in).
#
# Onboard dialect: the functions of SER without the modem-control lines.
import _ports

_ports.export(globals(), _ports.SerialPort('SER2'), _ports.SERIAL_FUNCTIONS)
