# csqmon: signal and registration monitor in the style of the GM862 samples.
# Python 1.5.2: print statements, a class as a configuration record, the
# string module for AT answers.
import MDM
import MOD
import string

class Config:
    interval = 10       # seconds between two polls
    polls = 0
    limit = 3
    logname = 'csq.log'

TRUE, FALSE = 1, 0

def at(command, timeout=20):
    MDM.send(command + '\r', 0)
    answer = ''
    tries = 0
    while tries < 10:
        answer = answer + MDM.receive(timeout)
        if string.find(answer, 'OK\r\n') <> -1 or string.find(answer, 'ERROR') <> -1:
            break
        tries = tries + 1
    return answer

def value_of(answer, prefix):
    # '+CSQ: 17,0' -> ['17', '0']
    start = string.find(answer, prefix)
    if start == -1:
        return None
    line = answer[start + len(prefix):]
    line = line[:string.find(line, '\r')]
    return string.split(string.strip(line), ',')

def load_config():
    try:
        f = open('csq.cfg', 'r')
    except IOError, e:
        print 'no csq.cfg, defaults:', `Config.interval`
        return
    for line in string.split(f.read(), '\n'):
        fields = string.splitfields(line, '=')
        if len(fields) == 2:
            setattr(Config, string.strip(fields[0]), string.atoi(string.strip(fields[1])))
    f.close()

load_config()
Config.interval = Config.interval / 2       # first polls come quicker
while Config.polls < Config.limit:
    csq = value_of(at('AT+CSQ'), '+CSQ:')
    creg = value_of(at('AT+CREG?'), '+CREG:')
    rssi = string.atoi(csq[0])
    dbm = -113 + 2 * rssi
    Config.polls = Config.polls + 1
    print 'poll', Config.polls, 'rssi', rssi, '(%d dBm)' % dbm, 'creg', creg[1],
    print
    log = open(Config.logname, 'a')
    log.write('%d %d\n' % (MOD.secCounter(), rssi))
    log.close()
    MOD.sleep(Config.interval * 10)
print 'steady: %d polls logged' % Config.polls
