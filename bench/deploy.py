"""Upload speed of telit-deploy over a pseudo-terminal against ``hostsim serve``.

1. 32 KiB at a modelled 115200 baud 8N1 with hardware flow control, in real
   time (speed 1): the wall time of the #WSCRIPT transfer divided by the
   line-rate minimum 32768 x 10 / 115200 s (goal: at most 1.10), and the
   same for the whole put (transfer, then read-back verification, which
   crosses the line a second time: its minimum is twice as long).
2. The same upload with no line-rate model (``--baud 0``): the throughput the
   pseudo-terminal and the emulator reach.

Prints the figures, one per line.  Needs pseudo-terminals (Linux, macOS).
"""
import os
import random
import subprocess
import sys
import tempfile
import time

# Run as a script, this file's folder comes first on sys.path, where this
# deploy.py would hide the deploy package.
sys.path[:] = [entry for entry in sys.path
               if os.path.abspath(entry or ".") != os.path.dirname(os.path.abspath(__file__))]

from deploy.at import AtPort  # noqa: E402
from deploy.config import Settings  # noqa: E402
from deploy.local import prepare  # noqa: E402
from deploy.session import Reporter, Session, open_port  # noqa: E402

SIZE = 32 * 1024
BAUD = 115200
GOAL = 1.10


def _serve(baud):
    """Start ``hostsim serve`` with ``baud``; (process, device path)."""
    process = subprocess.Popen([sys.executable, "-m", "hostsim", "serve", "--baud", str(baud),
                                "--flow-control", "rtscts"],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    return process, process.stdout.readline().strip()


def _measure(baud, local, runs):
    """(best seconds of ``runs`` transfers, seconds of a verified put) of ``local`` at ``baud``."""
    process, path = _serve(baud)
    try:
        settings = Settings(port=path, baud=BAUD, rtscts=True, chunk=4096)
        port = open_port(settings)
        try:
            session = Session(AtPort(port, path, settings.timeout, BAUD), settings,
                              Reporter(bars=False))
            transfers = []
            for _ in range(runs):
                if "bench.dat" in session.listing().files:
                    session.delete("bench.dat")
                start = time.perf_counter()
                session.at.write_script("bench.dat", local.data, False, settings.chunk, 0.0,
                                        lambda count, seconds: None)
                transfers.append(time.perf_counter() - start)
            start = time.perf_counter()
            session.upload(local, "bench.dat")
            put = time.perf_counter() - start
        finally:
            port.close()
    finally:
        process.terminate()
        process.wait(10)
    return min(transfers), put


def main():
    rng = random.Random(1)
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "bench.dat")
        with open(path, "wb") as handle:
            handle.write(bytes(rng.randrange(32, 127) for _ in range(SIZE)))
        local = prepare(path)
        minimum = SIZE * 10.0 / BAUD
        transfer, put = _measure(BAUD, local, 1)
        ratio = transfer / minimum
        print("32 KiB at %d baud 8N1, flow control: %.3f s, line-rate minimum %.3f s, ratio %.3f "
              "(goal <= %.2f: %s)" % (BAUD, transfer, minimum, ratio, GOAL,
                                      "met" if ratio <= GOAL else "NOT met"))
        print("32 KiB put with read-back verification: %.3f s, ratio %.3f to its minimum %.3f s"
              % (put, put / (2 * minimum), 2 * minimum))
        transfer, put = _measure(0, local, 3)
        print("unthrottled over the pseudo-terminal (--baud 0): %.0f KiB/s upload (best of 3), "
              "%.0f KiB/s verified put" % (SIZE / 1024 / transfer, SIZE / 1024 / put))


if __name__ == "__main__":
    main()
