# string.join reads its words as a sequence: a dict or an int is refused
import string
d = {'a': 1}
try:
    print string.join(d)
except Exception, e:
    print e.__class__, e
try:
    print string.join(5)
except Exception, e:
    print e.__class__, e
print string.join(('a', 'b'), '-'), string.join(['x'])
