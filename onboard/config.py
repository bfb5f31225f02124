# config: fota.cfg and pin.cfg, 'key = value' lines and '#' comment lines.
# Onboard dialect.
import compat

D = compat.DIGITS
UP = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'
NAME = UP + 'abcdefghijklmnopqrstuvwxyz' + D + '_.-'
BASIC = ['E', 'Q', 'V', 'X', '&C', '&D', '&K']

# The kinds of value a key takes, and what follows the kind in its KEYS entry.
CHOICE = 'choice'       # one word of a space-separated list
NUMBER = 'number'       # a number from low to high
OFF_OR_NUMBER = 'off_or_number'   # 0 (off), or a number from low to high
TEXT = 'text'           # at most n characters, all of a given set
HOST = 'host'           # TEXT, or an IPv4 address
AT_NAMES = 'at_names'   # a comma-separated list of AT setting names

# key: (default, kind, what the kind takes)
KEYS = {
    'protocol': ('sms', CHOICE, 'sms smstcp tcp'),
    'server_number': ('', TEXT, 21, '+' + D),
    'server_ip': ('', HOST, 64, NAME),
    'server_port': ('0', NUMBER, 0, 65535),
    'apn': ('internet', TEXT, 63, NAME),
    'bearer': ('gprs', CHOICE, 'gprs csd'),
    'answer': ('accept', CHOICE, 'accept decline hook'),
    'answer_hold': ('40', NUMBER, 1, 55),
    'keep': ('+CMEE,+CNMI,+CMGF,#USERID,+CGCLASS,#AUTOATT', AT_NAMES),
    'ipr': ('115200', CHOICE, '0 300 600 1200 2400 4800 9600 19200 38400 57600 115200'),
    'report': ('ser', CHOICE, 'ser none'),
    'log': ('fota.log', TEXT, 16, NAME),
    'log_size': ('4096', NUMBER, 256, 65536),
    'watchdog': ('120', OFF_OR_NUMBER, 30, 3600),
    'update_every': ('0', NUMBER, 0, 8760),
}


class ConfigError(Exception):
    pass


def ip(v):
    parts = compat.split(v, '.')
    for p in parts:
        if not 0 < len(p) < 4 or compat.atoi(p) > 255:
            return 0
    return len(parts) == 4


def convert(spec, v):
    kind = spec[1]
    n = -1
    if 0 < len(v) < 10 and compat.only(v, D):
        n = compat.atoi(v)
    if kind == CHOICE:
        if v in compat.split(spec[2], ' '):
            if n < 0:
                return v
            return n
    elif kind == AT_NAMES:
        names = []
        for s in compat.split(v, ','):
            s = compat.strip(s)
            if s in BASIC or len(s) > 1 and s[0] in '+#' and compat.only(s[1:], UP + D):
                names.append(s)
            elif v:
                return None
        return names
    elif kind in (TEXT, HOST):
        if len(v) <= spec[2] and compat.only(v, spec[3]) and v != '+' and '+' not in v[1:] \
           and (kind == TEXT or not compat.only(v, D + '.') or not v or ip(v)):
            return v
    elif kind == OFF_OR_NUMBER and n == 0 or spec[2] <= n <= spec[3]:
        return n
    return None


def entries(name, opener):
    # [(line number, text)] of the settings lines; None: no file
    text = compat.read(name, opener)
    if text is None:
        return None
    found = []
    line = 0
    for item in compat.split(compat.replace(text, '\r', ''), '\n'):
        line = line + 1
        item = compat.strip(item)
        if item and item[0] != '#':
            found.append((line, item))
    return found


def pair(item):
    # (key, value) of 'key = value'; (None, item) without '='
    i = compat.find(item, '=')
    if i < 0:
        return None, item
    return compat.strip(item[:i]), compat.strip(item[i + 1:])


def load(name='fota.cfg', opener=open):
    found = entries(name, opener)
    if found is None:
        raise ConfigError(name + ': cannot read the file')
    cfg = {}
    for key in list(KEYS.keys()):
        cfg[key] = convert(KEYS[key], KEYS[key][0])
    for line, item in found:
        where = '%s line %d: ' % (name, line)
        key, v = pair(item)
        if key is None:
            raise ConfigError(where + 'expected key = value')
        spec = KEYS.get(key)
        if spec is None:
            raise ConfigError(where + 'unknown key ' + repr(key))
        cfg[key] = convert(spec, v)
        if cfg[key] is None:
            raise ConfigError(where + 'bad value for ' + key + ': ' + repr(v))
    need = ['server_ip', 'server_port']
    if cfg['protocol'] == 'sms':
        need = ['server_number']
    for key in need:
        if not cfg[key]:
            raise ConfigError('%s: %s is required with protocol %s' % (name, key, cfg['protocol']))
    return cfg


def load_pin(name='pin.cfg', opener=open):
    # 'pin=1234' or '1234'; None without the file.  No message shows it.
    found = entries(name, opener)
    if found is None:
        return None
    pin = ''
    if len(found) == 1:
        key, pin = pair(found[0][1])
        if key not in (None, 'pin'):
            pin = ''
    if len(pin) < 4 or len(pin) > 8 or not compat.only(pin, D):
        raise ConfigError(name + ': expected pin=<4 to 8 digits>')
    return pin
