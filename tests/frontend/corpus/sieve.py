def sieve(n):
    flags = [1] * (n + 1)
    flags[0] = flags[1] = 0
    i = 2
    while i * i <= n:
        if flags[i]:
            j = i * i
            while j <= n:
                flags[j] = 0
                j = j + i
        i = i + 1
    primes = []
    for k in range(n + 1):
        if flags[k]:
            primes.append(k)
    return primes
p = sieve(2000)
print len(p), p[:10], p[-3:]
def collatz(n):
    steps = 0
    while n != 1:
        if n % 2:
            n = 3 * n + 1
        else:
            n = n / 2
        steps = steps + 1
    return steps
best = 0
arg = 0
for n in xrange(1, 3000):
    s = collatz(n)
    if s > best:
        best, arg = s, n
print arg, best
def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)
print map(fib, range(15))
