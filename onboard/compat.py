# compat: the helpers that differ between Python 1.5.2, Telit 1.5.2+, 2.7 and 3.x,
# chosen once at import.  Onboard dialect.
try:
    import string  # dialect-ok: D303
except ImportError:
    string = None

DIGITS = '0123456789'

if hasattr(string, 'find'):     # 1.5.2, 2.7; else Telit 1.5.2+ without `string`, 3.x
    find = string.find
    split = string.split
    join = string.join
    strip = string.strip
else:
    def find(text, sub):
        return text.find(sub)  # dialect-ok: D212

    def split(text, separator):
        return text.split(separator)  # dialect-ok: D212

    def join(parts, separator):
        return separator.join(parts)  # dialect-ok: D212

    def strip(text):
        return text.strip()  # dialect-ok: D212


def replace(text, old, new):
    return join(split(text, old), new)


def startswith(text, prefix):
    return text[:len(prefix)] == prefix


def only(text, chars):
    for char in text:
        if char not in chars:
            return 0
    return 1


def atoi(text):
    # a decimal integer, None when the text is not one
    text = strip(text)
    digits = text
    if text[:1] == '-':
        digits = text[1:]
    if digits and only(digits, DIGITS):
        return int(text)
    return None


def read(name, opener):
    # a file's text, None when it cannot be opened
    try:
        f = opener(name, 'r')
    except IOError:
        return None
    try:
        return f.read()
    finally:
        f.close()
