# SER: the module's main serial port ASC0 (host version of Telit's built-in).
#
# Onboard dialect.  While a script runs (start modes 0 and 1) ASC0 belongs
# to it; the other end is the external application.  receive() timeouts are
# tenths of a second; speeds are strings: set_speed('115200', '8N1').
import hostlink

PORT = 'SER'


def send(string):
    return hostlink.call('send', PORT, string, 0)


def sendbyte(byte):
    return hostlink.call('sendbyte', PORT, byte, 0)


def receive(timeout):
    return hostlink.call('receive', PORT, timeout)


def receivebyte(timeout):
    return hostlink.call('receivebyte', PORT, timeout)


def read():
    return hostlink.call('read', PORT)


def readbyte():
    return hostlink.call('readbyte', PORT)


def set_speed(speed, format='8N1'):
    return hostlink.call('set_speed', PORT, speed, format)


def getRTS():
    return hostlink.call('line', PORT, 'RTS')


def getDTR():
    return hostlink.call('line', PORT, 'DTR')


def setDCD(value):
    return hostlink.call('setline', PORT, 'DCD', value)


def setCTS(value):
    return hostlink.call('setline', PORT, 'CTS', value)


def setDSR(value):
    return hostlink.call('setline', PORT, 'DSR', value)


def setRI(value):
    return hostlink.call('setline', PORT, 'RI', value)
