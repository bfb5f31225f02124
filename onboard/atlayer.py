# atlayer: AT commands on MDM/MDM2 (ATV1, timeouts in tenths), and the URCs to
# handlers wherever they arrive.  Onboard dialect.
import compat

# Timeouts are in tenths of a second, as MDM.receive() takes them.
COMMAND_TIMEOUT = 50    # a command's final result
DATA_TIMEOUT = 100      # the result after a payload sent at a prompt
SEND_TIMEOUT = 10       # MDM.send() waiting for room in the interface's buffer

URCS = ['#OTAEV:', '+CMTI:', '+CMT:', '+CREG:', '+CGREG:', 'RING', 'SRING:']
MAXQ = 30


def _match(line, prefix):
    # 'RING' and 'RING: 1', not 'RINGS'
    n = len(prefix)
    return line[:n] == prefix and (prefix[-1:] == ':' or line[n:n + 1] in ('', ':'))


def _final(line):
    # 2: only a command's result; 1: may also end a call
    if line in ('OK', 'ERROR') or line[:7] == 'CONNECT' or \
       line[:11] in ('+CME ERROR:', '+CMS ERROR:'):
        return 2
    return line in ('NO CARRIER', 'BUSY', 'NO ANSWER', 'NO DIALTONE')


class AtLayer:
    def __init__(self, port, clock):
        self.port, self.clock = port, clock
        self.urcs = []          # the last MAXQ URCs no handler took
        self.online = ''        # data right after CONNECT
        self._handlers, self._todo, self._names, self._lines = [], [], [], []
        self._buf = self._cmt = self._echo = self._result = ''
        self._wait = self._echoed = self._busy = 0

    def on_urc(self, prefix, handler):
        # prefix '': the URCs no other handler takes
        self._handlers.append((prefix, handler))

    def command(self, line, timeout=COMMAND_TIMEOUT):
        self._drain()
        if self._wait:          # the result a timed-out command owes
            self._collect(timeout)
            self._wait = 0
        self._dispatch()
        self._names = []
        for part in compat.split(line[2:], ';'):
            part = compat.split(compat.split(part, '=')[0], '?')[0]
            if part:
                self._names.append(compat.strip(part) + ':')
        self._echo = line
        self._echoed = 0
        return self._run(line + '\r', timeout)

    def data(self, payload, timeout=DATA_TIMEOUT):
        self._echo = self._echoed and payload or ''
        return self._run(payload, timeout)

    def poll(self, timeout=0):
        # the URCs that come within timeout, to their handlers: receive()
        # returns with the first data, read() takes what is buffered behind it
        if timeout > 0 and not self._todo:
            data = self.port.receive(timeout)
        else:
            data = self.port.read()
        if data:
            self._feed(data)
            self._drain()
        return self._dispatch()

    def _run(self, text, timeout):
        self.online = ''
        self._lines = []
        self._wait = 1
        self.port.send(text, SEND_TIMEOUT)
        result = self._collect(timeout)
        lines = self._lines
        self._lines = []
        self._dispatch()
        return result, lines

    def _drain(self):
        data = self.port.read()
        while data:
            self._feed(data)
            data = self.port.read()

    def _collect(self, timeout):
        # until the result or the timeout, at most 1 s late
        start = self.clock.secCounter()
        left = timeout
        while left > 0 and self._wait:
            data = self.port.receive(left)
            if not data:
                break
            self._feed(data)
            left = min(timeout, timeout + 10 - (self.clock.secCounter() - start) * 10)
        if self._wait:
            return 'TIMEOUT'
        return self._result

    def _feed(self, data):
        parts = compat.split(self._buf + data, '\n')
        self._buf = parts[-1]
        while len(parts) > 1:
            line = parts[0]
            del parts[0]
            while line[-1:] == '\r':
                line = line[:-1]
            self._line(line)
            if self._wait < 0:      # CONNECT: the rest is the call's data
                self.online = compat.join(parts, '\n')
                self._buf = ''
                self._wait = 0
                return
        if self._wait and self._buf in ('> ', '>>>'):
            self._buf = ''
            self._result = '>'
            self._wait = 0

    def _line(self, line):
        if self._cmt:           # the text of a +CMT: URC
            self._todo.append(self._cmt + '\r\n' + line)
            self._cmt = ''
        elif not line:
            pass
        elif self._echo and compat.startswith(self._echo, line):
            echo = self._echo[len(line):]
            while echo[:1] in ('\r', '\n'):
                echo = echo[1:]
            self._echo = echo
            self._echoed = 1
        elif self._wait and _final(line):
            self._result = line
            self._wait = -(line[:7] == 'CONNECT')
            self._echo = ''
        elif _final(line) == 2:
            pass
        elif self._wait and not self._urc(line):
            self._lines.append(line)
            self._echo = ''
        elif _match(line, '+CMT:'):
            self._cmt = line
        else:
            self._todo.append(line)

    def _urc(self, line):
        # 'NAME:' of the command line answers it, but for the +CREG:/+CGREG: URCs:
        # one field less than the answers (odd count, no '(')
        for name in self._names:
            if compat.startswith(line, name):
                return name in ('+CREG:', '+CGREG:') and compat.find(line, '(') < 0 and \
                    divmod(len(compat.split(line, ',')), 2)[1]
        for prefix in URCS:
            if _match(line, prefix):
                return 1
        for prefix, handler in self._handlers:
            if prefix and _match(line, prefix):
                return 1
        return 0

    def _dispatch(self):
        # not re-entered: a handler's own command() leaves URCs to this loop
        if self._busy:
            return 0
        count = 0
        self._busy = 1
        try:
            while self._todo:
                line = self._todo[0]
                del self._todo[0]
                count = count + 1
                self._deliver(line)
        finally:
            self._busy = 0
        return count

    def _deliver(self, line):
        # to the handlers of its prefix, else (hit 2) to the catch-alls, else to .urcs
        hit = 0
        for prefix, handler in self._handlers:
            if prefix and _match(line, prefix):
                handler(line)
                hit = 1
        for prefix, handler in self._handlers:
            if not prefix and hit != 1:
                handler(line)
                hit = 2
        if not hit:
            self.urcs.append(line)
            if len(self.urcs) > MAXQ:
                del self.urcs[0]
