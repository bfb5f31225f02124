# Socket logger: opens a GPRS context and pushes one line per sample to a server.
import MDM
import MOD
import string

HOST = 'logs.example.com'
PORT = 5000
APN = 'internet'

class Config:
    retries = 3
    timeout = 20
    verbose = 1

def command(cmd, expect, timeout):
    MDM.send(cmd + '\r', 0)
    buffer = ''
    deadline = MOD.secCounter() + timeout
    while MOD.secCounter() < deadline:
        buffer = buffer + MDM.receive(5)
        if string.find(buffer, expect) >= 0:
            return 1, buffer
        if string.find(buffer, 'ERROR') >= 0:
            return 0, buffer
    return 0, buffer

def connect():
    ok, answer = command('AT+CGDCONT=1,"IP","%s"' % APN, 'OK', 5)
    ok, answer = command('AT#SGACT=1,1', 'OK', 60)
    if not ok:
        return 0
    ok, answer = command('AT#SD=1,0,%d,"%s"' % (PORT, HOST), 'CONNECT', 60)
    return ok

def sample(counter):
    return 'sample=%d uptime=%d\r\n' % (counter, MOD.secCounter())

attempt = 0
while attempt < Config.retries:
    if connect():
        break
    attempt = attempt + 1
    if Config.verbose:
        print 'connect failed, attempt', attempt
counter = 0
while 1:
    MDM.send(sample(counter), 0)
    counter = counter + 1
    MOD.sleep(50)
