"""The state directory under abuse: files it did not write, hand-edited values,
interrupted saves, unwritable places; and ``hostsim at`` given bad input.

Every case ends in a working module or one clean line, never a traceback,
and nothing the tool did not write is ever deleted."""
import json
import os
import stat
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hostsim.core.errors import HostsimError
from hostsim.device import persist
from hostsim.device.module import Module
from hostsim.parts.sim import SimCard

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _module():
    module = Module(sim=SimCard(pin="4321"))
    module.files.write("main.py", b"import MOD\r\n")
    module.files.write("data.tmp", b"12345")
    module.files.write(".x.new", b"abc")
    module.settings.set("#ESCRIPT", "main.py")
    return module


def _hostsim(*args, cwd=None):
    """``hostsim ARGS`` in a process: (exit code, stdout, stderr)."""
    done = subprocess.run([sys.executable, "-m", "hostsim"] + [str(a) for a in args],
                          capture_output=True, text=True, cwd=cwd or ROOT, timeout=60,
                          env=dict(os.environ, PYTHONPATH=ROOT))
    return done.returncode, done.stdout, done.stderr


def _files(directory):
    return {name: (directory / name).read_bytes() for name in os.listdir(directory)}


# -- names a save might take for its own ------------------------------------------------------


def test_module_files_named_like_save_leftovers_survive_loads_and_saves(tmp_path):
    persist.save(_module(), str(tmp_path))
    for _ in range(2):
        module = persist.load(str(tmp_path))
        assert sorted(os.listdir(tmp_path / "files")) == [".x.new", "data.tmp", "main.py"]
        assert module.files.read("data.tmp") == b"12345"
        assert module.files.read(".x.new") == b"abc"
        persist.save(module, str(tmp_path))
    assert _files(tmp_path / "files") == {"main.py": b"import MOD\r\n", "data.tmp": b"12345",
                                          ".x.new": b"abc"}


def test_a_data_tmp_written_by_hostsim_at_is_still_there_after_a_failing_call(tmp_path):
    state, payload = tmp_path / "S", tmp_path / "d5"
    payload.write_bytes(b"hello")
    assert _hostsim("at", "--state", state, "--data", payload, 'AT#WSCRIPT="data.tmp",5')[0] == 0
    code, _, err = _hostsim("at", "--state", state, 'AT#WSCRIPT="more.txt",3')
    assert code == 1 and "give the payload with --data FILE" in err
    code, out, err = _hostsim("at", "--state", state, "AT#LSCRIPT")
    assert (code, err) == (0, "")
    assert '#LSCRIPT: "data.tmp",5' in out


def test_an_interrupted_save_keeps_its_leftovers_out_of_the_file_folder(tmp_path, monkeypatch):
    old = _module()
    persist.save(old, str(tmp_path))
    new = persist.load(str(tmp_path))          # a copy of old (deepcopy of itertools goes in 3.14)
    new.files.write("main.py", b"import SER\r\n")

    def cut(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(persist.os, "replace", cut)
    with pytest.raises(HostsimError, match="^cannot save the state in .*No space left"):
        persist.save(new, str(tmp_path))
    monkeypatch.undo()
    assert sorted(os.listdir(tmp_path / "files")) == [".x.new", "data.tmp", "main.py"]
    assert persist.load(str(tmp_path)).files.read("main.py") == b"import MOD\r\n"


# -- files the tool did not write ----------------------------------------------------------------


def test_hand_placed_files_are_ignored_and_kept(tmp_path):
    persist.save(_module(), str(tmp_path))
    (tmp_path / "files" / "notes.txt").write_bytes(b"mine")
    (tmp_path / "files" / "x.py.new").write_bytes(b"mine too")
    module = persist.load(str(tmp_path))
    assert "notes.txt" not in module.files.names()
    module.files.write("other.txt", b"1")
    persist.save(module, str(tmp_path))
    assert (tmp_path / "files" / "notes.txt").read_bytes() == b"mine"
    assert (tmp_path / "files" / "x.py.new").read_bytes() == b"mine too"


def test_state_in_the_current_folder_keeps_its_files(tmp_path):
    (tmp_path / "files").mkdir()
    (tmp_path / "files" / "thesis.txt").write_bytes(b"years of work")
    assert _hostsim("at", "--state", "", "AT#LSCRIPT", cwd=str(tmp_path))[0] == 0
    assert _hostsim("at", "--state", "", "AT#DASCRIPT", cwd=str(tmp_path))[0] == 0
    assert (tmp_path / "files" / "thesis.txt").read_bytes() == b"years of work"


def test_a_file_the_module_deleted_goes_from_disk(tmp_path):
    module = _module()
    persist.save(module, str(tmp_path))
    module.files.delete("data.tmp")
    persist.save(module, str(tmp_path))
    assert not (tmp_path / "files" / "data.tmp").exists()


# -- values that load but would break the module ----------------------------------------------


def _edit(directory, change):
    path = directory / "module.json"
    state = json.loads(path.read_text())
    change(state)
    path.write_text(json.dumps(state))


def _setting(name, value):
    def change(state):
        state["settings"]["nvm"][name] = value
    return change


def _profile(name, value):
    def change(state):
        state["settings"]["profile"][name] = value
    return change


def _sim(name, value):
    def change(state):
        state["sim"][name] = value
    return change


def _fota(name, value):
    def change(state):
        state["parts"]["fota"][name] = value
    return change


BAD_VALUES = [
    (_setting("+IPR", "abc"), "+IPR"),
    (_setting("+IPR", 1234), "+IPR"),
    (_setting("#SCFG", [1, 2]), "#SCFG"),
    (_setting("#SCFG", {"1": [1, 2]}), "#SCFG"),
    (_setting("#STARTMODESCR", "x"), "#STARTMODESCR"),
    (_setting("#STARTMODESCR", [5, 10]), "#STARTMODESCR"),
    (_setting("&P", [2, 1]), "&P"),       # a profile number no &W stores
    (_setting("#ESCRIPT", "a b"), "#ESCRIPT"),
    (_setting("+CGDCONT", {"1": "IP"}), "+CGDCONT"),
    (_setting("#AUTOATT", True), "#AUTOATT"),
    (_profile("E", 7), "E"),
    (_profile("+CNMI", [0, 0]), "+CNMI"),
    (_sim("pin_attempts", "3"), "pin_attempts"),
    (_sim("pin", 1234), "pin"),
    (_sim("messages", [{"index": 1}]), "messages"),
    (_fota("job", "x"), "job"),
    (_fota("job", {"phase": 3}), "job"),
    (_fota("notify", []), "notify"),
    (_fota("buffered", "x"), "buffered"),
]


@pytest.mark.parametrize("change, named", BAD_VALUES, ids=[n for _, n in BAD_VALUES])
def test_a_value_that_does_not_fit_its_declaration_is_one_line_at_load(tmp_path, change, named):
    persist.save(_module(), str(tmp_path))
    _edit(tmp_path, change)
    before = _files(tmp_path / "files")
    with pytest.raises(HostsimError) as caught:
        persist.load(str(tmp_path))
    message = str(caught.value)
    assert "module.json is corrupt" in message and named in message and "\n" not in message
    assert _files(tmp_path / "files") == before


def test_every_value_a_module_stores_loads_back(tmp_path):
    module = _module()
    module.power_on()
    engine = module.engine("ASC0")
    engine.feed(b'AT+CPIN="4321"\r')
    module.clock.run_until_true(lambda: not engine.busy(), 5000)
    for line in (b'AT+CGDCONT=1,"IP","internet"', b"AT#SCFG=2,1,512,90,600,50",
                 b"AT#STARTMODESCR=1,30", b"AT+IPR=115200", b"AT+CNMI=1,1,0,0,0", b"ATE0",
                 b"AT&W", b'AT#USERID="me"', b'AT#PASSW="pw"'):
        engine.feed(line + b"\r")
        module.clock.run_until_true(lambda: not engine.busy(), 5000)
        assert engine.last_result == "OK", line
    persist.save(module, str(tmp_path))
    loaded = persist.load(str(tmp_path))
    assert loaded.settings.to_json() == module.settings.to_json()


def test_files_beyond_the_capacity_are_one_line_at_load(tmp_path):
    persist.save(_module(), str(tmp_path))
    (tmp_path / "files" / "main.py").write_bytes(b"x" * 2_100_000)
    with pytest.raises(HostsimError, match="more than the .* bytes the module's store holds"):
        persist.load(str(tmp_path))


def test_a_folder_where_a_file_should_be_is_one_line(tmp_path):
    persist.save(_module(), str(tmp_path))
    os.unlink(tmp_path / "files" / "main.py")
    os.mkdir(tmp_path / "files" / "main.py")
    with pytest.raises(HostsimError, match="main.py is corrupt"):
        persist.load(str(tmp_path))


# -- where a state cannot be saved -----------------------------------------------------------


def test_state_files_are_readable_by_their_owner_only(tmp_path):
    persist.save(_module(), str(tmp_path / "s"))
    for path in (tmp_path / "s" / "module.json", tmp_path / "s" / "files" / "main.py"):
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600, path


def test_a_read_only_command_does_not_write_the_state(tmp_path):
    persist.save(_module(), str(tmp_path / "s"))
    before = {path: os.stat(path).st_mtime_ns for path in
              (tmp_path / "s" / "module.json", tmp_path / "s" / "files" / "main.py")}
    module = persist.load(str(tmp_path / "s"))
    module.power_on()
    assert persist.save(module, str(tmp_path / "s")) is False
    assert before == {path: os.stat(path).st_mtime_ns for path in before}


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes anywhere")
def test_a_read_only_state_serves_read_only_commands(tmp_path):
    persist.save(_module(), str(tmp_path / "s"))
    for folder in (tmp_path / "s" / "files", tmp_path / "s"):
        os.chmod(folder, 0o500)
    try:
        code, out, err = _hostsim("at", "--state", tmp_path / "s", "AT#LSCRIPT")
        assert (code, err) == (0, "")
        code, out, err = _hostsim("at", "--state", tmp_path / "s", 'AT#DSCRIPT="main.py"')
        assert code == 1 and err.count("\n") == 1 and "Traceback" not in err
        assert err.startswith("hostsim at: error: cannot save the state in ")
    finally:
        for folder in (tmp_path / "s", tmp_path / "s" / "files"):
            os.chmod(folder, 0o700)


def test_a_state_that_is_a_file_is_one_line(tmp_path):
    (tmp_path / "f").write_text("x")
    code, _, err = _hostsim("at", "--state", tmp_path / "f", 'AT#ESCRIPT="a.py"')
    assert code == 1 and err.count("\n") == 1 and "is not a folder" in err
    assert (tmp_path / "f").read_text() == "x"


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full here")
def test_a_full_disk_is_one_line_and_keeps_the_old_state(tmp_path, monkeypatch):
    persist.save(_module(), str(tmp_path))
    module = persist.load(str(tmp_path))
    module.files.write("new.txt", b"x" * 100)
    real_open = os.open

    def full(path, flags, mode=0o777, **kwargs):      # every new file lands on a full disk
        if flags & os.O_CREAT:
            return real_open("/dev/full", os.O_WRONLY)
        return real_open(path, flags, mode, **kwargs)

    monkeypatch.setattr(persist.os, "open", full)
    with pytest.raises(HostsimError, match="^cannot save the state in .*: No space left"):
        persist.save(module, str(tmp_path))
    monkeypatch.undo()
    assert persist.load(str(tmp_path)).files.names() == [".x.new", "data.tmp", "main.py"]


# -- hostsim at given lines and numbers it cannot take ------------------------------------------


@pytest.mark.parametrize("args, complaint", [
    (["AT\u20ac"], "not Latin-1"),
    (["--wait", "nan", "AT"], "--wait"),
    (["--wait", "inf", "AT"], "--wait"),
])
def test_hostsim_at_refuses_what_it_cannot_send_in_one_line(args, complaint):
    code, _, err = _hostsim("at", *args)
    assert code != 0 and err.count("\n") <= 2 and "Traceback" not in err and complaint in err


@pytest.mark.parametrize("value", ["nan", "inf", "-1", "0", "fast"])
def test_serve_refuses_a_speed_that_is_not_a_positive_number(value):
    code, _, err = _hostsim("serve", "--speed", value)
    assert code == 2 and err.count("\n") == 1 and "argument --speed: %r" % value in err


# -- random damage to module.json ----------------------------------------------------------------

MUTATIONS = st.one_of(
    st.none(), st.booleans(), st.integers(-2 ** 40, 2 ** 40),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=20),
    st.lists(st.integers(-5, 70000), max_size=6),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=3))
PROPERTY_CASES = {"tried": 0, "loaded": 0, "refused": 0}


def _paths(value, prefix=()):
    """Every (path of keys) inside a JSON document."""
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, prefix + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, prefix + (index,))


@pytest.fixture(scope="module")
def saved_state(tmp_path_factory):
    directory = tmp_path_factory.mktemp("state")
    module = _module()
    module.files.write("hidden.dat", b"h", hidden=True)
    persist.save(module, str(directory))
    return directory


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_random_module_json_damage_gives_one_line_or_a_working_module(saved_state, tmp_path_factory,
                                                                      data):
    document = json.loads((saved_state / "module.json").read_text())
    paths = sorted(_paths(document), key=repr)
    for _ in range(data.draw(st.integers(1, 3), label="changes")):
        path = data.draw(st.sampled_from(paths), label="path")
        value = data.draw(MUTATIONS, label="value")
        if not path:
            document = value
            break
        holder = document
        try:
            for key in path[:-1]:
                holder = holder[key]
            if data.draw(st.booleans(), label="delete") and isinstance(holder, dict):
                holder.pop(path[-1], None)
            else:
                holder[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            pass                   # an earlier change replaced the path's parent
    directory = tmp_path_factory.mktemp("damaged")
    os.rmdir(directory)
    subprocess.run(["cp", "-a", str(saved_state), str(directory)], check=True)
    (directory / "module.json").write_text(json.dumps(document, allow_nan=True))
    before = {name: (directory / "files" / name).read_bytes()
              for name in os.listdir(directory / "files")}
    PROPERTY_CASES["tried"] += 1
    try:
        module = persist.load(str(directory))
    except HostsimError as error:
        assert "\n" not in str(error)
        PROPERTY_CASES["refused"] += 1
    else:
        PROPERTY_CASES["loaded"] += 1
        module.power_on()
        engine = module.engine("ASC0")
        # a damaged S3 or S5 may be a valid one: the line ends with the module's S3,
        # and a line with its S3 or S5 inside is not typed
        s3, s5 = engine.profile["S3"], engine.profile["S5"]
        for line in (b"AT", b"AT#LSCRIPT", b"AT+IPR?", b"AT#STARTMODESCR?", b"AT#SCFG?",
                     b"AT+CGDCONT?", b"AT+CPIN?", b"AT#ESCRIPT?"):
            if s3 in line or s5 in line:
                continue
            engine.feed(line + bytes([s3]))
            module.clock.run_until_true(lambda: not engine.busy(), 5000)
            assert engine.last_result in ("OK", "ERROR") or engine.last_result.startswith(
                "+CME ERROR"), line
            assert not (line != b"AT+CPIN?" and engine.last_result != "OK"), \
                (line, engine.last_result)
        module.clock.advance(1000)
        persist.save(module, str(directory))
    assert {name: (directory / "files" / name).read_bytes() for name in before
            if (directory / "files" / name).exists()} == before
    assert set(before) <= set(os.listdir(directory / "files"))



# -- a script filling the store ------------------------------------------------------------------


def test_a_script_catches_a_full_store_with_except_ioerror(tmp_path):
    script = tmp_path / "fill.py"
    script.write_text("f = open('big.txt', 'w')\n"
                      "try:\n"
                      "    f.write('x' * 3000000)\n"
                      "    f.close()\n"
                      "except IOError:\n"
                      "    print('store full, caught')\n")
    code, out, err = _hostsim("run", script, "--until", "5")
    assert "store full, caught" in out, out + err
    assert "script ended" in out and code == 0
