import mod_syn_def
print "never printed"
