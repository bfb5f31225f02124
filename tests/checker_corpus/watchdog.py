# Watchdog: restart the module when the network is lost for too long.
import MOD
import MDM
import string

LIMIT = 600
lost_since = None

def registered():
    MDM.send('AT+CREG?\r', 2)
    answer = MDM.receive(10)
    return string.find(answer, ',1') > 0 or string.find(answer, ',5') > 0

def enable_watchdog(seconds):
    MOD.watchdogEnable(seconds)

enable_watchdog(300)
while 1:
    MOD.watchdogReset()
    if registered():
        lost_since = None
    elif lost_since is None:
        lost_since = MOD.secCounter()
    elif MOD.secCounter() - lost_since > LIMIT:
        print 'network lost for', MOD.secCounter() - lost_since, 's: reboot'
        MDM.send('AT#REBOOT\r', 2)
    MOD.sleep(100)
