import string
print string.atoi('ff', 16), string.atoi('0x1f', 16), string.atoi('077', 0), string.atoi('0x10', 0), string.atoi(' -12 '), string.atol('123'), string.atof('1.5')
print string.split(' a  b c '), string.split('a,b,,c', ','), string.split('a b c', None, 1), string.splitfields('a--b', '--'), string.join(['a','b']), string.joinfields(['a','b'], '+')
print string.zfill('12', 5), string.zfill('-12', 5), string.center('ab', 5), string.ljust('a', 3)+'|', string.rjust('a', 3), string.strip('  x  ')+'|'
print string.find('abcabc', 'c', 3), string.rfind('abcabc', 'b'), string.count('aaa', 'a'), string.replace('aXbX', 'X', '-'), string.replace('aXbX', 'X', '-', 1)
t = string.maketrans('abc', 'xyz')
print len(t), string.translate('aabbcc', t), string.translate('aabbcc', t, 'b'), string.capwords('hello  world'), string.swapcase('aB'), string.capitalize('hELLO')
print string.expandtabs('a\tb', 4), string.upper('ab'), string.lower('AB'), string.index('abc', 'b'), repr(string.whitespace), string.letters, string.digits, string.hexdigits, string.octdigits
print string.atoi('12', 10), string.lstrip(' a '), string.rstrip(' a ')+'|', string.split('a\tb\nc'), string.zfill(7, 3)
print string.upper('caf\351'), string.center('abc', 6), string.center('abc', 8), string.split('a  b', ' ')
for bad in ('z', '', '12a', '0x'):
    try:
        string.atoi(bad)
    except ValueError, e:
        print 'VE', e
try:
    string.index('abc', 'z')
except ValueError, e:
    print 'VE', e
try:
    string.atoi('12', 1)
except ValueError, e:
    print 'VE', e
try:
    string.atoi(12)
except TypeError, e:
    print 'TE', e
print string.atoi_error, string.index_error
print string.join(['a', 'b'], ''), string.split('abc', '')
