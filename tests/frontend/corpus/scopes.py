counter = 0
def bump():
    global counter
    counter = counter + 1
    return counter
bump()
bump()
print counter
def outer():
    local_value = 10
    def inner(v=local_value):
        return v * 2
    return inner()
print outer()
def make_adder(n):
    return lambda x, n=n: x + n
add5 = make_adder(5)
print add5(1), map(make_adder(10), [1, 2])
x = 'global x'
def shadow():
    x = 'local x'
    return x
print shadow(), x
def uses_unassigned():
    print y_value
    y_value = 1
try:
    uses_unassigned()
except NameError, e:
    print 'NameError', e
class K:
    attr = 1
    def method(self):
        return self.attr
k = K()
print k.method(), K.method(k), K.attr
K.attr = 2
print k.method()
m = k.method
print m()
def recurse(n):
    if n == 0:
        return []
    return [n] + recurse(n - 1)
print recurse(5)
