# scriptenv: what a script sees as its interpreter on the emulated module.
#
# Onboard dialect.  One environment per boot: open() on the module's flat
# file store, imports of the script's own modules from that store and of the
# built-in modules MDM, MOD, ... as fresh shims, and print/stdout/stderr
# going to the module's trace channel.  A child interpreter (childboot.py,
# one process per boot) changes its real builtins module, so scripts run
# unrestricted (2.x and 1.5 restrict code whose builtins are a copy: class
# attributes could not be changed).  Python 3 code in hostsim's own process
# (the python3 profile, the test harness) gets a copy instead.
import sys
import traceback  # dialect-ok: D303

try:
    import __builtin__  # dialect-ok: D303
    _BUILTINS = __builtin__
except ImportError:
    import builtins  # dialect-ok: D303
    _BUILTINS = builtins

_MISSING = []

try:
    type(sys)('probe')
    _MODULE_TYPE = type(sys)
except TypeError:       # 1.5: module objects come from imp
    import imp  # dialect-ok: D303
    _MODULE_TYPE = imp.new_module

if sys.version[:1] == '1':
    TRACEBACK_HEAD = 'Traceback (innermost last):\n'
else:
    TRACEBACK_HEAD = 'Traceback (most recent call last):\n'


def _new_module(name):
    return _MODULE_TYPE(name)


def _lines(text):
    """The lines of a source text (1.5.2 has no string methods)."""
    lines = []
    start = 0
    index = 0
    while index < len(text):
        if text[index] == '\n':
            lines.append(text[start:index])
            start = index + 1
        index = index + 1
    lines.append(text[start:])
    return lines


def _stripped(text):
    start = 0
    end = len(text)
    while start < end and text[start] in ' \t\r':
        start = start + 1
    while end > start and text[end - 1] in ' \t\r':
        end = end - 1
    return text[start:end]


def _module_copy(original):
    """A module of the script's own with everything ``original`` holds."""
    module = _new_module(original.__name__)
    for name in list(original.__dict__.keys()):
        module.__dict__[name] = original.__dict__[name]
    return module


def _end_script(status=0):
    """os._exit of a script that shares its process: the script ends, not the process."""
    raise SystemExit(status)


class TraceWriter:
    """sys.stdout / sys.stderr of a script: text goes to the trace channel."""

    def __init__(self, link, channel):
        self.link = link
        self.channel = channel

    def write(self, text):
        self.link.call('print', self.channel, str(text))

    def flush(self):
        pass


class StoreFile:
    """A file of the module's flat store, as open() returns it.

    The content is read whole at open and written back whole at flush and
    close: the store replaces a file in one step, never half."""

    def __init__(self, link, name, mode):
        self.link = link
        self.name = name
        self.mode = mode
        self.closed = 0
        self.dirty = 0
        self.pos = 0
        self.appending = 0
        existing = link.call('fread', name)
        if mode[:1] == 'r':
            if existing is None:
                raise IOError(2, 'No such file: ' + name)
            self.data = existing
        elif mode[:1] == 'w':
            self.data = ''
            self.dirty = 1
        elif mode[:1] == 'a':
            if existing is None:
                existing = ''
                self.dirty = 1
            self.data = existing
            self.appending = 1
        else:
            raise ValueError('bad file mode: ' + mode)
        self.writable = mode[:1] != 'r' or '+' in mode

    def _check(self):
        if self.closed:
            raise ValueError('I/O operation on closed file')

    def read(self, size=-1):
        self._check()
        if size < 0:
            end = len(self.data)
        else:
            end = min(len(self.data), self.pos + size)
        chunk = self.data[self.pos:end]
        self.pos = end
        return chunk

    def readline(self):
        self._check()
        end = self.pos
        while end < len(self.data) and self.data[end] != '\n':
            end = end + 1
        if end < len(self.data):
            end = end + 1
        line = self.data[self.pos:end]
        self.pos = end
        return line

    def readlines(self):
        lines = []
        line = self.readline()
        while line:
            lines.append(line)
            line = self.readline()
        return lines

    def write(self, text):
        self._check()
        if not self.writable:
            raise IOError(9, 'file not open for writing')
        if self.appending:
            self.pos = len(self.data)
        self.data = self.data[:self.pos] + text + self.data[self.pos + len(text):]
        self.pos = self.pos + len(text)
        self.dirty = 1

    def seek(self, offset, whence=0):
        self._check()
        if whence == 1:
            offset = offset + self.pos
        elif whence == 2:
            offset = offset + len(self.data)
        if offset < 0:
            raise IOError(22, 'Invalid argument')
        self.pos = offset

    def tell(self):
        self._check()
        return self.pos

    def flush(self):
        self._check()
        if self.dirty:
            try:
                self.link.call('fwrite', self.name, self.data)
            except (IOError, SystemExit, KeyboardInterrupt):
                raise
            except Exception:   # the store refused it (full, bad name): a file's IOError
                raise IOError(str(sys.exc_info()[1]))
            self.dirty = 0

    def close(self):
        if not self.closed:
            self.flush()
            self.closed = 1


def open_store_file(link, name, mode='r'):
    """open() of a script: a file of the module's store (a /sys/ prefix is accepted)."""
    if name[:5] == '/sys/':
        name = name[5:]
    return StoreFile(link, name, mode)


class Environment:
    """The interpreter state of one boot."""

    def __init__(self, link, own_sys):
        self.link = link
        self.modules = {}
        self.sources = {}       # file name of a code object -> (shown name, its lines)
        self.original_import = _BUILTINS.__import__
        if own_sys:
            self.builtins = {}
            names = list(_BUILTINS.__dict__.keys())
            for name in names:
                self.builtins[name] = _BUILTINS.__dict__[name]
        else:
            self.builtins = _BUILTINS.__dict__
        self.builtins['__import__'] = self.import_module
        self.builtins['open'] = self.open
        if self.builtins.get('print') is not None:
            self.builtins['print'] = self.print_function
        self.stdout = TraceWriter(link, 'stdout')
        self.stderr = TraceWriter(link, 'stderr')
        if own_sys:
            self.sys = self._sys_module()
            self.modules['os'] = self._os_module()
        else:
            sys.stdout = self.stdout
            sys.stderr = self.stderr
            self.sys = sys
        self.modules['sys'] = self.sys
        self.modules['hostlink'] = link

    def _sys_module(self):
        module = _module_copy(sys)
        module.stdout = self.stdout
        module.stderr = self.stderr
        module.modules = self.modules
        module.argv = ['']
        return module

    def _os_module(self):
        import os  # dialect-ok: D303
        module = _module_copy(os)
        module._exit = _end_script
        return module

    def open(self, name, mode='r', buffering=-1):
        return open_store_file(self.link, name, mode)

    def print_function(self, *args, **options):
        stream = options.get('file')
        if stream is None:
            stream = self.sys.stdout
        separator = options.get('sep')
        if separator is None:
            separator = ' '
        end = options.get('end')
        if end is None:
            end = '\n'
        text = ''
        index = 0
        for arg in args:
            if index:
                text = text + separator
            text = text + str(arg)
            index = index + 1
        stream.write(text + end)

    def _from_script(self, namespace):
        """Whether an import comes from the script's code (the interpreter's own
        library modules import past the module's store)."""
        if namespace is None:
            return 1
        module = self.modules.get(namespace.get('__name__'), _MISSING)
        return module is not _MISSING and module.__dict__ is namespace

    def import_module(self, name, globals=None, locals=None, fromlist=None, level=0):
        if not self._from_script(globals):
            if level:
                return self.original_import(name, globals, locals, fromlist, level)
            return self.original_import(name, globals, locals, fromlist)
        module = self.modules.get(name, _MISSING)
        if module is not _MISSING:
            return module
        source = self.link.call('source', name)
        if source is None:
            return self.original_import(name, globals, locals, fromlist)
        if not source:
            raise ImportError('No module named ' + name)
        return self.load(name, name, source)

    def load(self, module_name, name, source):
        """Run ``source`` as a new module registered under ``module_name``."""
        module = _new_module(module_name)
        module.__dict__['__builtins__'] = self.builtins
        origin = self.link.call('origin', name)
        if origin is None:          # a built-in module: no file, never in a traceback
            filename = '<' + name + '>'
        else:
            shown, filename = origin
            self.sources[filename] = (shown, _lines(source))
        module.__dict__['__file__'] = filename
        self.modules[module_name] = module
        code = compile(source, filename, 'exec')
        if origin is not None:
            self.link.call('compiled', name)   # the module stores its .pyo now
        eval(code, module.__dict__)
        return module

    def format_exception(self, kind, value, tb):
        """The report of an uncaught exception: the script's own frames only,
        under the file names the module has."""
        text = ''
        while tb is not None:
            code = tb.tb_frame.f_code
            entry = self.sources.get(code.co_filename)
            if entry is not None:
                shown, lines = entry
                line = tb.tb_lineno
                text = text + '  File "%s", line %d, in %s\n' % (shown, line, code.co_name)
                if 0 < line <= len(lines) and _stripped(lines[line - 1]):
                    text = text + '    ' + _stripped(lines[line - 1]) + '\n'
            tb = tb.tb_next
        if text:
            text = TRACEBACK_HEAD + text
        for line in traceback.format_exception_only(kind, value):
            text = text + line
        return text

    def run_main(self, name):
        """Run the enabled script as __main__ (its source comes from the store)."""
        source = self.link.call('source', name)
        if source is None:
            raise ImportError('no script ' + name)
        self.load('__main__', name, source)


def run(link, own_sys):
    """Run the enabled script of this boot to its end, reporting how it ended."""
    env = Environment(link, own_sys)
    name = link.call('main')
    try:
        env.run_main(name)
    except SystemExit:
        pass
    except:
        kind, value, tb = sys.exc_info()
        link.call('exception', env.format_exception(kind, value, tb))
        return
    link.call('ended')
