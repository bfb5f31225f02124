# A main loop in the style of Telit scripts, with a fake MOD module
class FakeMOD:
    def __init__(self):
        self.t = 0
        self.kicks = 0
    def secCounter(self):
        return self.t
    def sleep(self, tenths):
        self.t = self.t + tenths / 10
    def watchdogReset(self):
        self.kicks = self.kicks + 1
MOD = FakeMOD()
def log(msg):
    print '[%5d] %s' % (MOD.secCounter(), msg)
events = {5: 'gps fix', 12: 'sms received', 20: 'socket lost', 31: 'socket up'}
start = MOD.secCounter()
next_report = start + 10
while MOD.secCounter() - start < 40:
    now = MOD.secCounter()
    if events.has_key(now):
        log(events[now])
        del events[now]
    if now >= next_report:
        log('report, watchdog kicks=%d' % MOD.kicks)
        next_report = next_report + 10
    MOD.watchdogReset()
    MOD.sleep(10)
log('done, pending events: %d' % len(events))
