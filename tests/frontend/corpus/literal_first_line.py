x = 99999999999
print "never printed"
