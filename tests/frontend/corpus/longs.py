x = 10L
print x, str(x), repr(x), [x], (x,), {x: x}
print map(str, [2L, 3L]), hex(255L), oct(8L), hex(-255L), -5L
print 2L ** 64, 1L << 40, 7L / 2, -7L / 2, 7L % -2
print long(7), long('123'), long(3.9), int(10L), 10L == 10, 10L + 1.5
y = 2147483647L + 1
print y, type(y) == type(0L), type(1) == type(1L)
try:
    print int(y)
except OverflowError, e:
    print 'OverflowError', e
l = [3L, 1, 2L]
l.sort()
print l, max(l), min(l), reduce(lambda a, b: a * b, [1L, 2, 3, 4])
print coerce(1, 2L), coerce(1, 2.5), coerce(2L, 3.0)
def fact(n):
    r = 1L
    while n > 1:
        r = r * n
        n = n - 1
    return r
print fact(25)
print '%d %s %x' % (y, y, 255L)
