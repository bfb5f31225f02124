"""The pytest plugin as a user meets it (the README's example)."""
from hostsim.testing import plugin_installed

pytest_plugins = ["pytester"]


def test_the_module_answers(telit_shims):
    import MDM
    import MOD
    MDM.send("AT+IPR=115200\r", 0)
    assert MDM.receive(20).endswith("OK\r\n")
    MOD.sleep(50)
    assert telit_shims.setting("+IPR") == 115200


def test_shims_are_removed_after_the_test():
    import sys
    assert "MDM" not in sys.modules


def test_load_imports_flat_modules_from_the_ini_folders(pytester):
    pytester.makeini("[pytest]\ntelit_onboard = myboard\n")
    pytester.mkdir("myboard")
    (pytester.path / "myboard" / "greet.py").write_text(
        "import MOD\ndef hello():\n    f = open('hello.txt', 'w')\n    f.write('hi')\n"
        "    f.close()\n    return MOD.secCounter()\n")
    pytester.makepyfile("""
        def test_greet(telit):
            greet = telit.load("greet")
            assert greet.hello() > 0
            assert telit.file("hello.txt") == b"hi"
    """)
    result = pytester.runpytest(*([] if plugin_installed() else ["-p", "hostsim.pytest_plugin"]))
    result.assert_outcomes(passed=1)
