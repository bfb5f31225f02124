# An uncaught unpacking of a wrong size in a for target.
records = [('apn', 'internet'), ('port', 21, 'tcp')]
for name, value in records:
    print name, value
