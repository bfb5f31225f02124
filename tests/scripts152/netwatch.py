# netwatch: follows the registration through a coverage loss, as field
# scripts do before they open a GPRS context.
import MDM
import MOD
import string

STATES = {'0': 'not registered', '1': 'home', '2': 'searching', '3': 'denied',
          '5': 'roaming'}

class Watch:
    state = None
    changes = []

def creg():
    MDM.send('AT+CREG?\r', 0)
    answer = ''
    while string.find(answer, '\r\nOK\r\n') == -1:
        answer = answer + MDM.receive(10)
    fields = string.splitfields(answer, ',')
    return STATES.get(fields[1][0], 'unknown')

start = MOD.secCounter()
while MOD.secCounter() - start < 90:
    state = creg()
    if state != Watch.state:
        Watch.changes.append((MOD.secCounter() - start, state))
        print 't+%03d' % (MOD.secCounter() - start), state
        Watch.state = state
    MOD.sleep(20)
lost = filter(lambda change: change[1] <> 'home', Watch.changes[1:])
print 'steady:', Watch.state, 'after', len(Watch.changes), 'changes,', len(lost), 'away'
