# imported by mod_syn_outer.py
z = 3
if z:
    print "z is", z +
