"""Non-ASCII bytes in a ``.py`` upload: what the module's Python accepts goes,
as its bytes (deploy.local.prepare, in-process)."""
from __future__ import annotations

import pytest

from deploy.errors import RefusedInput
from deploy.local import prepare
from hostsim.cli import main

LATIN1 = b"# temp\xe9rature du caf\xe9\ns = 'caf\xe9'   # 4 bytes\nprint len(s), s[3] == '\\351'\n"
UTF8 = "# température\ns = 'café'\nprint len(s)\n".encode()
CODING = b"# -*- coding: latin-1 -*-\n" + LATIN1


def write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


@pytest.mark.parametrize("profile", ["telit152", "python152"])
def test_a_latin1_comment_and_string_upload_for_152_with_the_string_bytes_kept(
        tmp_path, profile):
    local = prepare(write(tmp_path, "cafe.py", LATIN1), profile=profile)
    assert local.data == b"\r\ns = 'caf\xe9'\r\nprint len(s), s[3] == '\\351'\r\n"


def test_utf8_bytes_are_bytes_too(tmp_path):
    local = prepare(write(tmp_path, "cafe.py", UTF8))
    assert local.data == b"\r\ns = 'caf\xc3\xa9'\r\nprint len(s)\r\n"


def test_verbatim_keeps_the_comment_bytes(tmp_path):
    local = prepare(write(tmp_path, "cafe.py", LATIN1), verbatim=True)
    assert local.data == LATIN1.replace(b"\n", b"\r\n")


def test_python27_wants_a_coding_line(tmp_path):
    with pytest.raises(RefusedInput) as refused:
        prepare(write(tmp_path, "cafe.py", LATIN1), profile="python27")
    assert "2 onboard dialect findings, the first on line 1: D404" in str(refused.value)
    local = prepare(write(tmp_path, "cafe.py", CODING), profile="python27")
    assert local.data.startswith(b"# -*- coding: latin-1 -*-\r\n\r\ns = 'caf\xe9'")


def test_a_non_ascii_name_is_refused_naming_the_byte_and_line(tmp_path):
    path = write(tmp_path, "cafe.py", b"x = 1\ncaf\xe9 = 2\n")
    with pytest.raises(RefusedInput) as refused:
        prepare(path)
    assert str(refused.value).startswith(
        "%s: 1 onboard dialect finding, the first on line 2: D404 non-ASCII character '\xe9' "
        "outside comments and strings: write names and code in ASCII" % path)


def test_no_check_uploads_any_bytes(tmp_path):
    local = prepare(write(tmp_path, "cafe.py", b"caf\xe9 = 2\n"), check=False)
    assert local.data == b"caf\xe9 = 2\r\n"


def test_the_stored_form_runs_on_the_emulated_module(tmp_path, capsys):
    stored = prepare(write(tmp_path, "cafe.py", LATIN1)).data
    (tmp_path / "module").mkdir()
    assert main(["run", write(tmp_path / "module", "cafe.py", stored), "--verbatim"]) == 0
    printed = [line.split(None, 3)[3] for line in capsys.readouterr().out.splitlines()
               if line.split(None, 3)[1:3] == ["print", "script"]]
    assert printed == ["4 1"]
