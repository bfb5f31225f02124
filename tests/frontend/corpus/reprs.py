print repr('a\nb\tc\rd\\e\'f"g\x00\x7f\x80\xff'), repr("it's"), repr('"q"'), repr('both\'"')
print `'x'`, `1`, `[1, 'a']`, `(1,)`, `{'a': 1}`, `None`, str(None)
print ['a\n', 'b'], ('\t',), {'k\001': 'v'}
print repr('\x414'), repr('\777'), repr('\8\q'), len('\x41\x42'), 'caf\351'
print repr(''), repr("'"), repr('"'), repr('\\')
s = 'abc' * 3
print s, s[1:4], s[-2:], s[:0], len(s)
print type(1), type(''), type([]), type(1.0), type(10L), type({}), type(()), type(None), type(len)
class C: pass
def f(): pass
print type(C), type(C()), type(f), C, type(xrange(1))
print xrange(5), range(3)
