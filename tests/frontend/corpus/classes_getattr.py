class Record:
    def __init__(self, **fields):
        self.__dict__['fields'] = fields
    def __getattr__(self, name):
        if self.fields.has_key(name):
            return self.fields[name]
        raise AttributeError, name
    def __setattr__(self, name, value):
        self.fields[name] = value
r = Record(apn='internet', port=80)
print r.apn, r.port
r.port = 8080
print r.port, r.fields['port']
try:
    print r.nothing
except AttributeError, e:
    print 'no attribute', e
class Seq:
    def __init__(self, n):
        self.n = n
    def __getitem__(self, i):
        if i >= self.n:
            raise IndexError
        return i * i
for v in Seq(4):
    print v,
print
print 4 in Seq(3)
class Number:
    def __init__(self, v):
        self.v = v
    def __coerce__(self, other):
        if isinstance(other, Number):
            return self, other
        return self, Number(other)
    def __add__(self, other):
        return Number(self.v + other.v)
    def __mul__(self, other):
        return Number(self.v * other.v)
    def __div__(self, other):
        return Number(self.v / other.v)
    def __repr__(self):
        return 'Number(%s)' % self.v
print Number(2) + Number(3), Number(6) / Number(4), Number(3) * Number(5), Number(2) + 3, 3 * Number(3)
class Slicer:
    def __getslice__(self, i, j):
        return 'slice %d:%d' % (i, j)
    def __getitem__(self, i):
        return 'item %d' % i
s = Slicer()
print s[1:3], s[2], s[:2]
print tuple(Seq(2))
