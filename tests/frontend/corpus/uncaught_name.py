def compute(values):
    total = 0
    for v in values:
        total = total + v
    return totl
print 'start',
print compute([1, 2, 3])
