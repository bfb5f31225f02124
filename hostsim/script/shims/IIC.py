# IIC: software I2C bus on two GPIO pins (host version of Telit's built-in).
#
# Onboard dialect.  bus = IIC.new(sda_pin, scl_pin, address); bus.init();
# bus.readwrite(data_to_send, bytes_to_read) -> string, or -1 when no
# device answers at that address.
import hostlink


class Bus:
    def __init__(self, sda, scl, address):
        self.handle = hostlink.call('iic_new', sda, scl, address)

    def init(self):
        return hostlink.call('iic_init', self.handle)

    def readwrite(self, data, count):
        return hostlink.call('iic_readwrite', self.handle, data, count)


def new(sda, scl, address):
    return Bus(sda, scl, address)
