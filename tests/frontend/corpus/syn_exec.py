x = 1
exec "y = 2\ndef f(:\n    pass\n"
