# A state machine for a data call: dial, wait, transfer, hang up.
import MDM
import MOD

IDLE, DIALING, CONNECTED, DONE = range(4)
NAMES = ['IDLE', 'DIALING', 'CONNECTED', 'DONE']

class Call:
    def __init__(self, number):
        self.number = number
        self.state = IDLE
        self.started = 0

    def step(self):
        if self.state == IDLE:
            MDM.send('ATD%s\r' % self.number, 2)
            self.state, self.started = DIALING, MOD.secCounter()
        elif self.state == DIALING:
            answer = MDM.receive(10)
            if answer[:7] == 'CONNECT':
                self.state = CONNECTED
            elif MOD.secCounter() - self.started > 60:
                self.state = DONE
        elif self.state == CONNECTED:
            MDM.send('data\r\n', 2)
            MDM.send('+++', 2)
            self.state = DONE
        return self.state <> DONE

call = Call('0123456789')
while call.step():
    print 'state', NAMES[call.state]
    MOD.sleep(10)
