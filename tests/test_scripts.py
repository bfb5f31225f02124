"""Script management commands (#WSCRIPT & co.) and the boot-time start decision."""
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hostsim.at.engine import DATA_TIMEOUT_MS, LINE_PROCESSING_MS
from hostsim.device.module import Module
from hostsim.parts.filestore import pyo_source, script_to_run, store_pyo
from hostsim.script.startmode import StartDecision, decide

OK, ERROR = b"\r\nOK\r\n", b"\r\nERROR\r\n"


def boot(capacity=None):
    m = Module()
    if capacity is not None:
        m.files.capacity = capacity
    m.power_on()
    e = m.engine("ASC0")
    at(e, b"ATE0")
    return m, e


def at(e, line, data=b""):
    """Send a command line, give the module the time to process it (a prompt
    appears), send a payload; return everything answered."""
    e.feed(line + b"\r")
    e.module.clock.advance(LINE_PROCESSING_MS)
    e.feed(data)
    return e.read_output()


def upload(e, name, content, hidden=0):
    line = b'AT#WSCRIPT="%s",%d,%d' % (name.encode(), len(content), hidden)
    assert at(e, line) == b"\r\n>>>"
    e.feed(content)
    assert e.read_output() == OK


@pytest.fixture
def me():
    return boot()


# -- #WSCRIPT ---------------------------------------------------------------


@pytest.mark.parametrize("line, name, hidden", [
    (b'AT#WSCRIPT="a.py",3', "a.py", False),
    (b"AT#WSCRIPT=a.py,3", "a.py", False),              # unquoted name (GRL)
    (b'AT#WSCRIPT="a.py",3,0', "a.py", False),
    (b'AT#WSCRIPT="Cfg.ini",3,1', "Cfg.ini", True),
    (b'AT#WSCRIPT="%s",3' % (b"x" * 16), "x" * 16, False),
    (b'at#wscript="a.py",3', "a.py", False),
])
def test_wscript_writes(me, line, name, hidden):
    m, e = me
    assert at(e, line) == b"\r\n>>>"
    e.feed(b"ab")
    assert e.read_output() == b""                       # no echo, no answer yet
    e.feed(b"c")
    assert e.read_output() == OK
    assert m.files.get(name).data == b"abc" and m.files.get(name).hidden is hidden
    assert m.trace.select("file")[-1].data == {"op": "write", "name": name, "size": 3}


@pytest.mark.parametrize("line, cme", [
    (b'AT#WSCRIPT="%s",3' % (b"x" * 17), 4),            # 17 characters
    (b'AT#WSCRIPT="",3', 4),                              # empty
    (b"AT#WSCRIPT=,3", 4),                                # omitted
    (b'AT#WSCRIPT="a/b.py",3', 4),                        # slash
    (b'AT#WSCRIPT="/sys/a.py",3', 4),
    (b'AT#WSCRIPT="a b.py",3', 4),
    (b'AT#WSCRIPT="a.py",0', 4),                          # size 0
    (b'AT#WSCRIPT="a.py"', 4),                            # size missing
    (b'AT#WSCRIPT="a.py",x', 4),
    (b'AT#WSCRIPT="a.py",3,2', 4),                        # hidden out of range
    (b'AT#WSCRIPT="a.py",1000001', 20),                   # more than free
])
def test_wscript_refused_before_the_prompt(line, cme):
    m, e = boot(capacity=1_000_000)
    assert at(e, line, b"abc\r") == ERROR                 # the bytes meant as payload are dropped
    assert m.files.names() == []
    assert at(e, b"AT+CMEE=1") == OK
    assert at(e, line) == b"\r\n+CME ERROR: %d\r\n" % cme


def test_wscript_non_ascii_name_is_refused(me):
    m, e = me
    assert at(e, b'AT#WSCRIPT="\xe9.py",3', b"abc\r") == ERROR
    assert m.files.names() == []


def test_wscript_exactly_the_free_space():
    m, e = boot(capacity=10)
    upload(e, "a", b"0123456789")
    assert m.files.free() == 0
    assert at(e, b'AT#WSCRIPT="b",1') == ERROR


def test_wscript_replaces_an_existing_name_whose_bytes_count_as_free():
    m, e = boot(capacity=10)
    upload(e, "a.py", b"old", hidden=1)
    upload(e, "a.py", b"0123456789")                 # no #DSCRIPT first: 3 bytes + 7 free
    assert (m.files.read("a.py"), m.files.get("a.py").hidden) == (b"0123456789", False)
    assert at(e, b"AT+CMEE=1") == OK
    assert at(e, b'AT#WSCRIPT="a.py",11') == b"\r\n+CME ERROR: 20\r\n"
    assert m.files.read("a.py") == b"0123456789"


def test_wscript_cut_short_answers_error_and_leaves_no_file(me):
    m, e = me
    assert at(e, b'AT#WSCRIPT="a.py",10', b"abc") == b"\r\n>>>"
    m.clock.advance(DATA_TIMEOUT_MS - 1)
    e.feed(b"d")                                          # each byte restarts the timer
    m.clock.advance(DATA_TIMEOUT_MS - 1)
    assert e.read_output() == b""
    m.clock.advance(1)
    assert e.read_output() == ERROR
    assert not m.files.exists("a.py")
    assert at(e, b"AT") == OK


def test_payload_is_not_interpreted(me):
    m, e = me
    payload = b"AT#DASCRIPT\r\nAT\r\x1a\x1b+++\x00\r\n"
    upload(e, "p.py", payload)
    assert m.files.read("p.py") == payload
    assert at(e, b'AT#RSCRIPT="p.py"') == b"\r\n<<<" + payload + OK


def test_wscript_then_more_commands_on_the_line(me):
    m, e = me
    assert at(e, b'AT#WSCRIPT="a",2;#ESCRIPT="a"') == b"\r\n>>>"
    e.feed(b"xy")
    assert e.read_output() == OK
    assert m.settings.get("#ESCRIPT") == "a"


# -- #RSCRIPT ---------------------------------------------------------------


@pytest.mark.parametrize("content", [b"print 'hi'\r\n", b"x", b"\r\nOK\r\n", bytes(range(256))])
def test_rscript_exact_bytes(me, content):
    m, e = me
    upload(e, "a.py", content)
    out = at(e, b'AT#RSCRIPT="a.py"')
    assert out == b"\r\n<<<" + content + b"\r\nOK\r\n"
    assert len(out) == len(content) + 11                 # what MGR's upload.py checks


def test_rscript_unquoted_and_hidden(me):
    m, e = me
    upload(e, "h.py", b"secret", hidden=1)
    assert at(e, b"AT#RSCRIPT=h.py") == b"\r\n<<<\r\nOK\r\n"


@pytest.mark.parametrize("line, cme", [(b'AT#RSCRIPT="none.py"', 22), (b'AT#RSCRIPT=""', 4),
                                       (b"AT#RSCRIPT", None), (b"AT#RSCRIPT?", None)])
def test_rscript_errors(me, line, cme):
    m, e = me
    assert at(e, line) == ERROR
    at(e, b"AT+CMEE=1")
    assert at(e, line) == (ERROR if cme is None else b"\r\n+CME ERROR: %d\r\n" % cme)


# -- #LSCRIPT, #DSCRIPT, #DASCRIPT ------------------------------------------


def test_lscript_format():
    m, e = boot(capacity=1000)
    assert at(e, b"AT#LSCRIPT") == b'\r\n#LSCRIPT: free bytes: 1000\r\n' + OK
    upload(e, "b.py", b"12345")
    upload(e, "a.txt", b"12", hidden=1)                   # hidden files are listed
    assert at(e, b"AT#LSCRIPT") == (b'\r\n#LSCRIPT: "a.txt",2\r\n'
                                    b'#LSCRIPT: "b.py",5\r\n'
                                    b'#LSCRIPT: free bytes: 993\r\n' + OK)


@pytest.mark.parametrize("line, answer", [
    (b"AT#WSCRIPT=?", OK), (b"AT#RSCRIPT=?", OK), (b"AT#LSCRIPT=?", OK), (b"AT#LSCRIPT?", ERROR),
    (b"AT#DSCRIPT=?", OK), (b"AT#DASCRIPT=?", OK), (b"AT#ESCRIPT=?", OK), (b"AT#ESCRPT=?", OK),
    (b"AT#EXECSCR=?", OK), (b"AT#STARTMODESCR=?", b"\r\n#STARTMODESCR: (0-2),(10-60)\r\n" + OK),
    (b"AT#WSCRIPT?", ERROR), (b"AT#DSCRIPT", ERROR), (b"AT#EXECSCR?", ERROR),
])
def test_test_and_unsupported_forms(me, line, answer):
    assert at(me[1], line) == answer


def test_dscript(me):
    m, e = me
    upload(e, "a.py", b"1")
    upload(e, "b.py", b"2")
    assert at(e, b'AT#DSCRIPT="a.py"') == OK
    assert at(e, b"AT#DSCRIPT=b.py") == OK
    assert m.files.names() == []
    assert at(e, b'AT#DSCRIPT="a.py"') == ERROR
    at(e, b"AT+CMEE=2")
    assert at(e, b'AT#DSCRIPT="a.py"') == b"\r\n+CME ERROR: not found\r\n"


def test_dascript(me):
    m, e = me
    for name in ("a.py", "b.pyo", "c.txt"):
        upload(e, name, b"12")
    assert at(e, b"AT#DASCRIPT") == OK
    assert m.files.names() == [] and m.files.free() == m.files.capacity
    assert at(e, b"AT#DASCRIPT") == OK


# -- #ESCRIPT, #STARTMODESCR, #EXECSCR, #CMUXSCR -----------------------------


@pytest.mark.parametrize("line, stored", [
    (b'AT#ESCRIPT="main.py"', "main.py"),
    (b"AT#ESCRIPT=main.py", "main.py"),
    (b'AT#ESCRPT="main.pyo"', "main.pyo"),                 # the PFM note's spelling
    (b'AT#ESCRIPT="missing.py"', "missing.py"),             # existence is not checked
    (b'AT#ESCRIPT="%s"' % (b"m" * 16), "m" * 16),
])
def test_escript_round_trip(me, line, stored):
    m, e = me
    assert at(e, line) == OK
    expected = b'\r\n#ESCRIPT: "%s"\r\n' % stored.encode() + OK
    assert at(e, b"AT#ESCRIPT?") == expected
    assert at(e, b"AT#ESCRPT?") == expected
    m.reboot()
    e = m.engine("ASC0")
    assert at(e, b"AT#ESCRIPT?").endswith(expected)        # NVM: kept over a reboot


def test_escript_empty_disables(me):
    m, e = me
    at(e, b'AT#ESCRIPT="a.py"')
    assert at(e, b'AT#ESCRIPT=""') == OK
    assert at(e, b"AT#ESCRIPT?") == b'\r\n#ESCRIPT: ""\r\n' + OK


@pytest.mark.parametrize("line", [b'AT#ESCRIPT="%s"' % (b"m" * 17), b'AT#ESCRIPT="a/b.py"',
                                  b"AT#ESCRIPT=", b"AT#ESCRIPT"])
def test_escript_errors(me, line):
    m, e = me
    assert at(e, line) == ERROR
    assert m.settings.get("#ESCRIPT") == ""


@pytest.mark.parametrize("line, stored", [
    (b"AT#STARTMODESCR=0", [0, 10]),
    (b"AT#STARTMODESCR=1,10", [1, 10]),
    (b"AT#STARTMODESCR=2,60", [2, 60]),
    (b"AT#STARTMODESCR=1,", [1, 10]),
    (b"AT#STARTMODESCR=3,10", None),
    (b"AT#STARTMODESCR=1,9", None),
    (b"AT#STARTMODESCR=1,61", None),
    (b"AT#STARTMODESCR=,20", None),
    (b'AT#STARTMODESCR="1",20', None),
    (b"AT#STARTMODESCR=1,20,3", None),
])
def test_startmodescr(me, line, stored):
    m, e = me
    at(e, b"AT#STARTMODESCR=2,30")
    assert at(e, line) == (ERROR if stored is None else OK)
    stored = stored or [2, 30]
    assert m.settings.get("#STARTMODESCR") == stored
    assert at(e, b"AT#STARTMODESCR?") == b"\r\n#STARTMODESCR: %d,%d\r\n" % tuple(stored) + OK


def test_startmodescr_default_is_0_10(me):
    assert at(me[1], b"AT#STARTMODESCR?") == b"\r\n#STARTMODESCR: 0,10\r\n" + OK


@pytest.mark.parametrize("escript, files", [("", []), ("a.py", []), ("a.py", ["b.py"])])
def test_execscr_without_a_script(me, escript, files):
    m, e = me
    for name in files:
        upload(e, name, b"1")
    at(e, b'AT#ESCRIPT="%s"' % escript.encode())
    assert at(e, b"AT#EXECSCR") == ERROR
    assert m.trace.select("script") == []


def test_execscr_requests_the_runner(me):
    m, e = me
    upload(e, "a.py", b"1")
    at(e, b'AT#ESCRIPT="a.py"')
    assert at(e, b"AT#EXECSCR") == OK
    event = m.trace.select("script")[-1]
    assert (event.text, event.source, event.data) == ("execscr requested", "ASC0", {"name": "a.py"})


@pytest.mark.parametrize("line, stored", [(b"AT#CMUXSCR=1,115200", [1, 115200]),
                                          (b"AT#CMUXSCR=1", [1, 0]),
                                          (b"AT#CMUXSCR=1,1234", None), (b"AT#CMUXSCR=2", None)])
def test_cmuxscr(me, line, stored):
    m, e = me
    assert at(e, line) == (ERROR if stored is None else OK)
    stored = stored or [0, 0]
    assert at(e, b"AT#CMUXSCR?") == b"\r\n#CMUXSCR: %d,%d\r\n" % tuple(stored) + OK


# -- the stale .pyo trap through the AT interface ----------------------------


def test_stale_pyo_after_reupload(me):
    m, e = me
    upload(e, "x.py", b"v1")
    assert script_to_run(m.files, "x.py") == ("x.py", True)   # first run compiles
    assert store_pyo(m.files, "x.py")
    assert b'#LSCRIPT: "x.pyo",6' in at(e, b"AT#LSCRIPT")
    at(e, b'AT#DSCRIPT="x.py"')
    upload(e, "x.py", b"v2")
    run, _ = script_to_run(m.files, "x.py")
    assert pyo_source(m.files.read(run)) == b"v1"           # old code still runs
    assert at(e, b'AT#DSCRIPT="x.pyo"') == OK
    assert script_to_run(m.files, "x.py") == ("x.py", True)
    assert store_pyo(m.files, "x.py")
    assert pyo_source(m.files.read("x.pyo")) == b"v2"        # new code runs


# -- property: whatever goes in comes back ------------------------------------

NAMES = st.text("abcXYZ019_.-", min_size=1, max_size=16).filter(lambda n: n not in (".", ".."))
TRICKY = st.sampled_from([b"\r", b"\n", b"\r\n", b"\x1a", b"\x1b", b"\x00", b"AT\r", b"+++",
                          b'AT#RSCRIPT="a"\r', b"\r\nOK\r\n", b">>>", b"\xff"])
CONTENT = st.one_of(st.binary(min_size=1, max_size=400),
                    st.lists(st.one_of(TRICKY, st.binary(max_size=8)), min_size=1, max_size=40)
                    .map(b"".join).filter(bool))


@settings(max_examples=200, deadline=None)
@given(files=st.dictionaries(NAMES, st.tuples(CONTENT, st.booleans()), min_size=1, max_size=4),
       chunk=st.integers(1, 64))
def test_any_content_reads_back_identical(files, chunk):
    m, e = boot(capacity=5000)
    for name, (content, hidden) in files.items():
        assert at(e, b'AT#WSCRIPT="%s",%d,%d' % (name.encode(), len(content), hidden)) == b"\r\n>>>"
        for i in range(0, len(content), chunk):
            e.feed(content[i:i + chunk])
        assert e.read_output() == OK
    for name, (content, hidden) in files.items():
        expected = b"" if hidden else content
        assert at(e, b'AT#RSCRIPT="%s"' % name.encode()) == b"\r\n<<<" + expected + OK
    listing = at(e, b"AT#LSCRIPT").decode("latin-1")
    sizes = {n: int(s) for n, s in re.findall(r'#LSCRIPT: "([^"]+)",(\d+)', listing)}
    free = int(re.search(r"#LSCRIPT: free bytes: (\d+)", listing).group(1))
    assert sizes == {name: len(content) for name, (content, _) in files.items()}
    assert free + sum(sizes.values()) == m.files.capacity


# -- scriptstart.decide -------------------------------------------------------


@pytest.mark.parametrize("mode, window, dtr_low, at_seen, start, wait_ms, keeps_at", [
    (0, 10, True, False, True, 0, False),
    (0, 10, True, True, True, 0, False),        # mode 0 has no window
    (0, 30, False, False, False, 0, True),
    (0, 30, False, True, False, 0, True),
    (1, 10, True, False, True, 10_000, False),
    (1, 10, False, False, True, 10_000, False),  # DTR ignored
    (1, 60, True, True, False, 0, True),
    (1, 60, False, True, False, 0, True),
    (2, 10, False, False, True, 10_000, True),
    (2, 45, True, True, True, 45_000, True),     # starts in any case, ASC0 keeps AT
    (2, 60, False, True, True, 60_000, True),
])
def test_start_decision(mode, window, dtr_low, at_seen, start, wait_ms, keeps_at):
    decision = decide(mode, window, dtr_low, at_seen)
    assert isinstance(decision, StartDecision)
    assert (decision.start, decision.wait_ms, decision.asc0_keeps_at) == (start, wait_ms, keeps_at)
    assert decision.reason.startswith("mode %d" % mode)


@pytest.mark.parametrize("mode, window", [(3, 10), (-1, 10), (0, 9), (1, 61)])
def test_start_decision_refuses_bad_settings(mode, window):
    with pytest.raises(ValueError):
        decide(mode, window, True, False)


def test_space_taken_during_the_transfer():
    m, e = boot(capacity=10)
    at(e, b"AT+CMEE=1")
    assert at(e, b'AT#WSCRIPT="a.py",5', b"ab") == b"\r\n>>>"
    m.files.write("other", b"x" * 8)
    e.feed(b"cde")
    assert e.read_output() == b"\r\n+CME ERROR: 20\r\n"
    assert not m.files.exists("a.py")
