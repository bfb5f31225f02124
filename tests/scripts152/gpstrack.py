# gpstrack: a GM862-GPS tracker loop on $GPSACP answers, integers only.
import GPS
import MOD
import string

class Fix:
    count = 0
    lost = 0
    last = None

def degrees(field):
    # 'ddmm.mmmmN' -> millionths of a degree (no floats on the module)
    hemisphere = field[-1]
    field = field[:-1]
    point = string.find(field, '.')
    whole = string.atoi(field[:point - 2])
    minutes = string.atoi(field[point - 2:point]) * 10000 + string.atoi(field[point + 1:point + 5])
    value = whole * 1000000 + minutes * 100 / 60
    if hemisphere in 'SW':
        value = -value
    return value

def acp():
    fields = string.splitfields(GPS.getActualPosition(), ',')
    if len(fields) < 11 or string.atoi(fields[5] or '0') < 2:
        return None
    return degrees(fields[1]), degrees(fields[2]), string.atoi(fields[10])

GPS.powerOnOff(1)
while 1:
    position = acp()
    if position is None:
        if Fix.last is not None:
            Fix.lost = Fix.lost + 1
            print 'fix lost'
            Fix.last = None
    else:
        Fix.count = Fix.count + 1
        if Fix.last is None:
            print 'fix', position[0], position[1], 'sats', position[2]
        Fix.last = position
    if Fix.count == 100:
        print 'steady:', Fix.count, 'fixes,', Fix.lost, 'losses, at', `Fix.last[:2]`
    MOD.sleep(10)
