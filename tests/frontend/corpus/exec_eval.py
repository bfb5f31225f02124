ns = {'a': 2}
exec 'b = a * 21' in ns
print ns['b']
exec 'print "from exec", a' in ns
g = {}
l = {}
exec 'x = 1' in g, l
print g.has_key('x'), l['x']
expr = '3 * (4 + 5)'
print eval(expr), eval('a + 1', ns), eval('[1, 2] * 2')
src = 'def f(n):\n    return n + 100\n'
exec src
print f(1)
code = compile('print "compiled"', '<src>', 'exec')
exec code
try:
    eval('1 +')
except SyntaxError:
    print 'SyntaxError caught'
try:
    exec 'raise ValueError, "inside exec"'
except ValueError, e:
    print 'ValueError', e
print eval('2147483647 + 0')
try:
    eval('2147483647 + 1')
except OverflowError, e:
    print 'OverflowError', e
