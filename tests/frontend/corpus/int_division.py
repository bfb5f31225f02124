for a in (7, -7, 0, 13, -13):
    for b in (2, -2, 3, -5):
        print a, b, a / b, a % b, divmod(a, b)
print 7 / 2.0, -7 / 2.0, 7.5 % 2, -7.5 % 2
for expr in ('1 / 0', '1 % 0', 'divmod(1, 0)', '1.0 / 0', '1.0 % 0', '10L / 0'):
    try:
        print eval(expr)
    except ZeroDivisionError, e:
        print expr, '->', e
print 2 ** 10, pow(2, 10), pow(3, 4, 5), 2 ** 0, 0 ** 0, (-2) ** 3
try:
    print 2 ** -1
except ValueError, e:
    print 'ValueError', e
