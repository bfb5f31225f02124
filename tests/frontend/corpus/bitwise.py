v = 0x12345678
print hex(v), hex(v & 0xFF), hex(v | 0xF), hex(v ^ -1), hex(~v), ~0, -1 & 0xFF
print v >> 4, v >> 28, (v << 4) & 0xFFFFFFFF, v << 4, -v >> 3
b = [0] * 4
for i in range(4):
    b[i] = (v >> (8 * (3 - i))) & 0xFF
print b, map(hex, b)
w = 0
for x in b:
    w = (w << 8) | x
print w == v, w
print 0x7FFFFFFF + 0, 0x80000000, 0xFFFFFFFF, 0x80000000 >> 31, 0x80000000 & 0x7FFFFFFF
flags = 0
for bit in (0, 3, 5, 31):
    flags = flags | (1 << bit)
print flags, hex(flags), oct(flags), '%08x' % flags
def popcount(n):
    c = 0
    while n:
        c = c + (n & 1)
        n = (n >> 1) & 0x7FFFFFFF
    return c
print popcount(flags), popcount(-1)
