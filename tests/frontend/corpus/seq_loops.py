# What a for loop accepts: sequences (strings, tuples, lists, xranges, instances
# read through __getitem__ until IndexError), never a dictionary or a number.
import sys


def show(label, function):
    try:
        print label, function()
    except (TypeError, AttributeError, KeyError), e:
        print label, sys.exc_type, e


def loop(x):
    seen = []
    for item in x:
        seen.append(item)
    return seen


class Readings:
    def __getitem__(self, i):
        print 'read', i,
        if i < 3:
            return i * 10
        raise IndexError, i


class Keyed:
    def __getitem__(self, i):
        if i < 1:
            return 'first'
        raise KeyError, i


class Empty:
    pass


class Sized:
    def __len__(self):
        return 2


def nothing():
    pass


config = {'apn': 'internet', 'port': 21}
show('dict', lambda: loop(config))
show('empty dict', lambda: loop({}))
show('int', lambda: loop(3))
show('None', lambda: loop(None))
show('float', lambda: loop(1.5))
show('long', lambda: loop(7L))
show('class', lambda: loop(Readings))
show('function', lambda: loop(nothing))
show('module', lambda: loop(sys))
show('file', lambda: loop(sys.stdout))
show('string', lambda: loop('abc'))
show('tuple', lambda: loop((1, 'two')))
show('list', lambda: loop([3, 4]))
show('xrange', lambda: loop(xrange(2, 5)))
show('keys', lambda: len(loop(config.keys())))
show('instance', lambda: loop(Readings()))
show('KeyError', lambda: loop(Keyed()))
show('no __getitem__', lambda: loop(Empty()))
show('__len__ only', lambda: loop(Sized()))
try:
    raise IOError, (2, 'no such file')
except IOError, err:
    show('exception', lambda err=err: loop(err))

# the body runs between two reads of an instance
for value in Readings():
    print 'body', value
# a list is read by index: items appended while looping are seen
queue = ['a']
for job in queue:
    if len(queue) < 4:
        queue.append(job + 'x')
print queue
for x in 1, 'two':
    print x,
print
