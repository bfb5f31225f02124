# Shared helpers: booleans and a logger, imported with "from helper import *".
True, False = 1, 0
LOG_FILE = 'app.log'

def log(*parts):
    line = ''
    for part in parts:
        line = line + str(part) + ' '
    print line
