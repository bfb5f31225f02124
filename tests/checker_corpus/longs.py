# Counters that outgrow 32 bits: kept as longs, printed as decimal text.
BYTES_PER_MB = 1048576L
total = 0L

def add(count):
    global total
    total = total + count

for chunk in (4000000000L, 300000000, 12):
    add(chunk)
text = str(total)
if text[-1:] == 'L':
    text = text[:-1]
print 'total bytes', text, 'MB', total / BYTES_PER_MB
print 'mask', 0777, 0xff
