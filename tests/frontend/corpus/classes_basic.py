class Point:
    count = 0
    def __init__(self, x, y):
        self.x = x
        self.y = y
        Point.count = Point.count + 1
    def __str__(self):
        return '(%d, %d)' % (self.x, self.y)
    def __repr__(self):
        return 'Point(%d, %d)' % (self.x, self.y)
    def __add__(self, other):
        return Point(self.x + other.x, self.y + other.y)
    def __cmp__(self, other):
        return cmp((self.x, self.y), (other.x, other.y))
    def __len__(self):
        return 2
    def __getitem__(self, i):
        return (self.x, self.y)[i]
p = Point(1, 2)
q = Point(3, 4)
print p, q, p + q, [p, q], Point.count
print p < q, p == Point(1, 2), p != q, cmp(q, p), len(p)
for c in p:
    print 'coord', c
pts = [q, p, Point(0, 9)]
pts.sort()
print pts, max(pts), min(pts)
class Base:
    def hello(self):
        return 'base hello from ' + self.name()
    def name(self):
        return 'Base'
class Derived(Base):
    def name(self):
        return 'Derived'
print Derived().hello(), isinstance(Derived(), Base), issubclass(Derived, Base)
Base.extra = 5
print Derived().extra, hasattr(Derived(), 'extra'), getattr(p, 'z', 'default')
class Empty:
    pass
e = Empty()
e.value = 1
print e.value, Empty.__name__, p.__class__.__name__, Derived.__bases__[0].__name__
class WithNonzero:
    def __init__(self, v):
        self.v = v
    def __nonzero__(self):
        return self.v
print not WithNonzero(0), not WithNonzero(1)
if WithNonzero(0):
    print 'wrong'
else:
    print 'falsy instance'
try:
    e.missing
except AttributeError, err:
    print 'AttributeError', err
