"""The console wrapper both command lines share: number arguments and usage errors."""
import argparse

import pytest

from deploy.cli import main as deploy_main
from hostsim.cli import main as hostsim_main
from hostsim.core.console import finite_number


@pytest.mark.parametrize("text", ["nan", "inf", "-inf", "-1", "x", ""])
def test_finite_number_refuses_what_is_not_a_finite_number_of_at_least_zero(text):
    with pytest.raises(argparse.ArgumentTypeError) as refused:
        finite_number("seconds")(text)
    assert str(refused.value) == "%r is not a finite number of seconds >= 0" % text


def test_finite_number_takes_zero_unless_positive():
    assert finite_number("seconds")("0") == 0.0
    assert finite_number("seconds")("1.5") == 1.5
    with pytest.raises(argparse.ArgumentTypeError):
        finite_number("seconds", positive=True)("0")


@pytest.mark.parametrize("argv, prog", [
    (["at", "--wait", "inf", "AT"], "hostsim at"),
    (["run", "x.py", "--until", "nan"], "hostsim run"),
])
def test_hostsim_refuses_a_non_finite_time_in_one_line(argv, prog, capsys):
    assert hostsim_main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith(prog + ": error: argument ") and err.count("\n") == 1


@pytest.mark.parametrize("value", ["nan", "inf", "0"])
def test_telit_deploy_monitor_refuses_a_duration_that_is_not_positive_and_finite(value, capsys):
    assert deploy_main(["--port", "telitemu://", "monitor", "--duration", value]) == 2
    err = capsys.readouterr().err
    assert err == ("telit-deploy monitor: error: argument --duration: %r is not a finite number "
                   "of seconds > 0 (see telit-deploy monitor --help)\n" % value)
