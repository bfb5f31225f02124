import pytest
from atutil import quiet, send

from hostsim.core.settings import KEPT_OVER_UPDATE, NVM, PROFILE, SETTINGS, Settings, default

# Section 8.1 of the PFM application note, as printed there (#ESCRPT means #ESCRIPT).
NOTE_8_1 = """#ESCRPT #STARTMODESCR #CMUXSCR #BND #AUTOBND #ENS #SMSMODE #SELINT #COPSMODE
#ENHSIM +COPS #SMSATRUNCFG #SMSATWL #TCPATRUNCFG #TCPATRUNFRWL #TCPATRUNAUTH +CGDCONT
#GSMCONT #DNS #SGACTCFG #SKTSAV #SKTRST #SCFG #SCFGEXT +IPR""".split()


def test_kept_set_is_exactly_section_8_1():
    assert KEPT_OVER_UPDATE == {n.replace("#ESCRPT", "#ESCRIPT") for n in NOTE_8_1}


def test_every_declared_setting_has_a_json_default_and_a_doc():
    import json
    for spec in SETTINGS.values():
        json.dumps(spec.default)
        assert spec.doc


def test_update_wipe_keeps_8_1_and_resets_the_rest():
    settings = Settings()
    settings.set("+IPR", 115200)
    settings.set("+CGDCONT", {"1": ["IP", "apn.example", "", 0, 0]})
    settings.set("#USERID", "user")
    settings.set("+CGCLASS", "CG")
    profile = settings.new_active_profile()
    profile["+CMEE"] = 2
    settings.store_profile(profile)
    settings.wipe_for_update()
    assert settings.get("+IPR") == 115200
    assert settings.get("+CGDCONT") == {"1": ["IP", "apn.example", "", 0, 0]}
    assert settings.get("#USERID") == default("#USERID")
    assert settings.get("+CGCLASS") == "B"
    assert settings.stored_profile["+CMEE"] == 0


def test_volatile_values_reset_at_power_on_and_nvm_survives(module):
    quiet(module)
    send(module, "AT+IPR=9600")
    module.settings.set("+CGATT", 1)
    module.reboot()
    assert module.settings.get("+IPR") == 9600
    assert module.settings.get("+CGATT") == 0


def test_setting_changes_are_traced(module):
    send(module, "AT+IPR=19200")
    events = [e for e in module.trace.select(kind="setting") if e.data.get("name") == "+IPR"]
    assert events[-1].data["value"] == 19200


def test_profile_names_are_not_module_wide():
    with pytest.raises(KeyError):
        Settings().get("+CMEE")
    assert SETTINGS["+CMEE"].storage is PROFILE and SETTINGS["+IPR"].storage is NVM


def test_load_rejects_non_objects_and_ignores_unknown_names():
    settings = Settings()
    settings.load_json({"nvm": {"+IPR": 9600, "#GONE": 1}, "profile": {}})
    assert settings.get("+IPR") == 9600 and "#GONE" not in settings.nvm
    with pytest.raises(ValueError):
        settings.load_json({"nvm": [1]})
