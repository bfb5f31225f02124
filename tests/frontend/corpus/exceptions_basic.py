import sys
class MyError(Exception):
    pass
class Detailed(MyError):
    def __init__(self, code, text):
        self.code = code
        self.text = text
    def __str__(self):
        return 'E%d: %s' % (self.code, self.text)
def fail(kind):
    if kind == 1:
        raise MyError, 'plain message'
    if kind == 2:
        raise Detailed(7, 'detailed')
    if kind == 3:
        raise ValueError, (1, 2)
    if kind == 4:
        raise KeyError, 'k'
    if kind == 5:
        return {}['missing']
    if kind == 6:
        return [][3]
    if kind == 7:
        return undefined_name
    if kind == 8:
        return 1 + 'a'
    if kind == 9:
        return 'a' + 1
    if kind == 10:
        return None.attr
    if kind == 11:
        return len(5)
    if kind == 12:
        raise IndexError
for kind in range(1, 13):
    try:
        fail(kind)
    except MyError, e:
        print kind, 'MyError', e, e.__class__
    except StandardError, e:
        print kind, sys.exc_type, e, e.args
print sys.exc_type, sys.exc_value
try:
    raise Detailed(1, 'x')
except Exception, e:
    print 'caught by Exception:', e, isinstance(e, MyError)
try:
    sys.exit(3)
except SystemExit, e:
    print 'SystemExit caught', e.code
try:
    try:
        raise ValueError, 'inner'
    finally:
        print 'finally runs'
except ValueError, e:
    print 'outer got', e
info = sys.exc_info()
print info[0], info[1]
try:
    raise TypeError('with args', 2)
except TypeError, (a, b):
    print 'unpacked', a, b
