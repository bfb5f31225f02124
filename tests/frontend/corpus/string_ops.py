s = 'hello world'
print 'o' in s, 'z' in s, 'w' not in s
try:
    print 'lo' in s
except TypeError, e:
    print 'TypeError:', e
try:
    print 1 in s
except TypeError, e:
    print 'TypeError:', e
try:
    print 'a' in {'a': 1}
except TypeError, e:
    print 'TypeError:', e
print hasattr(s, 'upper'), hasattr(s, 'find')
try:
    s.upper()
except AttributeError, e:
    print 'AttributeError:', e
print s[0], s[-1], s[2:5], s[:-6], s * 2, s + '!', len(s)
print '%s|%5s|%-5s|%.2s' % ('a', 'b', 'c', 'def'), '%d%%' % 50, '%c%c' % (65, 'b')
print '%(name)s is %(age)d' % {'name': 'x', 'age': 3}
print '%05d|%+d|%x|%X|%o|% d' % (42, 42, 255, 255, 8, 7), '%x' % -1, '%o' % -1
print '%s %s' % (1L, [1, 'a']), '%d' % 3.9, '%5.1f' % 2.25
for fmt, args in (('%r', ('a',)), ('%d', ('a',)), ('%d %d', (1,)), ('%d', (1, 2)), ('%s %s', 'ab')):
    try:
        print fmt % args
    except (TypeError, ValueError), e:
        print e.__class__, e
print chr(65), ord('A'), str(12), `12`, int(' 42 ')
try:
    chr(300)
except ValueError, e:
    print e
try:
    ord('ab')
except TypeError, e:
    print e
