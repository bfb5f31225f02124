# execfile of a file that does not compile: the SyntaxError names the file
try:
    execfile('mod_syn_def.py')
except SyntaxError, e:
    print e.filename, e.lineno, e.offset, repr(e.text)
execfile('mod_syn_def.py')
