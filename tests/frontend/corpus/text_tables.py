import string
rows = [('GL865', 'GSM', 1.5), ('HE910', 'HSPA', 2.7), ('GE864', 'GSM', 1.5)]
print '%-8s|%6s|%5s' % ('model', 'net', 'py')
print '-' * 21
for name, net, py in rows:
    print '%-8s|%6s|%5.1f' % (name, net, py)
width = 30
title = 'Report'
print string.center(title, width) + '|'
print string.rjust('right', 10), string.ljust('left', 10) + '|'
lines = []
for i in range(1, 6):
    lines.append(string.zfill(`i * i`, 4))
print string.join(lines, ',')
s = 'The quick brown fox jumps over the lazy dog'
words = string.split(s)
words.sort(lambda a, b: cmp(string.lower(a), string.lower(b)))
print words
print string.join(map(string.capitalize, words))
freq = {}
for ch in string.lower(s):
    if ch in string.letters:
        freq[ch] = freq.get(ch, 0) + 1
most = freq.items()
most.sort(lambda a, b: cmp(b[1], a[1]) or cmp(a[0], b[0]))
print most[:5]
def hexdump(data):
    out = []
    for i in range(0, len(data), 8):
        chunk = data[i:i + 8]
        hexes = string.join(map(lambda c: '%02x' % ord(c), chunk))
        text = ''
        for c in chunk:
            if ' ' <= c <= '~':
                text = text + c
            else:
                text = text + '.'
        out.append('%04x  %-23s  %s' % (i, hexes, text))
    return out
for line in hexdump('AT+CSQ\r\n\x00\x01+CSQ: 17,0\r\nOK'):
    print line
