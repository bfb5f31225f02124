import json
import os

import pytest

from hostsim.core.errors import HostsimError
from hostsim.device import persist
from hostsim.device.module import Module
from hostsim.parts.sim import SimCard


def _module():
    module = Module(model="GE865-QUAD", firmware="10.00.143", imei="111111111111111",
                    sim=SimCard(imsi="001019999999999", pin="0000"))
    module.settings.set("+IPR", 115200)
    module.settings.set("#ESCRIPT", "main.py")
    module.files.write("main.py", b"import MDM\r\n")
    module.files.write("secret.txt", b"pin=0000", hidden=True)
    module.sim.store_sms("REC UNREAD", "+391", "26/01/01,00:00:00+00", "hello")
    return module


def _same(a, b):
    assert (a.spec.name, a.firmware, a.imei) == (b.spec.name, b.firmware, b.imei)
    assert a.settings.to_json() == b.settings.to_json()
    assert a.sim.to_json() == b.sim.to_json()
    assert a.files.files() == b.files.files()


def test_round_trip(tmp_path):
    module = _module()
    persist.save(module, str(tmp_path))
    _same(module, persist.load(str(tmp_path)))
    assert (tmp_path / "files" / "main.py").read_bytes() == b"import MDM\r\n"


def test_the_halting_reading_is_kept_and_a_bad_one_refused(tmp_path):
    module = _module()
    assert module.fota.halting == "literal"
    module.fota.halting = "inhibited"
    persist.save(module, str(tmp_path))
    assert persist.load(str(tmp_path)).fota.halting == "inhibited"
    document = json.loads((tmp_path / "module.json").read_text())
    document["parts"]["fota"]["halting"] = "sometimes"
    (tmp_path / "module.json").write_text(json.dumps(document))
    with pytest.raises(HostsimError, match="sometimes") as info:
        persist.load(str(tmp_path))
    assert "\n" not in str(info.value)


def test_missing_directory_gives_a_fresh_module(tmp_path):
    module = persist.load(str(tmp_path / "new"), model="GM862-GPS")
    assert module.spec.name == "GM862-GPS" and module.files.names() == []


def test_deleted_files_disappear_from_disk(tmp_path):
    module = _module()
    persist.save(module, str(tmp_path))
    module.files.delete("main.py")
    persist.save(module, str(tmp_path))
    assert not (tmp_path / "files" / "main.py").exists()
    assert persist.load(str(tmp_path)).files.names() == ["secret.txt"]


def test_hand_edited_file_is_taken_as_it_is(tmp_path):
    persist.save(_module(), str(tmp_path))
    (tmp_path / "files" / "main.py").write_bytes(b"import MOD\r\n")
    assert persist.load(str(tmp_path)).files.read("main.py") == b"import MOD\r\n"


@pytest.mark.parametrize("content, message", [
    ("{not json", "corrupt"),
    ("[]", "not a JSON object"),
    ('{"format": 99}', "unknown format"),
    ('{"format": 1, "model": "GL865-DUAL"}', "'firmware' is missing"),
])
def test_corrupt_state_is_a_clear_error_and_changes_nothing(tmp_path, content, message):
    persist.save(_module(), str(tmp_path))
    (tmp_path / "module.json").write_text(content)
    before = sorted((p.name, p.read_bytes()) for p in tmp_path.rglob("*") if p.is_file())
    with pytest.raises(HostsimError, match=message) as info:
        persist.load(str(tmp_path))
    assert "module.json" in str(info.value)
    assert sorted((p.name, p.read_bytes()) for p in tmp_path.rglob("*") if p.is_file()) == before


def test_missing_indexed_file_names_the_file(tmp_path):
    persist.save(_module(), str(tmp_path))
    os.unlink(tmp_path / "files" / "main.py")
    with pytest.raises(HostsimError, match="main.py"):
        persist.load(str(tmp_path))


def _interrupt_after(monkeypatch, calls):
    """Make the n-th os.replace (and everything after it) fail: power is gone."""
    real = os.replace
    count = [0]

    def replace(src, dst):
        count[0] += 1
        if count[0] > calls:
            raise OSError("power lost")
        real(src, dst)

    monkeypatch.setattr(persist.os, "replace", replace)


@pytest.mark.parametrize("calls", range(0, 6))
def test_save_interrupted_at_any_step_leaves_old_or_new_state(tmp_path, monkeypatch, calls):
    old = _module()
    persist.save(old, str(tmp_path))
    new = _module()
    new.files.write("main.py", b"import MOD\r\nMOD.sleep(10)\r\n")
    new.files.write("extra.py", b"x = 1\r\n")
    new.files.delete("secret.txt")
    new.settings.set("+IPR", 9600)
    with monkeypatch.context() as patch:
        _interrupt_after(patch, calls)
        try:
            persist.save(new, str(tmp_path))
        except HostsimError:
            pass
    loaded = persist.load(str(tmp_path))
    if loaded.settings.get("+IPR") == 9600:
        _same(new, loaded)
    else:
        _same(old, loaded)
    # a later save always completes and cleans up what the interrupted one left
    persist.save(new, str(tmp_path))
    _same(new, persist.load(str(tmp_path)))
    assert sorted(p.name for p in (tmp_path / "files").iterdir()) == ["extra.py", "main.py"]


def test_state_file_is_readable_json(tmp_path):
    persist.save(_module(), str(tmp_path))
    state = json.loads((tmp_path / "module.json").read_text())
    assert state["model"] == "GE865-QUAD" and state["files"]["secret.txt"]["hidden"] is True
