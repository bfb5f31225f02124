"""Record the corpus's expected outputs from a real CPython 1.5.2.

    PYTHON15=/path/to/python1.5 python3 tests/frontend/record.py [NAME...]

Each ``corpus/NAME.py`` is run as ``python1.5 NAME.py`` inside ``corpus/``;
its stdout, stderr (Latin-1) and exit status go to ``corpus/NAME.json``.
"""
import io
import json
import os
import subprocess
import sys

CORPUS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")
TIMEOUT_SECONDS = 60


def corpus_names():
    return sorted(name[:-3] for name in os.listdir(CORPUS)
                  if name.endswith(".py") and not name.startswith("mod_"))


def run_reference(python15: str, name: str) -> dict:
    """What the real interpreter prints for ``corpus/NAME.py``."""
    result = subprocess.run([python15, name + ".py"], cwd=CORPUS, capture_output=True,
                            stdin=subprocess.DEVNULL,
                            timeout=TIMEOUT_SECONDS)
    return {"stdout": result.stdout.decode("latin-1"), "stderr": result.stderr.decode("latin-1"),
            "rc": result.returncode}


def front_end_lines(source: str, profile: str, filename: str) -> list:
    """What a program prints (stdout and stderr together) through the front end."""
    from hostsim.dialect.frontend import Program

    out = io.StringIO()
    Program(profile, stdout=out, stderr=out).run_main(source, filename)
    return out.getvalue().splitlines()


def reference_lines(interpreter: str, source: str, folder, filename: str) -> list:
    """What a program prints on a real interpreter (run from ``folder``; it must print
    nothing on stderr)."""
    script = os.path.join(str(folder), filename)
    with open(script, "w", encoding="latin-1") as handle:
        handle.write(source)
    result = subprocess.run([interpreter, script], capture_output=True,
                            stdin=subprocess.DEVNULL, timeout=TIMEOUT_SECONDS)
    assert result.stderr == b""
    return result.stdout.decode("latin-1").splitlines()


def expected_path(name: str) -> str:
    return os.path.join(CORPUS, name + ".json")


def load_expected(name: str) -> dict:
    with open(expected_path(name), encoding="utf-8") as handle:
        return json.load(handle)


def main(argv) -> int:
    python15 = os.environ.get("PYTHON15")
    if not python15:
        sys.stderr.write("record.py: set PYTHON15 to a CPython 1.5.2 interpreter\n")
        return 2
    for name in argv or corpus_names():
        record = run_reference(python15, name)
        with open(expected_path(name), "w", encoding="utf-8") as handle:
            json.dump(record, handle, indent=1, sort_keys=True)
            handle.write("\n")
        print("%-24s rc=%d stdout=%d bytes stderr=%d bytes" % (
            name, record["rc"], len(record["stdout"]), len(record["stderr"])))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
