# MDM2: the script's second AT interface (host version of Telit's built-in).
#
# Onboard dialect.  Timeouts are tenths of a second.  receive() returns the
# first chunk that arrives, or '' when the timeout passes; read() never waits.
import hostlink

PORT = 'MDM2'


def send(string, timeout):
    return hostlink.call('send', PORT, string, timeout)


def sendbyte(byte, timeout):
    return hostlink.call('sendbyte', PORT, byte, timeout)


def receive(timeout):
    return hostlink.call('receive', PORT, timeout)


def receivebyte(timeout):
    return hostlink.call('receivebyte', PORT, timeout)


def read():
    return hostlink.call('read', PORT)


def readbyte():
    return hostlink.call('readbyte', PORT)


def getDCD():
    return hostlink.call('line', PORT, 'DCD')


def getCTS():
    return hostlink.call('line', PORT, 'CTS')


def getDSR():
    return hostlink.call('line', PORT, 'DSR')


def getRI():
    return hostlink.call('line', PORT, 'RI')


def setRTS(value):
    return hostlink.call('setline', PORT, 'RTS', value)


def setDTR(value):
    return hostlink.call('setline', PORT, 'DTR', value)
