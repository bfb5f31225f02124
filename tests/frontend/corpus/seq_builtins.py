# The builtins that take a sequence refuse a dictionary (and numbers, None) each
# in its own words; an instance is asked its __len__ by list, tuple, map and filter.
import sys


def show(label, function):
    try:
        print label, function()
    except (TypeError, ValueError, AttributeError, NameError), e:
        print label, sys.exc_type, e


class Readings:
    def __getitem__(self, i):
        if i < 3:
            return i * 10
        raise IndexError


class Counted:
    def __len__(self):
        return 2

    def __getitem__(self, i):
        if i < 4:
            return i
        raise IndexError


class Empty:
    pass


def add(a, b):
    return a + b


d = {'apn': 'internet', 'port': 21}
for name, value in [('dict', d), ('int', 3), ('None', None)]:
    show('list ' + name, lambda value=value: list(value))
    show('tuple ' + name, lambda value=value: tuple(value))
    show('map None ' + name, lambda value=value: map(None, value))
    show('map ' + name, lambda value=value: map(str, value))
    show('filter ' + name, lambda value=value: filter(None, value))
    show('reduce ' + name, lambda value=value: reduce(add, value))
    show('max ' + name, lambda value=value: max(value))
    show('min ' + name, lambda value=value: min(value))
show('map second', lambda: map(None, [1], d))
show('map third', lambda: map(add, [1], [2], d))
show('reduce initial', lambda: reduce(add, d, 0))
show('max two', lambda: max(d, 3))
show('min none', lambda: min())
show('list none', lambda: list())
show('tuple two', lambda: tuple([1], [2]))
for name, value in [('instance', Readings()), ('counted', Counted()), ('empty', Empty())]:
    show('list ' + name, lambda value=value: list(value))
    show('tuple ' + name, lambda value=value: tuple(value))
    show('map None ' + name, lambda value=value: map(None, value))
    show('map ' + name, lambda value=value: map(str, value))
    show('filter ' + name, lambda value=value: filter(None, value))
    show('reduce ' + name, lambda value=value: reduce(add, value))
    show('max ' + name, lambda value=value: max(value))
show('map in step', lambda: map(None, Counted(), 'ab', (1,)))
show('map add', lambda: map(add, [1, 2], [10, 20]))
show('filter string', lambda: filter(lambda c: c != 'a', 'banana'))
show('filter tuple', lambda: filter(None, (0, 1, 2)))
show('reduce string', lambda: reduce(add, 'abc'))
show('max string', lambda: max('hello'))
show('min xrange', lambda: min(xrange(3, 9)))
show('in dict', lambda: 'apn' in d)
show('format dict', lambda: '%s' % d == str(d))
show('format keys', lambda: '%(port)d' % d)
show('len', lambda: len(d))
show('zip', lambda: zip([1], [2]))
