# CRC-16/CCITT and other checksums within 32-bit ints
def crc16(data):
    crc = 0xFFFF
    for ch in data:
        crc = crc ^ (ord(ch) << 8)
        for bit in range(8):
            if crc & 0x8000:
                crc = ((crc << 1) ^ 0x1021) & 0xFFFF
            else:
                crc = (crc << 1) & 0xFFFF
    return crc
def adler32(data):
    a = 1
    b = 0
    for ch in data:
        a = (a + ord(ch)) % 65521
        b = (b + a) % 65521
    return (b << 16) | a
def fletcher(data):
    s1 = 0
    s2 = 0
    for ch in data:
        s1 = (s1 + ord(ch)) % 255
        s2 = (s2 + s1) % 255
    return s2 * 256 + s1
for text in ('', 'a', '123456789', 'The quick brown fox', '\x00\xff' * 10):
    print '%-20s %04X %08x %d' % (`text`[:20], crc16(text), adler32(text), fletcher(text)), hex(adler32(text))
h = 5381
for ch in 'hash me please, a long string to overflow':
    h = ((h << 5) + h + ord(ch)) & 0x7FFFFFFF
print h
