from mod_syn_nonl import x
