# NMEA sentence parsing for a GPS receiver on SER2 (GGA and RMC).
import SER2
import string

def checksum(sentence):
    total = 0
    for c in sentence:
        total = total ^ ord(c)
    return total

def valid(line):
    if len(line) < 9 or line[0] != '$':
        return 0
    star = string.rfind(line, '*')
    if star < 0:
        return 0
    try:
        expected = string.atoi(line[star + 1:star + 3], 16)
    except ValueError:
        return 0
    return checksum(line[1:star]) == expected

def degrees(value, hemisphere):
    # ddmm.mmmm -> millionths of a degree, in integers (no floats on the module)
    dot = string.find(value, '.')
    whole = string.atoi(value[:dot - 2])
    minutes = string.atoi(value[dot - 2:dot] + value[dot + 1:dot + 5])
    result = whole * 1000000 + minutes * 100 / 60
    if hemisphere in ('S', 'W'):
        result = -result
    return result

def parse(line):
    fields = string.split(line[:string.rfind(line, '*')], ',')
    kind = fields[0][3:]
    if kind == 'GGA':
        return {'kind': kind, 'lat': degrees(fields[2], fields[3]),
                'lon': degrees(fields[4], fields[5]), 'sats': string.atoi(fields[7])}
    if kind == 'RMC':
        return {'kind': kind, 'status': fields[2]}
    return None

SER2.set_speed('4800')
pending = ''
while 1:
    pending = pending + SER2.read()
    end = string.find(pending, '\r\n')
    while end >= 0:
        line, pending = pending[:end], pending[end + 2:]
        if valid(line):
            record = parse(line)
            if record and record.has_key('sats'):
                print 'fix', record['lat'], record['lon'], record['sats']
        end = string.find(pending, '\r\n')
