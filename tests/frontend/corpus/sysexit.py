import sys
print 'before exit',
try:
    sys.exit('fatal: config missing')
finally:
    print 'cleanup'
