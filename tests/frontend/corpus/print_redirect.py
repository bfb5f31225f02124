import sys
class Collector:
    def __init__(self):
        self.parts = []
    def write(self, s):
        self.parts.append(s)
c = Collector()
old = sys.stdout
sys.stdout = c
print 'hidden', 1, 2
print 'more',
sys.stdout = old
print 'collected:', c.parts
sys.stderr.write('to stderr\n')
print 'done'
