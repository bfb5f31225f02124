# GPIO: general purpose pins, ADC and status LED (host version of Telit's built-in).
#
# Onboard dialect.  Directions: 0 input, 1 output, 2 alternate function.
# Functions answer 1 (or the value) on success and -1 on error.
import hostlink


def setIOvalue(pin, value):
    return hostlink.call('setIOvalue', pin, value)


def getIOvalue(pin):
    return hostlink.call('getIOvalue', pin)


def setIOdir(pin, value, direction):
    return hostlink.call('setIOdir', pin, value, direction)


def getIOdir(pin):
    return hostlink.call('getIOdir', pin)


def getADC(adc):
    return hostlink.call('getADC', adc)


def setSLED(mode, on_tenths, off_tenths):
    return hostlink.call('setSLED', mode, on_tenths, off_tenths)
