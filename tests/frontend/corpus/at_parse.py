# Parsing AT command answers the way module scripts do
import string
def strip_result(answer):
    lines = string.split(answer, '\r\n')
    body = []
    for line in lines:
        if line and line not in ('OK', 'ERROR'):
            body.append(line)
    return body
def parse_csq(answer):
    pos = string.find(answer, '+CSQ:')
    if pos < 0:
        return None
    end = string.find(answer, '\r', pos)
    fields = string.split(answer[pos + 5:end], ',')
    rssi = string.atoi(string.strip(fields[0]))
    ber = string.atoi(fields[1])
    if rssi == 99:
        dbm = None
    else:
        dbm = -113 + 2 * rssi
    return rssi, ber, dbm
def parse_creg(answer):
    pos = string.find(answer, '+CREG: ')
    n, stat = map(string.atoi, string.split(answer[pos + 7:string.find(answer, '\r', pos)], ','))
    return stat in (1, 5)
answers = ['+CSQ: 17,0\r\n\r\nOK\r\n', '\r\n+CSQ: 99,99\r\n\r\nOK\r\n', 'ERROR\r\n', '+CSQ: 31,7\r\nOK\r\n']
for a in answers:
    print `a`, '->', parse_csq(a)
print parse_creg('\r\n+CREG: 0,1\r\n\r\nOK\r\n'), parse_creg('+CREG: 0,2\r\nOK\r\n'), parse_creg('+CREG: 1,5\r\nOK\r\n')
print strip_result('\r\n+CGMR: 07.03.402\r\n\r\nOK\r\n')
cmgl = '+CMGL: 1,"REC UNREAD","+391234567",,"08/01/01,12:00:00+04"\r\nFOTA START\r\n+CMGL: 2,"REC READ","+39555",,"08/01/02,13:00:00+04"\r\nhello there\r\n\r\nOK\r\n'
lines = string.split(cmgl, '\r\n')
i = 0
while i < len(lines):
    line = lines[i]
    if line[:6] == '+CMGL:':
        head = string.split(line[7:], ',')
        index = string.atoi(head[0])
        sender = head[2][1:-1]
        print 'sms', index, sender, `lines[i + 1]`, string.upper(lines[i + 1])
        i = i + 2
    else:
        i = i + 1
ip = '+IP: 10.20.30.40\r\n'
parts = string.splitfields(string.strip(ip[4:]), '.')
print map(string.atoi, parts), string.joinfields(parts, '-')
