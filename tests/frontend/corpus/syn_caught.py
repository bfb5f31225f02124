# A module that does not compile raises SyntaxError in the importing script.
import sys
try:
    import mod_syn_def
except SyntaxError, e:
    print e.filename, e.lineno, e.offset, `e.text`, `e.msg`
    print e.args
    print e.__class__, e.__class__ is SyntaxError
print sys.modules.has_key('mod_syn_def')
try:
    import mod_syn_def
except SyntaxError, e:
    print 'again:', e.args
for name in ('mod_syn_indent', 'mod_syn_tab', 'mod_syn_nonl', 'mod_syn_cont', 'mod_syn_big'):
    try:
        __import__(name)
    except (SyntaxError, OverflowError), e:
        print name, e.__class__, e.args
    print name, sys.modules.has_key(name)
try:
    exec 'x = 1\ndef g(:\n    pass\n'
except SyntaxError, e:
    print 'exec:', e.args
try:
    compile('x = 1\ny = (]\n', 'name.py', 'exec')
except SyntaxError, e:
    print 'compile:', e.args
try:
    import mod_syn_def
except SyntaxError, e:
    print 'str:', e, str(e), repr(str(e))
print 'bare:', str(SyntaxError()), str(SyntaxError('only msg')), str(SyntaxError(5, ('f', 1, 1, 'x')))
