# Unpacking assignments: 1.5.2 names a tuple, a list or another sequence of the
# wrong size, and refuses what is not a sequence.
import sys


def show(label, function):
    try:
        print label, function()
    except (TypeError, ValueError, AttributeError, KeyError), e:
        print label, sys.exc_type, e


def two(x):
    a, b = x
    return a, b


def two_list(x):
    [a, b] = x
    return a, b


def one(x):
    a, = x
    return a


def nested(x):
    a, (b, c) = x
    return a, b, c


def chained(x):
    a, b = c = x
    return a, b, c


def chained_first(x):
    c = [a, b] = x
    return a, b, c


def pairs(x):
    seen = []
    for key, value in x:
        seen.append(key + value)
    return seen


def parameter(a, (b, c)):
    return a, b, c


class Pair:
    def __getitem__(self, i):
        if i < 2:
            return 'ab'[i]
        raise IndexError


class Many:
    def __getitem__(self, i):
        return i


class Broken:
    def __getitem__(self, i):
        if i < 1:
            return i
        raise KeyError, i


class Empty:
    pass


show('tuple', lambda: two((1, 2)))
show('tuple of 3', lambda: two((1, 2, 3)))
show('tuple of 1', lambda: two((1,)))
show('empty tuple', lambda: two(()))
show('list of 3', lambda: two([1, 2, 3]))
show('list of 1', lambda: two([1]))
show('string', lambda: two('xy'))
show('string of 1', lambda: two('x'))
show('string of 3', lambda: two('xyz'))
show('xrange', lambda: two(xrange(2)))
show('xrange of 3', lambda: two(xrange(3)))
show('dict', lambda: two({'a': 1, 'b': 2}))
show('int', lambda: two(3))
show('None', lambda: two(None))
show('instance', lambda: two(Pair()))
show('long instance', lambda: two(Many()))
show('KeyError', lambda: two(Broken()))
show('no __getitem__', lambda: two(Empty()))
show('list target', lambda: two_list((1, 2, 3)))
show('list target str', lambda: two_list('x'))
show('one', lambda: one([7]))
show('one of 2', lambda: one('ab'))
show('one int', lambda: one(7))
show('nested', lambda: nested((1, 'xy')))
show('nested short', lambda: nested((1, 'x')))
show('nested int', lambda: nested([1, 2]))
show('nested dict', lambda: nested({1: 2, 3: 4}))
show('chained', lambda: chained([1, 2]))
show('chained dict', lambda: chained({}))
show('chained first', lambda: chained_first('ab'))
show('chained first 3', lambda: chained_first((1, 2, 3)))
show('pairs', lambda: pairs([('a', 'b'), ['c', 'd'], 'ef']))
show('pairs of 3', lambda: pairs([('a', 'b'), ('c', 'd', 'e')]))
show('pairs dict', lambda: pairs([{'a': 'b'}]))
show('parameter', lambda: parameter(1, (2, 3)))
show('parameter int', lambda: parameter(1, 2))
show('parameter list', lambda: parameter(1, [2, 3, 4]))
a, b = 1, 2
a, b = b, a
print a, b
x, y = \
    [a,
     b]
print x, y
try:
    a, b = 1, 2, 3
except ValueError, e:
    print 'ValueError:', e
try:
    raise IOError, (2, 'no such file')
except IOError, (code, text):
    print code, text
try:
    raise 'failure', ('at', 7)
except 'failure', (where, line):
    print where, line
