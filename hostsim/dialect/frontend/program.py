"""A running 1.5.2 program: its modules, its ``sys``, its streams, its builtins."""
import io
import sys
import types
from typing import Callable, List, Mapping, Optional, Sequence, TextIO

from .cache import DEFAULT_CACHE, TranslationCache, cache_key
from .errors import FrontEndSyntaxError, syntax_error_report
from .importer import Importer, SourceFinder, new_module
from .profiles import Profile, as_profile, get_profile
from .runtime import exceptions as exc_mod
from .runtime import stdmods
from .runtime.builtins152 import make_builtins
from .runtime.methods import Methods
from .runtime.numbers import Arithmetic, Long, Long27
from .runtime.printing import BinaryFile, Printer, ScriptFile
from .runtime.text import Renderer
from .translator import source_text, translate_and_compile

EXIT_FAILURE = 1


class Translation:
    """The result of :func:`translate`: Python 3 source and its code object."""

    def __init__(self, source: str, code: types.CodeType) -> None:
        self.source = source
        self.code = code


def translate(source, filename: str, profile="python152") -> Translation:
    """Translate 1.5.2 source (bytes as Latin-1, or str) to Python 3 (lines kept).

    Raises :class:`FrontEndSyntaxError` (file, line, column, reason, hint).
    """
    text, code = translate_and_compile(source, filename, as_profile(profile))
    return Translation(text, code)


class Program:
    """One 1.5.2 program: run a main script and the modules it imports.

    ``stdout``/``stderr``/``stdin`` are text streams of str (code points 0-255);
    ``find_source(name)`` returns a module's source from the script store (or a
    ``(source, filename)`` pair, or ``(source, filename, shown_name)`` when
    tracebacks are to name the file otherwise, or a module object the embedder
    made on this first import, or None); ``builtin_modules`` maps names to the
    embedder's module objects (``MDM``, ``MOD``, ...); ``uncatchable`` lists
    exception classes no script handler may catch (the embedder's power-off);
    ``open_file(name, mode)`` replaces the host file system for ``open()``.
    """

    def __init__(self, profile="python152", stdout: Optional[TextIO] = None,
                 stderr: Optional[TextIO] = None,
                 find_source: Optional[SourceFinder] = None,
                 builtin_modules: Optional[Mapping[str, object]] = None,
                 stdin: Optional[TextIO] = None, floats: Optional[bool] = None,
                 cache: Optional[TranslationCache] = None,
                 open_file: Optional[Callable[[str, str], object]] = None,
                 uncatchable: Sequence[type] = ()) -> None:
        self.profile: Profile = get_profile(profile, floats) if isinstance(profile, str) \
            else as_profile(profile)
        python27 = self.profile.python27
        self.cache = cache if cache is not None else DEFAULT_CACHE
        self.renderer = Renderer(python27)
        self.arithmetic = Arithmetic(strict=not python27, long_type=Long27 if python27 else Long)
        self.methods = Methods(self.profile.string_methods, python27)
        self.stdout_file = ScriptFile(stdout if stdout is not None else sys.stdout, "<stdout>", "w")
        self.stderr_file = ScriptFile(stderr if stderr is not None else sys.stderr, "<stderr>", "w")
        self.stdin_file = ScriptFile(stdin if stdin is not None else io.StringIO(""), "<stdin>", "r")
        self.modules: dict = {}
        self.sources: dict = {}
        self.shown_names: dict = {}
        self.last_exception = None
        self.uncatchable = tuple(uncatchable)
        self._open_file = open_file
        self.exception_classes = exc_mod.exception_classes(python27)
        self.sys = stdmods.make_sys(self)
        self.modules["sys"] = self.sys
        self.printer = Printer(self.sys, self.renderer)
        self.importer = Importer(self, find_source, builtin_modules)
        self.builtins = make_builtins(self)

    # -- compiling ----------------------------------------------------------------

    def compile_text(self, source, filename: str, mode: str = "exec",
                     shown_name: Optional[str] = None) -> types.CodeType:
        """A code object for 1.5.2 source, from the cache when it was seen before.

        ``shown_name``: the file name tracebacks show for ``filename``'s frames."""
        text = source_text(source)
        self.sources[filename] = text.splitlines()
        if shown_name is not None:
            self.shown_names[filename] = shown_name
        key = cache_key(text, filename, self.profile.key + ":" + mode)
        code = self.cache.get(key)
        if code is None:
            _, code = translate_and_compile(text, filename, self.profile, mode)
            self.cache.put(key, code)
        return code

    def compile_for_script(self, source, filename: str, mode: str = "exec",
                           named_file: bool = False) -> types.CodeType:
        """``compile``/``eval``/``exec`` from a script: errors are the script's exceptions
        (1.5.2's SyntaxError names no file here, 2.7's names ``filename``; both name
        the file of ``execfile``: ``named_file``)."""
        try:
            return self.compile_text(source, filename, mode)
        except FrontEndSyntaxError as exc:
            named = named_file or self.profile.python27
            raise exc.script_exception(filename if named else None) from None

    def exec_module(self, source, filename: str, module: types.ModuleType,
                    shown_name: Optional[str] = None) -> None:
        """Run a module's source in ``module``; a source that does not compile raises the
        SyntaxError 1.5.2 raises in the importing script, naming the module's file."""
        try:
            code = self.compile_text(source, filename, shown_name=shown_name)
        except FrontEndSyntaxError as exc:
            raise exc.script_exception(shown_name or filename) from None
        namespace = module.__dict__
        namespace["__builtins__"] = self.builtins
        namespace.setdefault("__doc__", None)
        exec(code, namespace)

    # -- running ------------------------------------------------------------------

    def run_main(self, source, filename: str, argv: Optional[List[str]] = None) -> int:
        """Run ``source`` as ``__main__``; return the exit status python1.5 would give.

        An uncaught exception is reported on the script's ``sys.stderr`` as a 1.5.2
        traceback (script frames only) and gives 1; ``sys.exit(n)`` gives n.
        """
        self.sys.argv = list(argv) if argv is not None else [filename]
        try:
            code = self.compile_text(source, filename)
        except FrontEndSyntaxError as exc:
            self.stderr_file.write(exc.report_152())
            return EXIT_FAILURE
        try:
            self.exec_main(code)
        except SystemExit as exc:
            return self._exit_status(exc)
        except BaseException as exc:
            if self.uncatchable and isinstance(exc, self.uncatchable):
                raise
            self.report(exc)
            return EXIT_FAILURE
        finally:
            self.printer.flush_line()
        return 0

    def exec_main(self, code: types.CodeType) -> None:
        """Run compiled code as ``__main__``; its exceptions propagate (embedders
        that report them their own way use this with :meth:`format_exception`)."""
        main = new_module("__main__")
        main.__dict__["__builtins__"] = self.builtins
        self.modules["__main__"] = main
        exec(code, main.__dict__)

    def _exit_status(self, exc: SystemExit) -> int:
        code = exc.args[0] if len(exc.args) == 1 else (exc.args or None)
        if code is None:
            return 0
        if isinstance(code, int):
            return int(code) & 0xFF
        self.printer.flush_line()
        self.sys.stderr.write(self.renderer.str(code) + "\n")
        return EXIT_FAILURE

    def report(self, exc: BaseException) -> None:
        """Write 1.5.2's report of an uncaught exception on the script's stderr."""
        self.printer.flush_line()
        self.sys.stderr.write(self.format_exception(exc))

    def format_exception(self, exc: BaseException) -> str:
        """1.5.2's report of an uncaught exception: the script's frames, the exception;
        a SyntaxError that says where it is (a module that does not compile) shows its
        file, line and caret after the frames, and its ``msg`` as the message."""
        report = exc_mod.format_traceback(exc, self.renderer, self.sources, self.shown_names)
        if not _is_located_syntax_error(exc):
            return report
        # the report ends with the exception's line; 1.5.2 puts the place before its msg
        frames = report[:-len(exc_mod.exception_line(exc, self.renderer) + "\n")]
        message = "" if exc.msg is None else self.renderer.str(exc.msg)
        return frames + syntax_error_report(exc.filename, exc.lineno, exc.offset, exc.text,
                                            message)

    # -- exceptions as scripts see them -------------------------------------------------

    def _catchable(self, exc) -> bool:
        return exc is not None and not (self.uncatchable and isinstance(exc, self.uncatchable))

    def _caught(self, exc) -> None:
        exc_type, exc_value = exc_mod.view(exc)
        self.sys.exc_type = exc_type
        self.sys.exc_value = exc_value
        self.sys.exc_traceback = exc.__traceback__
        self.last_exception = exc

    def except_matches(self, pattern):
        """``except pattern:`` (the class tuple to catch, empty when it does not match)."""
        exc = sys.exc_info()[1]
        if self._catchable(exc) and exc_mod.matches(exc, pattern):
            self._caught(exc)
            return BaseException
        return ()

    def except_any(self):
        """A bare ``except:``."""
        exc = sys.exc_info()[1]
        if self._catchable(exc):
            self._caught(exc)
            return BaseException
        return ()

    def except_value(self):
        """The value bound by ``except E, target``."""
        exc = sys.exc_info()[1]
        return exc_mod.view(exc)[1] if exc is not None else None

    def exc_info(self):
        exc = sys.exc_info()[1]
        if exc is None:
            exc = self.last_exception
        if exc is None:
            return None, None, None
        exc_type, exc_value = exc_mod.view(exc)
        return exc_type, exc_value, exc.__traceback__

    def exc_clear(self) -> None:
        self.last_exception = None
        self.sys.exc_type = self.sys.exc_value = self.sys.exc_traceback = None

    # -- files ------------------------------------------------------------------

    def open_file(self, name: str, mode: str = "r"):
        if self._open_file is not None:
            return self._open_file(name, mode)
        binary_mode = mode.replace("b", "").replace("t", "") + "b"
        return BinaryFile(open(name, binary_mode), name, mode)

    def read_file(self, name: str) -> str:
        handle = self.open_file(name, "r")
        try:
            return handle.read()
        finally:
            handle.close()


def _is_located_syntax_error(exc: BaseException) -> bool:
    """Whether 1.5.2's report shows where ``exc`` is: a SyntaxError whose file name
    (or None), line, offset and text (or None) have the types 1.5.2 reads them as."""
    if exc_mod.view(exc)[0] is not SyntaxError:
        return False
    return (type(exc.lineno) is int and type(exc.offset) is int
            and (exc.filename is None or type(exc.filename) is str)
            and (exc.text is None or type(exc.text) is str))
