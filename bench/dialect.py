"""The 1.5.2 front end: translation speed in lines per second (first run and
cached), the run time of a CPU-bound 1.5.2 program through the front end
against the same program written for Python 3 and run natively (one run each;
goal: at most 4x slower), and the wall time of a module boot that runs a script
through the front end (its translation cached) against the same script run as
Python 3 (goal: no slower). Prints each figure with its goal.
"""
import io
import time

from hostsim.device.module import Module
from hostsim.dialect.frontend import Program, TranslationCache
from hostsim.parts.sim import SimCard
from hostsim.script.runner import ENDED, Runner

GOAL_RATIO = 4.0
GOAL_LINES_PER_SECOND = 2000  # a 1000-line script boots in under 0.5 s
GOAL_CACHED_LINES_PER_SECOND = 100000
GOAL_BOOT_RATIO = 1.0   # a boot of a translated (cached) script against a Python 3 one
BOOTS = 20
BOOT_FUNCTIONS = 150    # a script of about 450 lines, valid 1.5.2 and valid Python 3
TRANSLATION_COPIES = 40

# A CPU-bound 1.5.2 program in the style of module scripts: NMEA checksums,
# CRC-16 over AT traffic, a sieve, integer parsing, dictionaries and a class; the two
# programs differ only where 1.5.2 and Python 3 spell things differently.
_SHARED_FUNCTIONS = r"""def nmea_checksum(sentence):
    c = 0
    for ch in sentence:
        c = c ^ ord(ch)
    return c
def crc16(data):
    crc = 0xFFFF
    for ch in data:
        crc = crc ^ (ord(ch) << 8)
        for bit in range(8):
            if crc & 0x8000:
                crc = ((crc << 1) ^ 0x1021) & 0xFFFF
            else:
                crc = (crc << 1) & 0xFFFF
    return crc
def sieve(n):
    flags = [1] * (n + 1)
    i = 2
    while i * i <= n:
        if flags[i]:
            j = i * i
            while j <= n:
                flags[j] = 0
                j = j + i
        i = i + 1
    count = 0
    for k in range(2, n + 1):
        if flags[k]:
            count = count + 1
    return count
"""

PROGRAM_152 = r"""
import string
class Counter:
    def __init__(self):
        self.counts = {}
    def add(self, key):
        if self.counts.has_key(key):
            self.counts[key] = self.counts[key] + 1
        else:
            self.counts[key] = 1
""" + _SHARED_FUNCTIONS + r"""def parse_csq(answer):
    pos = string.find(answer, '+CSQ:')
    fields = string.split(answer[pos + 5:string.find(answer, '\r', pos)], ',')
    return string.atoi(string.strip(fields[0])), string.atoi(fields[1])
counter = Counter()
total = 0
for n in range(3000):
    sentence = 'GPGGA,%06d,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,' % n
    total = (total + nmea_checksum(sentence)) % 65521
    rssi, ber = parse_csq('+CSQ: %d,%d\r\n\r\nOK\r\n' % (n % 32, n % 8))
    counter.add(rssi / 4)
    if n % 10 == 0:
        total = (total + crc16(sentence)) % 65521
print total, sieve(60000), len(counter.counts)
"""

PROGRAM_3 = r"""
class Counter:
    def __init__(self):
        self.counts = {}
    def add(self, key):
        if key in self.counts:
            self.counts[key] = self.counts[key] + 1
        else:
            self.counts[key] = 1
""" + _SHARED_FUNCTIONS + r"""def parse_csq(answer):
    pos = answer.find('+CSQ:')
    fields = answer[pos + 5:answer.find('\r', pos)].split(',')
    return int(fields[0].strip()), int(fields[1])
counter = Counter()
total = 0
for n in range(3000):
    sentence = 'GPGGA,%06d,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,' % n
    total = (total + nmea_checksum(sentence)) % 65521
    rssi, ber = parse_csq('+CSQ: %d,%d\r\n\r\nOK\r\n' % (n % 32, n % 8))
    counter.add(rssi // 4)
    if n % 10 == 0:
        total = (total + crc16(sentence)) % 65521
print(total, sieve(60000), len(counter.counts))
"""


def translation_speed():
    source = PROGRAM_152 * TRANSLATION_COPIES
    lines = source.count("\n")
    cache = TranslationCache()
    program = Program("python152", stdout=io.StringIO(), cache=cache)
    start = time.perf_counter()
    program.compile_text(source, "big.py")
    first = time.perf_counter() - start
    start = time.perf_counter()
    program.compile_text(source, "big.py")
    cached = time.perf_counter() - start
    print("translation, first run: %d lines/s (goal > %d)" % (lines / first, GOAL_LINES_PER_SECOND))
    print("translation, cached: %d lines/s (goal > %d)" % (lines / cached,
                                                          GOAL_CACHED_LINES_PER_SECOND))


def run_ratio():
    out = io.StringIO()
    program = Program("python152", stdout=out, stderr=out)
    program.compile_text(PROGRAM_152, "cpu.py")  # translation is measured above, not here
    start = time.perf_counter()
    status = program.run_main(PROGRAM_152, "cpu.py")
    front_end = time.perf_counter() - start
    native_out = io.StringIO()
    code = compile(PROGRAM_3, "cpu3.py", "exec")
    start = time.perf_counter()
    exec(code, {"print": lambda *a: native_out.write(" ".join(map(str, a)) + "\n")})
    native = time.perf_counter() - start
    if status != 0 or out.getvalue() != native_out.getvalue():
        raise SystemExit("the two programs disagree: %r vs %r" % (out.getvalue(),
                                                                   native_out.getvalue()))
    print("CPU-bound program: front end %.3f s, native Python 3 %.3f s, ratio %.2fx "
          "(goal <= %.0fx)" % (front_end, native, front_end / native, GOAL_RATIO))


def _boot_script() -> bytes:
    lines = ["import MOD", ""]
    for n in range(BOOT_FUNCTIONS):
        lines += ["def reading_%d(text):" % n,
                  "    return (len(text) * %d + ord(text[%d])) %% 97" % (n, n % 5), ""]
    lines += ["total = 0", "for n in range(10):", "    total = total + reading_7('12345')",
              "MOD.sleep(1)", ""]
    return "\r\n".join(lines).encode("ascii")


def _boots(script: bytes, profile: str) -> float:
    """Wall seconds of BOOTS module boots that run ``script`` to its end."""
    start = time.perf_counter()
    for _ in range(BOOTS):
        module = Module(sim=SimCard(pin=None))
        module.files.write("main.py", script)
        module.settings.set("#ESCRIPT", "main.py")
        runner = Runner(module, profile=profile)
        module.power_on()
        outcome = runner.run(60_000, stop_when_ended=True)
        runner.close()
        if outcome != ENDED:
            raise SystemExit("the boot script did not end under %s: %s" % (profile, outcome))
    return time.perf_counter() - start


def boot_ratio():
    script = _boot_script()
    _boots(script, "telit152")      # the first boot translates; the cache keeps it
    translated = _boots(script, "telit152")
    native = _boots(script, "python3")
    print("boot of a %d-line script: front end (cached) %.1f ms, Python 3 %.1f ms, ratio %.2fx "
          "(goal <= %.1fx)" % (script.count(b"\n") + 1, translated * 1000 / BOOTS,
                               native * 1000 / BOOTS, translated / native, GOAL_BOOT_RATIO))


def main():
    translation_speed()
    run_ratio()
    boot_ratio()


if __name__ == "__main__":
    main()
