# GPS tracker: poll $GPSACP every minute and send the fix by SMS.
import MOD
import MDM
import SER
import string

INTERVAL = 60
NUMBER = '+393351234567'

class Fix:
    pass

def at(cmd, timeout):
    MDM.send(cmd + '\r', 5)
    answer = ''
    start = MOD.secCounter()
    while MOD.secCounter() - start < timeout:
        answer = answer + MDM.receive(10)
        if string.find(answer, 'OK') <> -1 or string.find(answer, 'ERROR') <> -1:
            break
    return answer

def parse_acp(answer):
    start = string.find(answer, '$GPSACP: ')
    if start == -1:
        return None
    line = answer[start + 9:]
    end = string.find(line, '\r')
    if end <> -1:
        line = line[:end]
    fields = string.split(line, ',')
    if len(fields) < 11 or fields[1] == '':
        return None
    fix = Fix()
    fix.utc = fields[0]
    fix.lat = fields[1]
    fix.lon = fields[2]
    fix.fix = string.atoi(fields[5])
    fix.sats = string.atoi(fields[10])
    return fix

def report(fix):
    text = 'pos %s %s sats %d' % (fix.lat, fix.lon, fix.sats)
    at('AT+CMGS="%s"' % NUMBER, 5)
    MDM.send(text + '\x1a', 5)
    print 'sent', `text`

SER.set_speed('115200')
at('AT$GPSP=1', 2)
while 1:
    fix = parse_acp(at('AT$GPSACP', 2))
    if fix is None:
        print 'no fix yet'
    else:
        report(fix)
    MOD.sleep(INTERVAL * 10)
