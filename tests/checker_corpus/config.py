# Configuration records read from a key=value file in the module's file store.
import string

class Record:
    def __init__(self, **fields):
        for key, value in fields.items():
            setattr(self, key, value)

    def __getattr__(self, name):
        raise AttributeError, name

DEFAULTS = {'apn': 'internet', 'server': '10.0.0.1', 'port': '5000', 'period': '60'}

def load(name):
    values = {}
    for key in DEFAULTS.keys():
        values[key] = DEFAULTS[key]
    try:
        f = open(name, 'r')
    except IOError:
        return apply(Record, (), values)
    for line in f.readlines():
        line = string.strip(line)
        if not line or line[0] == '#':
            continue
        equals = string.find(line, '=')
        if equals > 0:
            values[string.strip(line[:equals])] = string.strip(line[equals + 1:])
    f.close()
    return apply(Record, (), values)

settings = load('app.cfg')
print 'server', settings.server, 'port', string.atoi(settings.port)
