# A ring buffer of log lines kept in RAM and flushed to a file.
class Ring:
    def __init__(self, size):
        self.size = size
        self.items = [None] * size
        self.start = 0
        self.count = 0

    def push(self, item):
        index = (self.start + self.count) % self.size
        self.items[index] = item
        if self.count < self.size:
            self.count = self.count + 1
        else:
            self.start = (self.start + 1) % self.size

    def __len__(self):
        return self.count

    def __getitem__(self, i):
        if i >= self.count:
            raise IndexError, i
        return self.items[(self.start + i) % self.size]

def flush(ring, name):
    f = open(name, 'a')
    for line in ring:
        f.write(line + '\n')
    f.close()

r = Ring(4)
for n in range(6):
    r.push('line %d' % n)
print len(r), r[0], r[3]
