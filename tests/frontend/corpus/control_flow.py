for i in range(5):
    if i == 3:
        break
else:
    print 'no break'
for i in range(3):
    pass
else:
    print 'loop finished', i
n = 0
while n < 10:
    n = n + 1
    if n % 2:
        continue
    if n > 6:
        break
    print 'even', n
else:
    print 'while else'
for x in range(4):
    try:
        if x == 2:
            raise ValueError, x
        print 'ok', x
    except ValueError:
        print 'skip', x
        continue
def classify(v):
    if v < 0:
        return 'neg'
    elif v == 0:
        return 'zero'
    elif v < 10:
        return 'small'
    else:
        return 'big'
print map(classify, [-3, 0, 4, 99])
x = 5
assert x == 5
try:
    assert x == 4, 'x should be 4'
except AssertionError, e:
    print 'AssertionError', e
i = 0
result = []
while 1:
    i = i + 1
    if i > 20: break
    if i % 3 == 0 and i % 5 == 0: result.append('FizzBuzz')
    elif i % 3 == 0: result.append('Fizz')
    elif i % 5 == 0: result.append('Buzz')
    else: result.append(`i`)
print result
print 1 and 2, 0 and 2, 1 or 2, 0 or '', not 0, not [], 1 < 2 < 3, 3 > 2 > 5
print (1 == 1) + 1, [1 == 1, 1 == 2]
