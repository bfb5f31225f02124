# SER2: the module's second serial port ASC1 (host version of Telit's built-in).
#
# Onboard dialect.  No modem-control lines; speeds are strings.
import hostlink

PORT = 'SER2'


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
