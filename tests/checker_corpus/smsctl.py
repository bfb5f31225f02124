# SMS command handler: "RELAY ON", "RELAY OFF", "STATUS" from known numbers.
import MDM
import MOD
import GPIO
import string

ALLOWED = {'+393351234567': 1, '+393409876543': 1}
CommandError = 'CommandError'

def send_at(cmd):
    MDM.send(cmd + '\r', 2)
    reply = MDM.receive(20)
    return reply

def read_sms(index):
    reply = send_at('AT+CMGR=%d' % index)
    lines = string.split(reply, '\r\n')
    header = ''
    body = ''
    i = 0
    while i < len(lines):
        if lines[i][:6] == '+CMGR:':
            header = lines[i]
            body = lines[i + 1]
            break
        i = i + 1
    fields = string.split(header, ',')
    if len(fields) < 2:
        raise CommandError, 'bad header ' + header
    sender = string.replace(fields[1], '"', '')
    return sender, string.upper(string.strip(body))

def handle(sender, text):
    if not ALLOWED.has_key(sender):
        print 'ignored sms from', sender
        return
    if text == 'RELAY ON':
        GPIO.setIOvalue(7, 1)
    elif text == 'RELAY OFF':
        GPIO.setIOvalue(7, 0)
    elif text == 'STATUS':
        send_at('AT+CMGS="%s"' % sender)
        MDM.send('relay %d\x1a' % GPIO.getIOvalue(7), 5)
    else:
        raise CommandError, text

send_at('AT+CMGF=1')
while 1:
    for index in range(1, 11):
        try:
            sender, text = read_sms(index)
            handle(sender, text)
        except CommandError, detail:
            print 'bad command:', detail
            continue
        send_at('AT+CMGD=%d' % index)
    MOD.sleep(100)
