# journal: the agent's state in two slot files: a halt at any byte leaves the old or the
# new state.  Onboard dialect.  Slot: 'FOTAJ <seq>', 'key=value'..., 'END <checksum>' lines.
import compat

PRIME = 8388593     # below 2**23: h * 256 + 255 stays within 31 bits
LIMIT = 8192        # bytes a slot may take


def checksum(text, h=0):
    # of text read base 256, mod PRIME; h: the checksum of a text before it
    for c in text:
        h = (h * 256 + ord(c)) % PRIME
    return h


def times(h, factor):
    # h * factor % PRIME within 31 bits (both below PRIME): factor a byte at a time
    result = 0
    for shift in (16, 8, 0):
        result = (result * 256 % PRIME + h * ((factor >> shift) & 255)) % PRIME
    return result


def entry(key, value):
    # (line, its checksum, 256 ** len(line) % PRIME): a slot's 'key=value' line and
    # what it adds to the checksum of a text before it
    line = key + '=' + value
    if type(line) != type('') or not key or '=' in key or '\n' in line or '\r' in line:
        raise ValueError('journal: bad key or value: ' + repr(key))
    line = line + '\n'
    power = 1
    for c in line:
        power = power * 256 % PRIME
    return line, checksum(line), power


def number(text):
    # a short decimal, else -1
    if len(text) < 10 and compat.atoi(text) is not None:
        return compat.atoi(text)
    return -1


def parse(text):
    # (seq, state) of an intact slot, else None
    lines = compat.split(text, '\n')
    if len(lines) < 3 or lines[-1] or lines[0][:6] != 'FOTAJ ':
        return None
    tail = lines[-2]
    seq = number(lines[0][6:])
    if tail[:4] != 'END ' or seq < 1 or \
       checksum(text[:len(text) - len(tail) + 3]) != number(tail[4:]):
        return None
    state = {}
    for line in lines[1:-2]:
        i = compat.find(line, '=')
        if i < 1:
            return None
        state[line[:i]] = line[i + 1:]
    return seq, state


class Journal:

    def __init__(self, name='fotajrn', opener=open):
        self.names = (name + '0.dat', name + '1.dat')
        self.opener = opener
        self.seq = 0
        self.slot = None    # slot of the newest state: 0, 1, -1 (none)
        self.entries = {}   # (key, value) -> entry(key, value), of the last save

    def read(self, index):
        try:
            f = self.opener(self.names[index], 'r')
            try:
                return parse(f.read(LIMIT + 1))
            finally:
                f.close()
        except Exception:
            return None

    def load(self):
        self.seq = 0
        self.slot = -1
        state = {}
        for index in (0, 1):
            got = self.read(index)
            if got is not None and got[0] > self.seq:
                self.seq, state = got
                self.slot = index
        return state

    def save(self, state):
        if self.slot is None:
            self.load()
        keys = list(state.keys())
        keys.sort()
        text = 'FOTAJ %d\n' % (self.seq + 1)
        h = checksum(text)
        lines = [text]
        entries = {}
        for key in keys:
            # a save often changes one line: only a new one is read char by char
            pair = (key, state[key])
            got = self.entries.get(pair) or entry(key, state[key])
            entries[pair] = got
            lines.append(got[0])
            h = (times(h, got[2]) + got[1]) % PRIME
        self.entries = entries
        lines.append('END %d\n' % checksum('END ', h))
        text = compat.join(lines, '')
        if len(text) > LIMIT:
            raise ValueError('journal: state too large')
        index = self.slot == 0
        f = self.opener(self.names[index], 'w')
        try:
            f.write(text)
        finally:
            f.close()
        self.seq = self.seq + 1
        self.slot = index
        return self.seq
