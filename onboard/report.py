# report: 'FOTA <CODE> <detail>' lines to the application on SER and to a log of at
# most `limit` bytes (when full, the newest lines within half of it stay).  Onboard dialect.
import compat


class Reporter:

    def __init__(self, ser, clock, log='fota.log', limit=4096, opener=open):
        self.ser = ser
        self.clock = clock
        self.log = log
        self.limit = limit
        self.opener = opener
        self.size = -1      # log file bytes, -1: unknown

    def event(self, code, detail=''):
        text = code
        if detail != '':
            text = text + ' ' + str(detail)
        text = compat.replace(compat.replace(text, '\r', ' '), '\n', ' ')
        if self.ser is not None:
            self.ser.send('FOTA ' + text + '\r\n')
        if self.log:
            try:
                self.write('%d %s\n' % (self.clock.secCounter(), text))
            except Exception:       # a full store must not stop the agent
                self.size = -1

    def write(self, line):
        keep = divmod(self.limit, 2)[0]
        if len(line) > keep:
            line = line[:keep - 1] + '\n'
        if self.size < 0:
            self.size = len(compat.read(self.log, self.opener) or '')
        mode = 'a+'
        if self.size + len(line) > self.limit:
            data = compat.read(self.log, self.opener) or ''
            if data and data[-1] != '\n':
                data = data + '\n'
            line = data + line
            start = len(line) - keep
            if start > 0:
                line = line[start + compat.find(line[start - 1:], '\n'):]
            mode = 'w'
            self.size = 0
        f = self.opener(self.log, mode)
        try:
            f.write(line)
        finally:
            f.close()
        self.size = self.size + len(line)
