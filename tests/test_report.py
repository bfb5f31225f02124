"""onboard/report.py: progress lines on SER and a size-bounded log file."""
import os
import re
import sys

import pytest

ONBOARD = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "onboard")
if ONBOARD not in sys.path:
    sys.path.insert(0, ONBOARD)

import report  # noqa: E402  (onboard/report.py on the host)

LINE = re.compile(r"\d+ [A-Z-]+( [^\r\n]*)?\n\Z")


class Ser:
    def __init__(self):
        self.sent = []

    def send(self, text):
        self.sent.append(text)
        return 1


class Clock:
    def __init__(self, now=1000):
        self.now = now

    def secCounter(self):
        self.now += 1
        return self.now


class FakeFile:
    def __init__(self, store, name, mode):
        if store.full:
            raise OSError(28, "No space left on device")
        if mode[0] == "r" and name not in store.files:
            raise OSError(2, "No such file: " + name)
        store.opened.append((name, mode))
        self.store, self.name, self.mode = store, name, mode
        self.data = "" if mode[0] == "w" else store.files.get(name, "")

    def read(self):
        return self.data

    def write(self, text):
        self.data += text

    def close(self):
        if self.mode[0] != "r":
            self.store.files[self.name] = self.data


class Store:
    def __init__(self, **files):
        self.files = dict(files)
        self.opened = []
        self.full = False

    def open(self, name, mode="r"):
        return FakeFile(self, name, mode)

    def reads(self):
        return [o for o in self.opened if o[1][0] == "r"]


@pytest.fixture
def parts():
    return Ser(), Clock(), Store()


def reporter(parts, **options):
    ser, clock, store = parts
    return report.Reporter(ser, clock, opener=store.open, **options)


def test_the_line_formats(parts):
    ser, clock, store = parts
    r = reporter(parts)
    r.event("BOOT")
    r.event("REQUEST", "manual")
    r.event("RESTORED", "6 ok")
    assert ser.sent == ["FOTA BOOT\r\n", "FOTA REQUEST manual\r\n", "FOTA RESTORED 6 ok\r\n"]
    assert store.files == {"fota.log": "1001 BOOT\n1002 REQUEST manual\n1003 RESTORED 6 ok\n"}


def test_a_detail_that_is_not_a_string(parts):
    ser, clock, store = parts
    reporter(parts).event("RETRY", 3)
    assert ser.sent == ["FOTA RETRY 3\r\n"]


def test_a_detail_with_line_breaks_stays_on_one_line(parts):
    ser, clock, store = parts
    r = reporter(parts)
    r.event("FAILED", "+CME ERROR: 3\r\nOK\r\n")
    r.event("X", "\n")
    assert ser.sent == ["FOTA FAILED +CME ERROR: 3  OK  \r\n", "FOTA X  \r\n"]
    assert store.files["fota.log"] == "1001 FAILED +CME ERROR: 3  OK  \n1002 X  \n"


def test_without_ser_only_the_log_is_written(parts):
    ser, clock, store = parts
    r = report.Reporter(None, clock, opener=store.open)
    r.event("BOOT", "fw 1")
    assert store.files == {"fota.log": "1001 BOOT fw 1\n"}
    assert ser.sent == []


def test_an_empty_log_name_disables_the_log(parts):
    ser, clock, store = parts
    r = reporter(parts, log="")
    r.event("BOOT")
    assert ser.sent == ["FOTA BOOT\r\n"] and store.files == {} and store.opened == []


def test_another_log_name(parts):
    ser, clock, store = parts
    reporter(parts, log="agent.log").event("BOOT")
    assert list(store.files) == ["agent.log"]


@pytest.mark.parametrize("limit", [256, 300, 1000, 4096])
def test_the_log_never_exceeds_its_limit_and_keeps_whole_newest_lines(parts, limit):
    ser, clock, store = parts
    r = reporter(parts, limit=limit)
    for n in range(600):
        r.event("STEP", "n%d%s" % (n, "x" * (n % 37)))
        log = store.files["fota.log"]
        assert len(log) <= limit
        assert r.size == len(log)
        lines = log.splitlines(True)
        assert all(LINE.match(line) for line in lines)
        assert lines[-1].startswith("%d STEP n%d" % (clock.now, n))
        numbers = [int(re.search(r" n(\d+)", line).group(1)) for line in lines]
        assert numbers == list(range(numbers[0], n + 1))        # the newest, none missing
        assert numbers[0] == 0 or len(log) > limit // 2 - 60       # a trim keeps about half


def test_events_do_not_read_the_log_each_time(parts):
    ser, clock, store = parts
    r = reporter(parts, limit=1024)
    for n in range(300):
        r.event("STEP", str(n))
    trims = len(store.reads())
    assert 1 <= trims <= 300 * 12 // 512 + 2          # one read to learn the size, one per trim
    assert len(store.opened) <= 300 + trims * 2


def test_an_existing_log_is_appended_to_and_counted(parts):
    ser, clock, store = parts
    store.files["fota.log"] = "1 OLD\n" * 40                  # 240 bytes
    r = reporter(parts, limit=256)
    r.event("NEW")
    assert store.files["fota.log"] == "1 OLD\n" * 40 + "1001 NEW\n"     # 249 bytes
    r.event("NEXT")
    log = store.files["fota.log"]
    assert log.endswith("1 OLD\n1001 NEW\n1002 NEXT\n") and 128 - 6 < len(log) <= 128


def test_an_oversized_log_is_cut_at_the_first_event(parts):
    ser, clock, store = parts
    store.files["fota.log"] = "".join("%d OLD line\n" % n for n in range(5000))
    reporter(parts, limit=512).event("NEW")
    log = store.files["fota.log"]
    assert len(log) <= 256 and log.endswith("1001 NEW\n")
    assert log.startswith("49") and all(LINE.match(x) or "OLD" in x for x in log.splitlines(True))


def test_a_half_written_last_line_is_closed_at_a_trim(parts):
    ser, clock, store = parts
    store.files["fota.log"] = "5 A\n" * 60 + "6 HALF-WRI"
    r = reporter(parts, limit=256)
    r.event("NEXT")
    log = store.files["fota.log"]
    assert log.endswith("6 HALF-WRI\n1001 NEXT\n")


def test_a_line_longer_than_the_log_is_cut(parts):
    ser, clock, store = parts
    r = reporter(parts, limit=256)
    r.event("LONG", "y" * 1000)
    log = store.files["fota.log"]
    assert len(log) <= 128 and log.endswith("y\n") and log.startswith("1001 LONG yyy")
    assert ser.sent == ["FOTA LONG " + "y" * 1000 + "\r\n"]       # SER gets it whole


def test_a_full_store_does_not_stop_the_agent(parts):
    ser, clock, store = parts
    r = reporter(parts)
    r.event("A")
    store.full = True
    r.event("B")
    store.full = False
    r.event("C")
    assert ser.sent == ["FOTA A\r\n", "FOTA B\r\n", "FOTA C\r\n"]
    assert store.files["fota.log"] == "1001 A\n1003 C\n"
    assert r.size == len(store.files["fota.log"])


# -- on the emulated module -----------------------------------------------------------


def test_on_the_module(telit_shims):
    import MOD
    import SER
    telit_shims.load("compat")
    onboard = telit_shims.load("report")
    r = onboard.Reporter(SER, MOD, limit=256)
    start = MOD.secCounter()
    r.event("BOOT", "10.00.003")
    telit_shims.advance(5)
    r.event("DONE", "a\r\nb")
    assert telit_shims.ser_read() == b"FOTA BOOT 10.00.003\r\nFOTA DONE a  b\r\n"
    log = telit_shims.file("fota.log").decode()
    first, second = log.splitlines()
    assert first == "%d BOOT 10.00.003" % start and second == "%d DONE a  b" % (start + 5)
    for n in range(100):
        r.event("STEP", str(n))
    assert len(telit_shims.file("fota.log")) <= 256
    assert telit_shims.file("fota.log").endswith(b" STEP 99\n")


def test_on_the_module_without_ser(telit_shims):
    import MOD
    telit_shims.load("compat")
    onboard = telit_shims.load("report")
    onboard.Reporter(None, MOD, log="x.log").event("BOOT")
    assert telit_shims.ser_read() == b""
    assert telit_shims.file("x.log").endswith(b" BOOT\n")
