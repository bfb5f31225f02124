# GPS: the GPS receiver of GM862-GPS / GE863-GPS modules (host version).
#
# Onboard dialect.  getPosition() -> (lat * 10**7, 'N'|'S', lon * 10**7,
# 'E'|'W'), or (0, '', 0, '') without a fix; getLast*() return the last
# NMEA sentence; getActualPosition() returns the $GPSACP payload, never an
# empty string: without a fix its fields are present and empty
# (',,,,,0,,,,,'), so scripts can split and index it.  resetMode(x):
# 0 factory, 1 cold, 2 warm, 3 hot start (no fix until the receiver has one
# again).
import hostlink


def getLastGGA():
    return hostlink.call('gps', 'GGA')


def getLastRMC():
    return hostlink.call('gps', 'RMC')


def getLastVTG():
    return hostlink.call('gps', 'VTG')


def getPosition():
    return hostlink.call('gps_position')


def getActualPosition():
    return hostlink.call('gps', 'ACP')


def powerOnOff(state):
    return hostlink.call('gps_power', state)


def getPowerOnOff():
    return hostlink.call('gps_power', -1)


def resetMode(mode):
    return hostlink.call('gps_reset', mode)


def getAntennaVoltage():
    return hostlink.call('gps_antenna')
