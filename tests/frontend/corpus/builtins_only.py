for name in ('zip', 'dict', 'True', 'bool', 'sum', 'enumerate', 'unicode', 'object', 'sorted', 'set', 'iter', 'file'):
    try:
        eval(name)
        print name, 'exists'
    except NameError, e:
        print name, 'NameError', e
True, False = 1, 0
print True, False, not True
print callable(len), callable(1), hasattr([], 'append'), abs(-4), apply(max, (1, 5, 2))
print cmp('a', 'c'), cmp(3, 1), cmp(None, 0), cmp([1], [1, 2, 3]), cmp('abc', 'abd')
print 5 > None, None < 5, divmod(-7, 2), coerce(1, 2.5), hex(-1), oct(-1), hex(16), oct(8), oct(0)
print isinstance(1, type(1)), type('a') == type(''), type([]) is type([])
try:
    isinstance('a', str)
except TypeError, e:
    print 'TypeError:', e
try:
    int('ff', 16)
except TypeError, e:
    print 'TypeError:', e
print int('12'), int(-3.9), long('5'), str(5), repr('r'), len('four'), ord('a'), chr(98)
print exit, quit
x = 3
print eval('x * 2 + 1'), eval('[x, x]')
exec 'y = x + 10'
print y
g = {}
exec 'z = 5' in g
print g['z']
code = compile('x + 100', '<expr>', 'eval')
print eval(code)
print vars().has_key('x'), globals().has_key('x')
print intern('abc'), id(x) == id(x), hash('a') == hash('a')
print dir()
