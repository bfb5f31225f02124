import string
def checksum(sentence):
    body = sentence[1:string.find(sentence, '*')]
    c = 0
    for ch in body:
        c = c ^ ord(ch)
    return c
def valid(sentence):
    star = string.find(sentence, '*')
    if sentence[0] != '$' or star < 0:
        return 0
    return checksum(sentence) == string.atoi(sentence[star + 1:star + 3], 16)
def to_degrees_x1e5(field, hemi):
    dot = string.find(field, '.')
    degrees = string.atoi(field[:dot - 2])
    minutes = string.atoi(field[dot - 2:dot]) * 100000 + string.atoi(string.ljust(field[dot + 1:], 5)[:5] and string.replace(string.ljust(field[dot + 1:], 5), ' ', '0')[:5])
    value = degrees * 100000 + minutes / 60
    if hemi in ('S', 'W'):
        value = -value
    return value
def parse_gga(sentence):
    f = string.split(sentence[:string.find(sentence, '*')], ',')
    return {'time': f[1], 'lat': to_degrees_x1e5(f[2], f[3]), 'lon': to_degrees_x1e5(f[4], f[5]),
            'fix': string.atoi(f[6]), 'sats': string.atoi(f[7]), 'alt': f[9]}
def parse_rmc(sentence):
    f = string.split(sentence[:string.find(sentence, '*')], ',')
    return f[2] == 'A', f[9], f[7]
gga = '$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*47'
rmc = '$GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W*6A'
for s in (gga, rmc, '$GPGGA,bad*00', 'garbage'):
    print s[:10], valid(s), '%02X' % checksum(s + '*')
info = parse_gga(gga)
keys = info.keys()
keys.sort()
for k in keys:
    print k, info[k]
print parse_rmc(rmc)
def make(body):
    c = 0
    for ch in body:
        c = c ^ ord(ch)
    return '$%s*%02X' % (body, c)
print make('GPGLL,4916.45,N,12311.12,W,225444,A')
