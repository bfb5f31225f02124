def dist2((x1, y1), (x2, y2)):
    dx = x2 - x1
    dy = y2 - y1
    return dx * dx + dy * dy
print dist2((0, 0), (3, 4))
def first((a, (b, c)), d=1):
    return a + b + c + d
print first((1, (2, 3))), first((1, (2, 3)), 10)
pairs = [(3, 'c'), (1, 'a'), (2, 'b')]
def key_of((k, v)):
    return k
print map(key_of, pairs)
for (n, letter) in pairs:
    print n, letter,
print
a, (b, c) = 1, (2, 3)
print a, b, c
[d, e] = 'xy'
print d, e
def varargs(first, *rest, **kw):
    return first, rest, kw
print varargs(1, 2, 3), varargs(1, x=2)
def defaults(a, b=[]):
    b.append(a)
    return b
print defaults(1), defaults(2)
