# a module imported by imports.py
VERSION = '1.0'
GREETING = 'hi'
_count = 0
def double(x):
    return x * 2
def triple(x):
    return x * 3
def counter():
    global _count
    _count = _count + 1
    return _count
def fail():
    raise RuntimeError, 'failure inside a module'
