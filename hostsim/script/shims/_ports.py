# _ports: the functions MDM, MDM2, SER and SER2 share, for one named port.
#
# Onboard dialect.  Each of those shims is this module's functions bound to
# its port name (export()).  Timeouts are tenths of a second; receive()
# returns the first chunk that arrives, or '' when the timeout passes;
# read() never waits; readbyte() is -1 when nothing is there.
import hostlink


class Port:
    def __init__(self, name):
        self.name = name

    def receive(self, timeout):
        return hostlink.call('receive', self.name, timeout)

    def receivebyte(self, timeout):
        return hostlink.call('receivebyte', self.name, timeout)

    def read(self):
        return hostlink.call('read', self.name)

    def readbyte(self):
        return hostlink.call('readbyte', self.name)

    def line(self, name):
        return hostlink.call('line', self.name, name)

    def set_line(self, name, value):
        return hostlink.call('setline', self.name, name, value)


class AtPort(Port):
    """MDM, MDM2: an AT interface of the module; send() takes a timeout."""

    def send(self, string, timeout):
        return hostlink.call('send', self.name, string, timeout)

    def sendbyte(self, byte, timeout):
        return hostlink.call('sendbyte', self.name, byte, timeout)

    def getDCD(self):
        return self.line('DCD')

    def getCTS(self):
        return self.line('CTS')

    def getDSR(self):
        return self.line('DSR')

    def getRI(self):
        return self.line('RI')

    def setRTS(self, value):
        return self.set_line('RTS', value)

    def setDTR(self, value):
        return self.set_line('DTR', value)


class SerialPort(Port):
    """SER, SER2: a serial line; speeds are strings: set_speed('115200', '8N1')."""

    def send(self, string):
        return hostlink.call('send', self.name, string, 0)

    def sendbyte(self, byte):
        return hostlink.call('sendbyte', self.name, byte, 0)

    def set_speed(self, speed, format='8N1'):
        return hostlink.call('set_speed', self.name, speed, format)

    def getRTS(self):
        return self.line('RTS')

    def getDTR(self):
        return self.line('DTR')

    def setDCD(self, value):
        return self.set_line('DCD', value)

    def setCTS(self, value):
        return self.set_line('CTS', value)

    def setDSR(self, value):
        return self.set_line('DSR', value)

    def setRI(self, value):
        return self.set_line('RI', value)


AT_FUNCTIONS = ['send', 'sendbyte', 'receive', 'receivebyte', 'read', 'readbyte',
                'getDCD', 'getCTS', 'getDSR', 'getRI', 'setRTS', 'setDTR']
SERIAL_FUNCTIONS = ['send', 'sendbyte', 'receive', 'receivebyte', 'read', 'readbyte',
                    'set_speed']
MODEM_LINES = ['getRTS', 'getDTR', 'setDCD', 'setCTS', 'setDSR', 'setRI']


def export(namespace, port, names):
    """Put ``port``'s methods ``names`` into a shim module's namespace."""
    for name in names:
        namespace[name] = getattr(port, name)
