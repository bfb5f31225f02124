print "before"
import mod_syn_outer
