# A connection state machine driven by a scripted modem
IDLE, DIALING, CONNECTED, FAILED = range(4)
NAMES = {IDLE: 'IDLE', DIALING: 'DIALING', CONNECTED: 'CONNECTED', FAILED: 'FAILED'}
class FakeModem:
    def __init__(self, script):
        self.script = script
        self.sent = []
    def send(self, cmd):
        self.sent.append(cmd)
    def receive(self):
        if self.script:
            return self.script.pop(0)
        return ''
class Link:
    def __init__(self, modem):
        self.modem = modem
        self.state = IDLE
        self.attempts = 0
        self.log = []
    def step(self):
        old = self.state
        if self.state == IDLE:
            self.modem.send('AT#SGACT=1,1\r')
            self.state = DIALING
            self.attempts = self.attempts + 1
        elif self.state == DIALING:
            answer = self.modem.receive()
            if answer[:6] == '#SGACT':
                self.state = CONNECTED
            elif self.attempts < 3:
                self.state = IDLE
            else:
                self.state = FAILED
        self.log.append('%s->%s' % (NAMES[old], NAMES[self.state]))
        return self.state
for script in (['ERROR', '#SGACT: 10.1.2.3'], ['ERROR', 'ERROR', 'ERROR', 'ERROR']):
    link = Link(FakeModem(script[:]))
    n = 0
    while link.state not in (CONNECTED, FAILED) and n < 20:
        link.step()
        n = n + 1
    print NAMES[link.state], link.attempts, link.log
    print link.modem.sent
