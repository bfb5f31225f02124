# hostlink: the pipe from a child script interpreter to the emulator.
#
# Onboard dialect (runs on Python 1.5.2 to 3.x).  Used only when the script
# runs in a child interpreter (hostsim run --python PATH); in-process runs
# put another object with the same call() in its place.
#
# Wire format, both directions: a line with the number of fields, then per
# field a line "<type><length>" and <length> payload bytes.  Types: s string
# (latin-1 bytes), i integer (decimal text), n None, e error message (reply
# only: the call raises HostError with it).  A reply of several fields is a
# tuple.
#
# Importing it (and the shims that use it) never fails; calling it outside an
# emulator raises HostGone with what to do.
import sys

PY3 = hasattr(sys.stdin, 'buffer')
_input = None
_output = None


class HostError(Exception):
    pass


class HostGone(Exception):
    pass


def connect():
    """Talk to the emulator over this process's standard input and output."""
    global _input, _output
    if PY3:
        _input = sys.stdin.buffer
        _output = sys.stdout.buffer
    else:
        _input = sys.stdin
        _output = sys.stdout


def _bytes(text):
    if PY3:
        return text.encode('latin-1')  # dialect-ok: D214
    return text


def _text(data):
    if PY3:
        return data.decode('latin-1')  # dialect-ok: D214
    return data


def _field(value):
    if value is None:
        return 'n0\n'
    if type(value) == type(0):
        digits = str(value)
        return 'i%d\n%s' % (len(digits), digits)
    return 's%d\n%s' % (len(value), value)


def encode(fields):
    parts = ['%d\n' % len(fields)]
    for value in fields:
        parts.append(_field(value))
    return _bytes(_join(parts))


def _join(parts):
    text = ''
    for part in parts:
        text = text + part
    return text


def _read_exact(size):
    data = _input.read(size)
    if data is None or len(data) != size:
        raise HostGone('emulator closed the link')
    return _text(data)


def _read_line():
    line = _text(_input.readline())
    if not line:
        raise HostGone('emulator closed the link')
    return line[:-1]


def receive_fields():
    """Read one message: a list of values; an error field becomes HostError()."""
    count = int(_read_line())
    fields = []
    while len(fields) < count:
        header = _read_line()
        kind = header[0]
        payload = _read_exact(int(header[1:]))
        if kind == 'i':
            fields.append(int(payload))
        elif kind == 'n':
            fields.append(None)
        elif kind == 'e':
            fields.append(HostError(payload))
        else:
            fields.append(payload)
    return fields


def call(op, *args):
    """Ask the emulator; one value comes back (several come back as a tuple)."""
    if _output is None:
        raise HostGone('no emulator here: run the script with "hostsim run" or in the '
                       'telit pytest fixture')
    _output.write(encode((op,) + args))
    _output.flush()
    reply = receive_fields()
    for value in reply:
        if isinstance(value, HostError):
            raise value
    if len(reply) == 1:
        return reply[0]
    return tuple(reply)
