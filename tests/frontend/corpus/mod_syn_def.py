# a module that does not compile (imported by syn_import.py, syn_caught.py)
x = 1
def f(:
    pass
