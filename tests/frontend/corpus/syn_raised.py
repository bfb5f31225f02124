# PyErr_Print shows where any SyntaxError says it is, and the line under its offset
try:
    raise SyntaxError('no place')
except SyntaxError, e:
    print e.args, e.filename, e.lineno, e.offset, e.text
raise SyntaxError, ('where', ('there.py', 7, 5, 'ab\ncd\n'))
