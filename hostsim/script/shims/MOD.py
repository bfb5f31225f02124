# MOD: timing, watchdog and power saving (host version of Telit's built-in).
#
# Onboard dialect.  sleep() is in tenths of a second; secCounter() in whole
# seconds; watchdogEnable() and powerSaving() take seconds.
import hostlink


def secCounter():
    return hostlink.call('secCounter')


def sleep(tenths):
    return hostlink.call('sleep', tenths)


def watchdogEnable(seconds):
    return hostlink.call('watchdogEnable', seconds)


def watchdogReset():
    return hostlink.call('watchdogReset')


def watchdogDisable():
    return hostlink.call('watchdogDisable')


def powerSaving(seconds):
    return hostlink.call('powerSaving', seconds)


def powerSavingExitCause():
    return hostlink.call('powerSavingExitCause')


def encBase64(data):
    return hostlink.call('encBase64', data)


def decBase64(data):
    return hostlink.call('decBase64', data)
