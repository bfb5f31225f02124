# A script that takes its booleans and logger from a sibling module.
from helper import *
import string

def ready(answer):
    if string.find(answer, 'READY') >= 0:
        return True
    return False

if ready('+CPIN: READY'):
    log('sim', 'ready')
else:
    log('sim', 'locked')
