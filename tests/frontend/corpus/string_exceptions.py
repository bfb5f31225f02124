import sys
Error = 'mymodule.error'
def check(x):
    if x < 0:
        raise Error, 'negative: %d' % x
    return x
try:
    check(-5)
except Error, msg:
    print 'caught', msg
print sys.exc_type, sys.exc_value
try:
    raise 'plain'
except 'plain':
    print 'plain caught by identity'
try:
    raise Error
except (ValueError, Error), v:
    print 'tuple match', v
import string
other = string.join(['mymodule', 'error'], '.')
try:
    try:
        raise Error, 1
    except other:
        print 'should not match an equal string built at run time'
except Error, v:
    print 'outer match', v
def thrower():
    raise Error, 'bye'
thrower()
