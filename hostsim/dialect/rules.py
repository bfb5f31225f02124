"""The dialect checker's rules: the one table of rule ids and what each finding is.

Flags code that would not run unchanged on Python 1.5.2, Telit's 1.5.2+, 2.7
and 3.x (the rules of ``python15-dialect.md``).  :data:`RULES` is the one table
of rule ids, the profiles each applies to and what to write instead; the rule
docs (:func:`rules_markdown`) and ``--list-rules`` are rendered from it.

Rule ids: ``D1xx`` syntax, ``D2xx`` semantic traps, ``D3xx`` builtins and
modules, ``D4xx`` whole files.  A finding is silenced for its line only by a
comment on that line naming the rule: ``# dialect-ok: D101, D119``.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import NamedTuple

PROFILES = ("python152", "telit152", "python27")
DEFAULT_PROFILE = "python152"
_ALL = PROFILES
_OLD = ("python152", "telit152")
_PLAIN = ("python152",)
_MODULE = ("telit152",)     # the GSM-generation module itself (its file store, no floats)
_XE910 = ("python27",)


@dataclass(frozen=True)
class Rule:
    """A rule: the profiles it applies to, what it flags, what to write instead.

    ``profiles``: where the finding breaks the onboard dialect (code that runs
    unchanged on 1.5.2, Telit 1.5.2+, 2.7 and 3.x); ``native``: where the flagged
    code fails on (or is refused by) that profile's own interpreter, which is
    all ``hostsim check --native`` reports (is this valid 1.5.2?).
    """
    profiles: tuple[str, ...]
    flags: str
    instead: str
    native: tuple[str, ...]


RULES: dict[str, Rule] = {
    # D1xx: syntax that Python 1.5.2, 2.7 or 3.x cannot compile.
    "D101": Rule(_OLD, "augmented assignment `x += 1` needs Python 2.0",
                 "write `x = x + 1`",
                 native=_OLD),
    "D102": Rule(_OLD, "comprehension or generator expression needs Python 2.0 to 2.7",
                 "build the list with a for loop and `append()`",
                 native=_OLD),
    "D103": Rule(_OLD, "`import a as b` / `from a import b as c` needs Python 2.0",
                 "import the plain name, then assign it: `b = a`",
                 native=_OLD),
    "D104": Rule(_OLD, "parenthesised `from a import (b, c)` needs Python 2.4",
                 "drop the parentheses (one `from a import ...` line per group)",
                 native=_OLD),
    "D105": Rule(_OLD, "call-site unpacking `f(*args)` / `f(**kw)` needs Python 2.0",
                 "pass the arguments one by one (`apply()` is gone in 3.x)",
                 native=_OLD),
    "D106": Rule(_ALL, "`print` is a statement on 1.5/2.7 and a function on 3.x",
                 "write through a logging helper that sends to SER/SER2 or a file",
                 native=_ALL),
    "D107": Rule(_OLD, "`yield` (generators) needs Python 2.2",
                 "return a list",
                 native=_OLD),
    "D108": Rule(_ALL, "`yield from` needs Python 3.3",
                 "return a list",
                 native=_ALL),
    "D109": Rule(_OLD, "`with` needs Python 2.5",
                 "use try/finally and close explicitly",
                 native=_OLD),
    "D110": Rule(_OLD, "decorator `@d` needs Python 2.4",
                 "rebind after the def: `f = d(f)`",
                 native=_OLD),
    "D111": Rule(_OLD, "conditional expression `a if c else b` needs Python 2.5",
                 "use an if statement",
                 native=_OLD),
    "D112": Rule(_OLD, "nested def, lambda or class reads a variable of an enclosing function"
                       " (nested scopes need Python 2.2: NameError on 1.5)",
                 "pass the value in as a default argument: `lambda x, n=n: x + n`",
                 native=_OLD),
    "D113": Rule(_ALL, "`nonlocal` needs Python 3",
                 "keep the state in a list or an object attribute",
                 native=_ALL),
    "D114": Rule(_ALL, "`global` in a nested function names the module global,"
                       " never the enclosing function's local",
                 "pass the value in and return the new value",
                 native=()),
    "D115": Rule(_OLD, "try/except/finally in one statement needs Python 2.5",
                 "nest a try/except inside a try/finally",
                 native=_OLD),
    "D116": Rule(_OLD, "`continue` in a try body is a SyntaxError on 1.5.2",
                 "set a flag and `continue` after the try statement",
                 native=_OLD),
    "D117": Rule(_ALL, "`continue` in a finally body is a SyntaxError on 1.5 to 3.7",
                 "set a flag and `continue` after the try statement",
                 native=_ALL),
    "D118": Rule(_OLD, "slice with a step `s[::2]` / `s[a:b:c]` fails on 1.5 sequences (2.3)",
                 "loop over the indexes, or use a plain slice `s[a:b]`",
                 native=_OLD),
    "D119": Rule(_OLD, "floor division `//` needs Python 2.2",
                 "use `divmod(a, b)[0]`",
                 native=_OLD),
    "D120": Rule(_ALL, "matrix multiplication `@` needs Python 3.5",
                 "call a function",
                 native=_ALL),
    "D121": Rule(_ALL, "assignment expression `:=` needs Python 3.8",
                 "assign in a separate statement",
                 native=_ALL),
    "D122": Rule(_ALL, "f-string needs Python 3.6",
                 "use `%` formatting: `'%s=%d' % (name, n)`",
                 native=_ALL),
    "D123": Rule(_ALL, "`b''` / `u''` prefix: 1.5 has neither and the type differs"
                       " between 2.x and 3.x",
                 "use a plain `''` string (the host shims convert at their edge)",
                 native=_OLD),
    "D124": Rule(_OLD, "`0o` / `0b` literal needs Python 2.6",
                 "write it in decimal or `0x` hex",
                 native=_OLD),
    "D125": Rule(_ALL, "underscore in a number needs Python 3.6",
                 "write the digits without `_`",
                 native=_ALL),
    "D126": Rule(_ALL, "star-unpacking outside a call (`a, *b = l`, `[*a]`, `{**d}`)"
                       " needs Python 3",
                 "index and slice: `a = l[0]; b = l[1:]`; join lists with `+`",
                 native=_ALL),
    "D127": Rule(_ALL, "keyword-only or positional-only parameters need Python 3",
                 "use plain parameters with defaults",
                 native=_ALL),
    "D128": Rule(_ALL, "annotations need Python 3",
                 "drop the annotation; describe types in the docstring",
                 native=_ALL),
    "D129": Rule(_OLD, "`except E as e` needs Python 2.6",
                 "write `except E:` and read the exception with `sys.exc_info()[1]`",
                 native=_OLD),
    "D130": Rule(_ALL, "`async` / `await` needs Python 3.5",
                 "write plain functions",
                 native=_ALL),
    "D131": Rule(_ALL, "syntax only Python 3 has (`raise ... from`, class keywords,"
                       " `...`, `match`, `except*`, type parameters, `type X = ...`)",
                 "use the plain form: `raise E(msg)`, `class C:`, `None`, if/elif",
                 native=_ALL),
    "D132": Rule(_OLD, "set display `{a, b}` needs Python 2.7",
                 "use a list, or a dict `{a: 1, b: 1}` read with `d.get(k)`",
                 native=_OLD),
    "D133": Rule(_ALL, "`\\u`, `\\U` or `\\N{...}` escape: one character on 3.x,"
                       " plain text on 1.5/2.x",
                 "write the bytes with `\\xNN` escapes",
                 native=()),
    # D2xx: code that compiles everywhere but behaves differently.
    "D201": Rule(_ALL, "`/` floors ints on 1.5/2.7 but gives a float on 3.x",
                 "use `divmod(a, b)[0]`",
                 native=()),
    "D202": Rule(_OLD, "floats (float or complex literal, `float()`, `complex()`)"
                       " are not available on Telit 1.5.2+ modules",
                 "use integers in fixed point (tenths, milli-units)",
                 native=_MODULE),
    "D203": Rule(_OLD, "integer literal outside -2**31..2**31-1 overflows the modules'"
                       " 32-bit ints",
                 "keep values in range; reduce modulo a small number at each step",
                 native=_OLD),
    "D204": Rule(_OLD, "`isinstance()` with a builtin type name: those types are"
                       " functions on 1.5",
                 "compare types: `type(x) == type('')`",
                 native=_OLD),
    "D205": Rule(_OLD, "`in` / `not in` on a dict needs Python 2.2",
                 "use `d.get(k)` against a sentinel, or `try: d[k]`",
                 native=_OLD),
    "D206": Rule(_ALL, "`d.has_key(k)` is gone in Python 3",
                 "use `d.get(k)` against a sentinel, or `try: d[k]`",
                 native=()),
    "D207": Rule(_OLD, "substring test `'ab' in s`: 1.5 tests single characters only",
                 "use the compat module's find helper: `find(s, 'ab') >= 0`",
                 native=_OLD),
    "D208": Rule(_OLD, "`sort()` with `key=` / `reverse=` needs Python 2.4",
                 "sort (key, value) tuples, then `reverse()`",
                 native=_OLD),
    "D209": Rule(_ALL, "sorting with a comparison function (`l.sort(f)`, `cmp=`)"
                       " is gone in Python 3",
                 "sort (key, value) tuples",
                 native=()),
    "D210": Rule(_OLD, "`%r` formatting needs Python 2.0",
                 "use `%s` with `repr(x)`",
                 native=_OLD),
    "D211": Rule(_OLD, "`int(s, base)` needs Python 2.0",
                 "convert through the compat module (`string.atoi` on 1.5)",
                 native=_OLD),
    "D212": Rule(_PLAIN, "string method: plain 1.5.2 has none (Telit 1.5.2+ has them)",
                 "call the compat module's helper, which picks `string.find` or `s.find`",
                 native=_PLAIN),
    "D213": Rule(_OLD, "string method newer than Telit 1.5.2+ (`format`, `partition`,"
                       " `rpartition`, `rsplit`, `zfill`)",
                 "use `%` formatting, `find()` and slices",
                 native=_OLD),
    "D214": Rule(_ALL, "string method that only Python 3 has or that converts between"
                       " str and bytes (`encode`, `decode`, `casefold`, `removeprefix` ...)",
                 "keep native str inside onboard/; convert in the host shims",
                 native=_OLD),
    "D215": Rule(_ALL, "indexing or sorting `keys()`, `values()`, `items()`, `range()`,"
                       " `map()`, `filter()` or `zip()`: lists on 2.x, views or iterators"
                       " on 3.x",
                 "wrap it: `list(d.keys())[0]`",
                 native=()),
    "D216": Rule(_ALL, "string exception (`raise 'msg'`, `except 'msg':`) is gone in"
                       " 2.6 and 3.x",
                 "define `class MyError(Exception): pass`",
                 native=_XE910),
    # D3xx: builtins and modules.
    "D301": Rule(_OLD, "builtin that 1.5.2 does not have (`zip`, `enumerate`, `sorted`,"
                       " `set`, `dict`, `object`, `True`, `False`, `bool` ...)",
                 "use 1 and 0 for booleans, `class C:` without `object`,"
                 " loops or compat helpers for the rest",
                 native=_OLD),
    "D302": Rule(_ALL, "builtin that exists on only one side of 2.x and 3.x (`xrange`,"
                       " `apply`, `reduce`, `long`, `unicode`, `bytes`, `ascii` ...)",
                 "use `range()`, explicit loops or a compat helper",
                 native=_ALL),
    "D303": Rule(_OLD, "module the Telit module does not have (it has `sys`, `MDM`, `MDM2`,"
                       " `MOD`, `SER`, `SER2`, `GPIO`, `IIC`, `SPI`, `GPS` and the"
                       " script's sibling .py files)",
                 "use `MOD.secCounter()` / `MOD.sleep()` instead of `time`,"
                 " the compat module instead of `string`",
                 native=()),
    "D304": Rule(_OLD, "dotted or relative import: the module's file system has no packages",
                 "put the module next to the script and `import name`",
                 native=_MODULE),
    # D4xx: whole files.
    "D401": Rule(_ALL, "source that Python 3 cannot parse (print or exec statement,"
                       " backquotes, `<>`, `0777`, `10L`, `except E, e`, `raise E, msg`,"
                       " tuple parameters, assignment to True/False)",
                 "write the portable form named in the message",
                 native=_ALL),
    "D402": Rule(_OLD, "file name longer than 16 characters including `.py`",
                 "rename the module (the module's file store limits names to 16)",
                 native=_MODULE),
    "D403": Rule(_OLD, "`__init__.py`: packages do not exist on the module",
                 "flatten the package into modules next to the script",
                 native=_MODULE),
    "D404": Rule(_ALL, "non-ASCII character in the source",
                 "use `\\xNN` escapes in strings and ASCII in comments",
                 native=_XE910),
    "D405": Rule(_ALL, "unknown rule id in a `# dialect-ok:` comment",
                 "name ids listed by `hostsim check --list-rules`",
                 native=_ALL),
}

@dataclass(frozen=True)
class Finding:
    """One reported problem; ``col`` is 1-based."""
    path: str
    line: int
    col: int
    rule: str
    message: str

    def __str__(self) -> str:
        return "%s:%d:%d: %s %s" % (self.path, self.line, self.col, self.rule, self.message)


class CheckerUsageError(Exception):
    """A bad path, an unreadable file or a bad option."""

    exit_code = 2


class Hit(NamedTuple):
    """A finding before its path is known; ``native`` overrides the rule's native profiles."""
    line: int
    col: int
    rule: str
    message: str
    native: tuple[str, ...] | None = None


def hit_at(line: int, col: int, rule: str, flags: str | None = None,
           instead: str | None = None, native: tuple[str, ...] | None = None) -> Hit:
    """A hit whose message is ``flags: instead``, defaulting to the rule's text."""
    entry = RULES[rule]
    return Hit(line, col, rule, "%s: %s" % (flags or entry.flags, instead or entry.instead),
               native)


def hit(node: ast.AST, rule: str, flags: str | None = None,
        native: tuple[str, ...] | None = None) -> Hit:
    return hit_at(node.lineno, node.col_offset + 1, rule, flags, None, native)


def applies(hit: Hit, profile: str, native: bool) -> bool:
    """Whether ``hit`` is a finding under ``profile``, natively or for the onboard dialect."""
    if not native:
        return profile in RULES[hit.rule].profiles
    return profile in (RULES[hit.rule].native if hit.native is None else hit.native)



def _profiles_text(profiles: tuple[str, ...]) -> str:
    return "all" if profiles == PROFILES else ", ".join(profiles) or "none"


def rules_text() -> str:
    """The rule table as ``--list-rules`` prints it: id, profiles, description."""
    return "\n".join("%s  %-19s  %s" % (rule_id, _profiles_text(rule.profiles), rule.flags)
                     for rule_id, rule in RULES.items())


def rules_markdown() -> str:
    """The rule table of docs/checker.md."""
    lines = ["| id | profiles | native | flags | write instead |",
             "| --- | --- | --- | --- | --- |"]
    lines += ["| %s | %s | %s | %s | %s |" % (rule_id, _profiles_text(rule.profiles),
                                              _profiles_text(rule.native), rule.flags,
                                              rule.instead)
              for rule_id, rule in RULES.items()]
    return "\n".join(lines)
