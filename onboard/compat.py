# compat: the few helpers that differ between Python 1.5.2, Telit 1.5.2+,
# 2.7 and 3.x, chosen once at import.  Onboard dialect.
#
# String functions come from the `string` module where it has them (1.5.2,
# 2.7) and from string methods otherwise (Telit 1.5.2+ without `string`, 3.x).
try:
    import string  # dialect-ok: D303
    if not hasattr(string, 'find'):
        string = None
except ImportError:
    string = None

TRUE = 1
FALSE = 0
DIGITS = '0123456789'


def find(text, sub):
    if string is not None:
        return string.find(text, sub)
    return text.find(sub)  # dialect-ok: D212


def split(text, separator):
    if string is not None:
        return string.split(text, separator)
    return text.split(separator)  # dialect-ok: D212


def join(parts, separator):
    if string is not None:
        return string.join(parts, separator)
    return separator.join(parts)  # dialect-ok: D212


def strip(text):
    if string is not None:
        return string.strip(text)
    return text.strip()  # dialect-ok: D212


def replace(text, old, new):
    if string is not None:
        return string.replace(text, old, new)
    return text.replace(old, new)  # dialect-ok: D212


def startswith(text, prefix):
    return text[:len(prefix)] == prefix


def endswith(text, suffix):
    return len(text) >= len(suffix) and text[len(text) - len(suffix):] == suffix


def contains(text, sub):
    return find(text, sub) >= 0


def atoi(text):
    """A decimal integer, or None when ``text`` is not one."""
    text = strip(text)
    sign = 1
    if text[:1] == '-':
        sign = -1
        text = text[1:]
    if not text:
        return None
    value = 0
    for char in text:
        digit = find(DIGITS, char)
        if digit < 0 or len(char) != 1:
            return None
        value = value * 10 + digit
    return sign * value


def has(dictionary, key):
    """``key in dictionary`` for every interpreter."""
    return dictionary.get(key, _MISSING) is not _MISSING


_MISSING = []


def split_lines(text):
    """Lines without their CR/LF; empty lines dropped."""
    lines = []
    for line in split(replace(text, '\r', '\n'), '\n'):
        if line:
            lines.append(line)
    return lines


def remainder(value, modulus):
    return divmod(value, modulus)[1]
