# its error is on its last line, which has no newline
x = 1
def f(: