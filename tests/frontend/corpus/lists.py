l = ['start', 0, 1, 'end']
l.insert(-1, 'm')
print l
l.insert(2, 'two')
print l
m = []
m.append(1, 2)
print m
m.extend([3, 4])
print m
try:
    m.extend('ab')
except TypeError, e:
    print 'TypeError:', e
try:
    m.index(99)
except ValueError, e:
    print 'ValueError:', e
try:
    m.remove(99)
except ValueError, e:
    print 'ValueError:', e
print m.index(3), m.count(3), m.pop(), m
m.reverse()
print m
l = [5, 2, 9, 1]
l.sort()
print l
l.sort(lambda a, b: cmp(b, a))
print l
words = ['pear', 'Apple', 'fig', 'banana']
words.sort(lambda a, b: cmp(len(a), len(b)) or cmp(a, b))
print words
print range(5), range(2, 10, 3), range(10, 0, -3), xrange(3)
print map(None, [1, 2], [3]), map(None, [1, 2]), map(lambda x: x * 2, [1, 2, 3]), map(lambda a, b: a + b, [1, 2], [10, 20])
print filter(None, [0, 1, '', 2, None]), filter(lambda c: c != 'a', 'banana'), filter(lambda x: x > 1, (1, 2, 3))
print reduce(lambda a, b: a + b, [1, 2, 3], 10), reduce(lambda a, b: a + b, ['a', 'b'])
print [1, 2] + [3], [0] * 3, [1, [2, [3]]], len([]), [][:], [1, 2, 3][1:]
print min(3, 1, 2), max([4, 8, 2]), min('hello'), max((1, 'a', None))
try:
    min([])
except ValueError, e:
    print 'ValueError:', e
del l[0]
print l
l[1:2] = ['x', 'y']
print l
a = [1, 2, 3]
b = a
b.append(4)
print a, a == b, a is b, [1, 2] < [1, 3], cmp([1], [1, 2, 3])
mixed = [3, 'a', None, 1.5, (1,), [2], 2L]
mixed.sort()
print mixed
