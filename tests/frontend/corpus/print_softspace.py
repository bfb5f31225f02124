import sys
print 'a', 'b', 1, 2.5, None
print 'no newline',
print 'then this'
print 'tab\t',
print 'next'
print 'sp ',
print 'z'
print 'nl\n',
print 'after'
print
print 'x',
sys.stdout.write('[direct]')
print 'y'
l = [1, 2, 3]
print l, l.pop(), l.pop(0), l
print 'a' 'b', ('t',), 
print
print 'end',
