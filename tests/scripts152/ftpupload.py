# ftpupload: logs meter readings from SER2 in a file of the module's store and
# uploads the file by FTP (#FTPOPEN/#FTPPUT), retrying while the network is away.
import MDM
import MOD
import SER2
import string

class Config:
    apn = 'internet'
    server = 'ftp.example.com'
    user = 'meter'
    password = 'meter-pw'
    logname = 'readings.txt'
    batch = 3           # readings per upload
    retry_wait = 20     # seconds between two attempts
    attempts = 6

def at(command, wait='OK', timeout=50):
    MDM.send(command + '\r', 0)
    return answer_to(wait, timeout)

def answer_to(wait, timeout):
    # what the module answers until wait or ERROR (timeout in 1/10 s)
    answer = ''
    start = MOD.secCounter()
    while MOD.secCounter() - start < timeout / 10 + 1:
        answer = answer + MDM.receive(5)
        if string.find(answer, wait) <> -1 or string.find(answer, 'ERROR') <> -1:
            break
    return answer

def ok(answer):
    return string.find(answer, 'OK') <> -1

def collect(count):
    # 'METER 42' lines on SER2 -> 'seconds value' lines in the log file
    start = MOD.secCounter()
    log = open(Config.logname, 'w')
    buffer = ''
    got = 0
    while got < count:
        buffer = buffer + SER2.receive(10)
        end = string.find(buffer, '\n')
        if end <> -1:
            fields = string.split(buffer[:end])
            buffer = buffer[end + 1:]
            if len(fields) == 2 and fields[0] == 'METER':
                log.write('%d %s\n' % (MOD.secCounter() - start, fields[1]))
                got = got + 1
                print 'reading', got, '=', fields[1]
    log.close()

def upload(name):
    if not ok(at('AT#GPRS=1', 'OK', 300)):
        return 'no context'
    if not ok(at('AT#FTPOPEN="%s","%s","%s",1' % (Config.server, Config.user, Config.password),
                 'OK', 300)):
        at('AT#GPRS=0')
        return 'no login'
    f = open(name, 'r')
    data = f.read()
    f.close()
    result = 'put refused'
    if string.find(at('AT#FTPPUT="%s"' % name, 'CONNECT', 300), 'CONNECT') <> -1:
        MDM.send(data, 0)
        MOD.sleep(15)               # guard time before the escape
        MDM.send('+++', 0)            # and silence after it: nothing sent until OK
        if ok(answer_to('OK', 50)):
            result = ''
    at('AT#FTPCLOSE', 'OK', 100)
    at('AT#GPRS=0', 'OK', 100)
    return result

SER2.set_speed('9600', '8N1')
at('AT+CGDCONT=1,"IP","%s"' % Config.apn)
collect(Config.batch)
attempt = 0
while attempt < Config.attempts:
    attempt = attempt + 1
    error = upload(Config.logname)
    if not error:
        print 'uploaded', Config.logname, 'on attempt', attempt
        break
    print 'attempt', attempt, 'failed:', error
    MOD.sleep(Config.retry_wait * 10)
print 'steady: %d attempts' % attempt
