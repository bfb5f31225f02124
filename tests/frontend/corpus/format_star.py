# Width and precision from the arguments (*), and empty precision.
print "[%*d]" % (5, 42), "[%-*s]" % (6, "ab"), "[%.*f]" % (2, 3.14159), "[%5.3s]" % "abcdef", "[%*.*f]" % (8, 1, 2.25)
print "[%.d]" % 7, "[%.0f]" % 2.5
