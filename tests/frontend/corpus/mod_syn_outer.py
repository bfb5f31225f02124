# imported by syn_nested.py; imports a module that does not compile
y = 2
import mod_syn_inner
