# SER: the module's main serial port ASC0 (host version of Telit's built-in).
#
# Onboard dialect.  While a script runs (start modes 0 and 1) ASC0 belongs to
# it; the other end is the external application.  send(string), sendbyte,
# receive(timeout), receivebyte, read(), readbyte(), set_speed('115200',
# '8N1'), getRTS/DTR(), setDCD/CTS/DSR/RI(value).
import _ports

_ports.export(globals(), _ports.SerialPort('SER'), _ports.SERIAL_FUNCTIONS + _ports.MODEM_LINES)
