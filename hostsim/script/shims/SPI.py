# SPI: software SPI bus on three GPIO pins (host version of Telit's built-in).
#
# Onboard dialect.  bus = SPI.new(sclk_pin, mosi_pin, miso_pin);
# bus.init(cpol, cpha) -> 1 or -1; bus.sendbyte(b); bus.readbyte() -> int;
# bus.readwrite(data, count) -> string.  Chip select is a plain GPIO pin.
import hostlink


class Bus:
    def __init__(self, sclk, mosi, miso):
        self.handle = hostlink.call('spi_new', sclk, mosi, miso)

    def init(self, cpol, cpha):
        return hostlink.call('spi_init', self.handle, cpol, cpha)

    def sendbyte(self, byte):
        return hostlink.call('spi_sendbyte', self.handle, byte)

    def readbyte(self):
        return hostlink.call('spi_readbyte', self.handle)

    def readwrite(self, data, count):
        return hostlink.call('spi_readwrite', self.handle, data, count)


def new(sclk, mosi, miso):
    return Bus(sclk, mosi, miso)
