# the % operator with a dictionary: a key, then no argument left for a plain %s
d = {'a': 1}
for f in ('%s', '%s %s', '%(a)s %s', '%(a)s', '%(a)s %(a)d', '%d', '%r'):
    try:
        print repr(f % d)
    except (TypeError, KeyError, ValueError), e:
        print f, e.__class__, e
