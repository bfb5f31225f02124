# mailalarm: e-mails an alarm each time the door contact (GPIO 3) changes,
# with the module's own SMTP client (#SEMAIL), as Telit's send_email sample.
import MDM
import MOD
import GPIO
import string

class Config:
    pin = 3
    apn = 'internet'
    smtp = 'smtp.example.com'
    sender = 'gm862@example.com'
    to = 'ops@example.com'
    watch = 120         # seconds of watching
    retries = 3

STATES = ['closed', 'open']

def at(command, wait='OK', timeout=50):
    # send one command, collect the answer until wait or ERROR (timeout in 1/10 s)
    MDM.send(command + '\r', 0)
    answer = ''
    start = MOD.secCounter()
    while MOD.secCounter() - start < timeout / 10 + 1:
        answer = answer + MDM.receive(5)
        if string.find(answer, wait) <> -1 or string.find(answer, 'ERROR') <> -1:
            break
    return answer

def setup():
    at('AT+CMEE=2')
    at('AT+CGDCONT=1,"IP","%s"' % Config.apn)
    at('AT#ESMTP="%s"' % Config.smtp)
    at('AT#EADDR="%s"' % Config.sender)

def mail(subject, body):
    tries = 0
    while tries < Config.retries:
        tries = tries + 1
        if string.find(at('AT#SEMAIL="%s","%s"' % (Config.to, subject), '>'), '>') <> -1:
            answer = at(body + chr(26), 'OK', 400)
            if string.find(answer, 'OK') <> -1:
                return 1
        MOD.sleep(50)
    return 0

GPIO.setIOdir(Config.pin, 0, 0)
setup()
state = GPIO.getIOvalue(Config.pin)
sent = 0
print 'watching door, now', STATES[state]
start = MOD.secCounter()
while MOD.secCounter() - start < Config.watch:
    now = GPIO.getIOvalue(Config.pin)
    if now <> state:
        state = now
        subject = 'ALARM door %s' % STATES[state]
        if mail(subject, 'door %s at t+%d s' % (STATES[state], MOD.secCounter() - start)):
            sent = sent + 1
            print 'mailed:', subject
        else:
            print 'mail failed:', subject
    MOD.sleep(5)
print 'steady: %d alarms mailed, door %s' % (sent, STATES[state])
