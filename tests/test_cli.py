import subprocess
import sys

from hostsim.cli import main


def test_at_prints_raw_answers_and_saves_state(tmp_path, capsysbinary):
    state = str(tmp_path / "mod")
    assert main(["at", "--state", state, "ATE0", "AT+CGMR", "+IPR=115200"]) == 0
    out = capsysbinary.readouterr().out
    assert out == b"ATE0\r\r\nOK\r\n\r\n10.00.144\r\n\r\nOK\r\n\r\nOK\r\n"
    assert main(["at", "--state", state, "AT+IPR?"]) == 0
    assert b"+IPR: 115200" in capsysbinary.readouterr().out


def test_at_exit_code_is_1_when_a_line_fails(capsysbinary):
    assert main(["at", "AT+NOPE"]) == 1
    assert capsysbinary.readouterr().out.endswith(b"\r\nERROR\r\n")


def test_at_model_must_match_existing_state(tmp_path, capsys):
    state = str(tmp_path / "mod")
    assert main(["at", "--state", state, "--model", "GM862-GPS", "ATI4"]) == 0
    assert main(["at", "--state", state, "--model", "GL865-DUAL", "ATI4"]) == 1
    assert "holds a GM862-GPS" in capsys.readouterr().err


def test_corrupt_state_is_one_line_error(tmp_path, capsys):
    (tmp_path / "module.json").write_text("{")
    assert main(["at", "--state", str(tmp_path), "AT"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("hostsim at: error: state file ") and err.count("\n") == 1


def test_missing_data_file_is_one_line_error(tmp_path, capsys):
    assert main(["at", "--data", str(tmp_path / "nope"), "AT"]) == 1
    assert "cannot read --data" in capsys.readouterr().err


def test_usage_errors_are_one_line_and_exit_2(capsys):
    assert main(["at"]) == 2
    assert capsys.readouterr().err == ("hostsim at: error: the following arguments are "
                                       "required: LINE (see hostsim at --help)\n")
    assert main(["at", "--wait", "nan", "AT"]) == 2
    assert capsys.readouterr().err == ("hostsim at: error: argument --wait: 'nan' is not a finite "
                                       "number of seconds >= 0 (see hostsim at --help)\n")
    assert main([]) == 2


def test_python_m_hostsim_runs():
    result = subprocess.run([sys.executable, "-m", "hostsim", "at", "ATI4"],
                            capture_output=True, check=False)
    assert result.returncode == 0 and b"GL865-DUAL" in result.stdout


def test_commands_lists_the_registry_and_the_readme_names_every_command(capsys):
    import os

    from hostsim.commands import build_registry
    assert main(["commands"]) == 0
    listed = [line.split()[0] for line in capsys.readouterr().out.splitlines()]
    names = [c.name for c in build_registry()]
    assert listed == names
    manual = open(os.path.join(os.path.dirname(__file__), "..", "docs", "emulator.md")).read()
    table = manual[manual.index("## What the emulated module answers"):]
    assert [n for n in names if "`%s`" % n not in table] == []


def test_run_stores_sources_compacted_unless_verbatim(tmp_path, capsysbinary):
    source = tmp_path / "app.py"
    source.write_bytes(b"# hi\nimport MOD\nif 1:\n    MOD.sleep(1)\n")
    state = str(tmp_path / "mod")
    for flags, size in (([], 36), (["--verbatim"], 43)):
        assert main(["run", str(source), "--state", state, "--until", "1"] + flags) == 0
        capsysbinary.readouterr()
        assert main(["at", "--state", state, "AT#LSCRIPT"]) == 0
        assert b'#LSCRIPT: "app.py",%d\r\n' % size in capsysbinary.readouterr().out


def test_run_sets_the_halting_reading_and_the_state_keeps_it(tmp_path, capsys):
    import json

    source = tmp_path / "app.py"
    source.write_bytes(b"import MOD\nMOD.sleep(1)\n")
    state = tmp_path / "mod"
    assert main(["run", str(source), "--state", str(state), "--tcp-halting", "inhibited"]) == 0
    assert json.loads((state / "module.json").read_text())["parts"]["fota"]["halting"] == \
        "inhibited"
    assert main(["run", str(source), "--state", str(state)]) == 0       # kept when not given
    assert json.loads((state / "module.json").read_text())["parts"]["fota"]["halting"] == \
        "inhibited"
    capsys.readouterr()
    assert main(["run", "--scenario", "everyday", "--tcp-halting", "literal"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "drop --state, --model and --tcp-halting" in err
