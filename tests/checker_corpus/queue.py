# Outgoing SMS queue kept in a file, one message per line: number|text.
import string

QUEUE = 'smsq.txt'

def load():
    try:
        lines = open(QUEUE).readlines()
    except IOError:
        return []
    items = []
    for line in lines:
        bar = string.find(line, '|')
        if bar > 0:
            items.append((line[:bar], string.rstrip(line[bar + 1:])))
    return items

def save(items):
    f = open(QUEUE, 'w')
    for number, text in items:
        f.write('%s|%s\n' % (number, text))
    f.close()

def by_number(a, b):
    return cmp(a[0], b[0])

items = load()
items.append(('+391234', 'hello'))
items.sort(by_number)
save(items)
print len(items), 'queued'
