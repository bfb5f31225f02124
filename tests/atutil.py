"""Helpers for tests that talk to an emulated module's AT interfaces."""


def send(module, line, interface="ASC0", advance_ms=0):
    """Feed one command line (str gets a CR), run the clock, return the answer bytes."""
    engine = module.engine(interface)
    engine.feed(line if isinstance(line, bytes) else line.encode("latin-1") + b"\r")
    module.clock.advance(advance_ms)
    return engine.read_output()


def quiet(module, interface="ASC0"):
    """Echo off so answers compare without the command text."""
    assert send(module, "ATE0", interface).endswith(b"OK\r\n")


OK = b"\r\nOK\r\n"


def info(text):
    """One information line followed by OK, as a verbose interface answers."""
    return b"\r\n" + text.encode() + b"\r\n" + OK
