# An outgoing SMS queue with retries, as a module script would keep it
import string
class Message:
    def __init__(self, number, text):
        self.number = number
        self.text = text
        self.tries = 0
    def __repr__(self):
        return '<SMS to %s: %s (%d)>' % (self.number, `self.text`, self.tries)
class Queue:
    def __init__(self, limit):
        self.items = []
        self.limit = limit
        self.sent = []
        self.dropped = []
    def put(self, msg):
        if len(self.items) >= self.limit:
            self.dropped.append(msg)
            return 0
        self.items.append(msg)
        return 1
    def pump(self, send):
        still = []
        for m in self.items:
            m.tries = m.tries + 1
            if send(m):
                self.sent.append(m)
            elif m.tries < 3:
                still.append(m)
            else:
                self.dropped.append(m)
        self.items = still
network_up = [0, 0, 1, 1]
def fake_send(m, state=network_up):
    return state[0] and string.find(m.text, 'FAIL') < 0
q = Queue(3)
for i in range(5):
    print q.put(Message('+3912345%02d' % i, 'reading %d' % (i * 7)))
q.items[1].text = 'FAIL please'
for rnd in range(4):
    q.pump(fake_send)
    del network_up[0]
    network_up.append(1)
    print rnd, len(q.items), len(q.sent), len(q.dropped)
print q.sent
print q.dropped
