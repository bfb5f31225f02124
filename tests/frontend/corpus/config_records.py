# Classes as configuration records, with defaults and validation
class Config:
    apn = 'internet'
    server = '10.0.0.1'
    port = 5000
    retries = 3
    def __init__(self, **overrides):
        for key in overrides.keys():
            if not hasattr(Config, key):
                raise KeyError, key
            setattr(self, key, overrides[key])
    def dump(self):
        names = ['apn', 'server', 'port', 'retries']
        out = []
        for n in names:
            out.append('%s=%s' % (n, getattr(self, n)))
        return out
def parse(text):
    values = {}
    for line in text:
        if not line or line[0] == '#':
            continue
        eq = find_eq(line)
        key = line[:eq]
        value = line[eq + 1:]
        if value and value[0] in '0123456789':
            value = int(value)
        values[key] = value
    return values
def find_eq(line):
    i = 0
    while line[i] != '=':
        i = i + 1
    return i
default = Config()
print default.dump()
custom = apply(Config, (), parse(['# comment', 'apn=web.provider', 'port=6001', '', 'retries=5']))
print custom.dump(), Config.port
Config.port = 7000
print default.port, custom.port
try:
    Config(bogus=1)
except KeyError, e:
    print 'unknown key', e
