# Enter the SIM PIN at start-up; tuple parameters and string exceptions, 1.5.2 style.
import MDM
import string

PinError = 'PinError'

def answer_of(cmd):
    MDM.send(cmd + '\r', 2)
    return MDM.receive(30)

def check((code, tries), limit=3):
    if tries >= limit:
        raise PinError, 'too many tries'
    reply = answer_of('AT+CPIN=%s' % code)
    return string.find(reply, 'OK') >= 0

try:
    if check(('1234', 0)):
        print 'PIN accepted'
except PinError, why:
    print 'PIN refused:', why
