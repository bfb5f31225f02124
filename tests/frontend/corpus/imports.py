import mod_helper
from mod_helper import double, GREETING
print mod_helper.VERSION, double(21), GREETING
print mod_helper.counter()
print mod_helper.counter()
import mod_helper
print mod_helper.counter()
from mod_helper import *
print triple(3)
try:
    import no_such_module
except ImportError, e:
    print 'ImportError:', e
try:
    from mod_helper import missing
except ImportError, e:
    print 'ImportError:', e
import string, sys
print sys.modules.has_key('mod_helper'), mod_helper.__name__
mod_helper.fail()
