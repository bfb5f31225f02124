import sys
class E(Exception):
    pass
class NotException:
    def __init__(self, v=0):
        self.v = v
for args in ((E,), (E, 'msg'), (E, ('a', 'b')), (E('inst'),), ('strexc',), ('strexc', 42), (NotException,), (NotException(3),), (ValueError, E('x'))):
    try:
        if len(args) == 1:
            raise args[0]
        raise args[0], args[1]
    except:
        t, v = sys.exc_info()[:2]
        if type(v) == type(NotException()):
            print t, v.__class__, getattr(v, 'v', None)
        else:
            print t, v, `v`[:1]
try:
    try:
        raise KeyError, 'first'
    except KeyError:
        raise
except KeyError, e:
    print 're-raised', e
def later():
    raise
try:
    later()
except KeyError, e:
    print 'bare raise outside handler re-raises the last one', e
try:
    raise 1
except TypeError, e:
    print 'TypeError', e
