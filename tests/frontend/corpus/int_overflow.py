# 32-bit plain ints: which operations overflow and which wrap
def attempt(label, func):
    try:
        print label, func()
    except OverflowError, e:
        print label, 'OverflowError:', e
big = 2147483647
small = -big - 1
attempt('add', lambda b=big: b + 1)
attempt('sub', lambda s=small: s - 1)
attempt('mul', lambda: 65536 * 65536)
attempt('mul neg', lambda: -2 * 1073741824)
attempt('pow', lambda: 2 ** 31)
attempt('pow ok', lambda: 2 ** 30)
attempt('neg', lambda s=small: -s)
attempt('abs', lambda s=small: abs(s))
attempt('div', lambda s=small: s / -1)
attempt('shift', lambda: 1 << 31)
attempt('shift2', lambda: (1 << 32, 1 << 33, 3 << 31, -1 << 31, 255 << 28))
attempt('rshift', lambda: (-1 >> 4, -16 >> 2, big >> 30))
attempt('hexlit', lambda: (0xffffffff, 0x80000000, 037777777777))
attempt('sum', lambda: big + small)
x = 1
n = 0
while 1:
    try:
        x = x * 3
        n = n + 1
    except OverflowError:
        break
print 'powers of 3 before overflow:', n, x
