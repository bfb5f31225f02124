# atlayer: AT commands on MDM/MDM2, URCs to handlers.  Onboard dialect.
# Needs ATV1 and upper-case commands; timeouts in tenths.  Lines end at LF;
# a partial '> ' or '>>>' in a command is the prompt '>'; echo is skipped.
# Outside a command every line is a URC (stray OK, ERROR, +CME/+CMS ERROR,
# CONNECT are dropped).  Inside, a line with a URC prefix is a URC unless
# it starts with 'NAME:' for a NAME on the command line; +CREG:/+CGREG:
# answers have one field (<n>) more than URCs: odd count, no '(' = URC.
# +CMT: brings its text: 'header\r\ntext'.  Data right after CONNECT is
# left in .online.  TIMEOUT is never early, at most 1 s late.  A timed-out
# command owes its result: other lines are dropped until it comes; the
# next command() first waits for it (its own timeout), then forgets it.
import compat

URCS = ['#OTAEV:', '+CMTI:', '+CMT:', '+CREG:', '+CGREG:', 'RING', 'SRING:']
REGS = ('+CREG:', '+CGREG:')
MAXQ = 30


def _match(line, prefix):
    n = len(prefix)
    if line[:n] != prefix:
        return 0
    return prefix[-1:] == ':' or line[n:n + 1] in ('', ':')


def _final(line):
    # 2: only a command's result; 1: may also end a call
    if line in ('OK', 'ERROR') or line[:7] == 'CONNECT' or \
       line[:11] in ('+CME ERROR:', '+CMS ERROR:'):
        return 2
    return line in ('NO CARRIER', 'BUSY', 'NO ANSWER', 'NO DIALTONE')


def _names(line):
    names = []
    for part in compat.split(line[2:], ';'):
        for mark in '=?':
            i = compat.find(part, mark)
            if i >= 0:
                part = part[:i]
        if part:
            names.append(compat.strip(part) + ':')
    return names


class AtLayer:
    def __init__(self, port, clock):
        self.port = port
        self.clock = clock
        self.urcs = []        # URCs no handler took, oldest first
        self.online = ''      # data that came right after CONNECT
        self._prefixes = URCS[:]
        self._handlers = []
        self._todo = []       # URCs to dispatch
        self._buf = ''        # partial line
        self._cmt = None      # +CMT: header awaiting its text
        self._names = []
        self._echo = ''
        self._echoed = 0
        self._lines = []
        self._result = ''
        self._wait = 0        # a final result is due
        self._busy = 0

    def on_urc(self, prefix, handler):
        self._handlers.append((prefix, handler))
        if prefix and prefix not in self._prefixes:
            self._prefixes.append(prefix)

    def command(self, line, timeout=50):
        self._drain()
        if self._wait:
            self._collect(timeout)
            self._wait = 0
        self._dispatch()
        self._names = _names(line)
        self._echo = line
        self._echoed = 0
        return self._run(line + '\r', timeout)

    def data(self, payload, timeout=100):
        self._echo = self._echoed and payload or ''
        return self._run(payload, timeout)

    def poll(self, timeout=0):
        self._drain()
        self._collect(timeout, 1)
        self._drain()
        return self._dispatch()

    def _run(self, text, timeout):
        self.online = ''
        self._lines = []
        self._wait = 1
        self.port.send(text, 10)
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

    def _collect(self, timeout, poll=0):
        # until the final result (or, to poll, a URC) or the timeout
        start = self.clock.secCounter()
        left = timeout
        while left > 0 and (poll and not self._todo or not poll and self._wait):
            data = self.port.receive(left)
            if not data:
                break
            self._feed(data)
            left = min(timeout,
                       timeout + 10 - (self.clock.secCounter() - start) * 10)
        if self._wait:
            return 'TIMEOUT'
        return self._result

    def _feed(self, data):
        parts = compat.split(self._buf + data, '\n')
        self._buf = parts[-1]
        i = 0
        while i < len(parts) - 1:
            line = parts[i]
            i = i + 1
            while line[-1:] == '\r':
                line = line[:-1]
            self._line(line)
            if self._wait < 0:
                self.online = compat.join(parts[i:], '\n')
                self._buf = ''
                self._wait = 0
                return
        if self._wait and self._buf in ('> ', '>>>'):
            self._buf = ''
            self._result = '>'
            self._wait = 0

    def _line(self, line):
        if self._cmt is not None:
            self._todo.append(self._cmt + '\r\n' + line)
            self._cmt = None
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
        for name in self._names:
            if compat.startswith(line, name):
                return name in REGS and compat.find(line, '(') < 0 and \
                    divmod(len(compat.split(line, ',')), 2)[1]
        for prefix in self._prefixes:
            if _match(line, prefix):
                return 1
        return 0

    def _dispatch(self):
        # not re-entered: a handler's own command() leaves URCs to this loop
        count = 0
        if self._busy:
            return 0
        self._busy = 1
        try:
            while self._todo:
                line = self._todo[0]
                del self._todo[0]
                count = count + 1
                hit = 0
                for prefix, handler in self._handlers:
                    if prefix and _match(line, prefix):
                        handler(line)
                        hit = 1
                if not hit:
                    for prefix, handler in self._handlers:
                        if not prefix:
                            handler(line)
                            hit = 1
                if not hit:
                    self.urcs.append(line)
                    if len(self.urcs) > MAXQ:
                        del self.urcs[0]
        finally:
            self._busy = 0
        return count
