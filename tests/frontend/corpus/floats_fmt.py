print 0.1, repr(0.1), 1.0/3, 1e12, 1e16, 1.5e-7, 100.0, 2.0**0.5, -0.0
print 123456789012.5, 1234567890123.0, 1e-5, 1e-4, 0.0001234, 1e21, 3.14159265358979
print [0.1, 1.0/3], `1.0/3`, str(2.5), (1.5,), {'k': 0.25}
print '%f %e %g %.3f %5.1f %10.4f|' % (1.0/3, 1.0/3, 1.0/3, 2.0/3, 2.25, 3.14159)
print round(-2.5), round(2.5), round(1.2345, 2), round(1234.5, -2)
print int(3.7), int(-3.7), float(3), float('1.5'), float(' 2 ')
print 7.0 / 2, 1 / 3.0 * 3, 0.1 + 0.2, 1e300 * 10
print abs(-1.5), divmod(7.5, 2), pow(2.0, 0.5), 10 ** -1.0
import math
print math.pi, math.sqrt(2), math.floor(2.7), math.ceil(2.1), math.fabs(-3)
try:
    float('x')
except ValueError, e:
    print 'ValueError', e
