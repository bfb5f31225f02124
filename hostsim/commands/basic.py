"""V.250 basics, identity, error reporting, DTE rate and power commands.

Sources: ITU-T V.250 (07/2003) for the basic commands it defines, 3GPP TS 27.007
for the +C commands and the "AT Commands Reference Guide" 80000ST10025a Rev.5
(ATR5) for the rest, as the GM862/GE863/GE864/GC864 family implements them.
"""
from __future__ import annotations

from hostsim.at.syntax import Command, Int, Str
from hostsim.commands.common import info_command, setting_command
from hostsim.core.errors import OPERATION_NOT_SUPPORTED, CmeError
from hostsim.core.settings import Storage, defaults

IPR_RATES = (0, 300, 600, 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200)
REBOOT_DELAY_MS = 100      # OK goes out before the module restarts

ATR5 = "Telit AT Commands Reference Guide 80000ST10025a Rev.5"
V250 = "ITU-T V.250"
TS27007 = "3GPP TS 27.007"


def _basic_setting(letter: str, hi: int, source: str, choices=None) -> Command:
    """``ATE1``-style: the digit stores the profile value; no digit means 0."""

    def set_(ctx, value):
        ctx.set(letter, value)

    return Command(letter, params=(Int("n", 0, hi, default=0, choices=choices),),
                   set=set_, basic=True, doc="V.250 %s" % letter,
                   source=source)


def _s_register(number: int, source: str) -> Command:
    name = "S%d" % number

    def set_(ctx, value):
        ctx.set(name, value)

    def read(ctx):
        ctx.info("%03d" % ctx.get(name))

    return Command(name, params=(Int("value", 0, 255),), set=set_, read=read,
                   doc="S-register %d" % number, source=source)


def _recall(ctx, profile=0):
    for name, value in ctx.module.settings.new_active_profile(profile).items():
        ctx.engine.set_profile(name, value)


def _store(ctx, profile=0):
    ctx.module.settings.store_profile(ctx.engine.profile, profile)
    ctx.module.trace.emit("setting", ctx.engine.name, "profile stored")


def _factory(ctx, value=0):
    for name, value in defaults(Storage.PROFILE).items():
        ctx.set(name, value)


def _identification(ctx, page):
    module = ctx.module
    pages = {0: "Telit", 1: "Telit", 2: "Telit", 3: module.firmware, 4: module.spec.name}
    if page not in pages:
        raise CmeError(OPERATION_NOT_SUPPORTED)
    ctx.info(pages[page])


def _reboot(ctx):
    ctx.module.clock.call_later(REBOOT_DELAY_MS, ctx.module.reboot, "#REBOOT")


def _cfun_set(ctx, fun, reset):
    ctx.set("+CFUN", fun)
    ctx.module.radio.functionality_changed(fun)
    if reset:
        ctx.module.clock.call_later(REBOOT_DELAY_MS, ctx.module.reboot, "+CFUN reset")


def _cfun_read(ctx):
    ctx.info("+CFUN: %d" % ctx.get("+CFUN"))


def _ipr_set(ctx, rate):
    ctx.set("+IPR", rate)


def _identity(name, attribute, source):
    return info_command(name, lambda ctx: [attribute(ctx.module)], doc="identity",
                        source=source)


COMMANDS = [
    _basic_setting("E", 1, V250 + " 6.2.4"),
    _basic_setting("V", 1, V250 + " 6.2.6"),
    _basic_setting("Q", 1, V250 + " 6.2.5"),
    _basic_setting("X", 4, V250 + " 6.2.7; " + ATR5 + " X"),
    _basic_setting("&K", 3, ATR5 + " &K (flow control; V.250 has +IFC)", choices=(0, 3)),
    _basic_setting("&D", 2, V250 + " 6.2.9; " + ATR5 + " &D"),
    Command("Z", params=(Int("profile", 0, 1, default=0),), set=_recall, basic=True,
            doc="recall the stored profile", source=V250 + " 6.1.1; " + ATR5 + " Z"),
    Command("&W", params=(Int("profile", 0, 1, default=0),), set=_store, basic=True,
            doc="store the active profile", source=ATR5 + " &W"),
    Command("&F", params=(Int("value", 0, 1, default=0),), set=_factory, basic=True,
            doc="factory profile", source=V250 + " 6.1.2; " + ATR5 + " &F"),
    Command("I", params=(Int("page", 0, 9, default=0),), set=_identification, basic=True,
            doc="identification (I3 firmware, I4 model)",
            source=V250 + " 6.1.3; " + ATR5 + " I"),
    _s_register(0, V250 + " S0 (automatic answer)"),
    _s_register(3, V250 + " 6.2.1"),
    _s_register(4, V250 + " 6.2.2"),
    _s_register(5, V250 + " 6.2.3"),
    _s_register(7, V250 + " S7 (connection completion timeout)"),
    _s_register(12, ATR5 + " S12 (escape prompt delay; not in V.250)"),
    _identity("+CGMI", lambda m: "Telit", TS27007 + " 5.1"),
    _identity("+GMI", lambda m: "Telit", V250 + " 6.1.4"),
    _identity("+CGMM", lambda m: m.spec.name, TS27007 + " 5.2"),
    _identity("+GMM", lambda m: m.spec.name, V250 + " 6.1.5"),
    _identity("+CGMR", lambda m: m.firmware, TS27007 + " 5.3"),
    _identity("+GMR", lambda m: m.firmware, V250 + " 6.1.6"),
    _identity("+CGSN", lambda m: m.imei, TS27007 + " 5.4"),
    _identity("+GSN", lambda m: m.imei, V250 + " 6.1.7"),
    setting_command("+CMEE", Int("n", 0, 2), doc="error reporting", source=TS27007 + " 9.1"),
    Command("+IPR", params=(Int("rate", choices=IPR_RATES),), set=_ipr_set,
            read=lambda ctx: ctx.info("+IPR: %d" % ctx.get("+IPR")),
            test="+IPR: (0,300,600,1200,2400,4800,9600,19200,38400,57600,115200)",
            doc="ASC0 rate; 0 autobauding", source=V250 + " 6.2.10; " + ATR5 + " +IPR"),
    Command("+CFUN", params=(Int("fun", choices=(0, 1, 4, 5)), Int("rst", 0, 1, default=0)),
            set=_cfun_set, read=_cfun_read, test="+CFUN: (0,1,4,5),(0,1)", doc="functionality",
            source=TS27007 + " 8.2; " + ATR5 + " +CFUN"),
    Command("#REBOOT", action=_reboot, test="", doc="reboot now", source=ATR5 + " #REBOOT"),
    setting_command("#SELINT", Int("v", 0, 2), doc="interface style",
                    source=ATR5 + " #SELINT"),
    setting_command("#SMSMODE", Int("mode", 0, 1), doc="SMS command mode",
                    source=ATR5 + " #SMSMODE"),
    setting_command("#BND", Int("band", 0, 3), doc="band",
                    source=ATR5 + " #BND"),
    setting_command("#AUTOBND", Int("value", 0, 2), doc="automatic band",
                    source=ATR5 + " #AUTOBND"),
    setting_command("#NITZ", Int("val", 0, 1), doc="network time update",
                    source=ATR5 + " #NITZ"),
    setting_command("#SIMDET", Int("mode", 0, 2), doc="SIM detection",
                    source=ATR5 + " #SIMDET"),
    setting_command("+CSCS", Str("chset", 8, pattern=r"IRA|GSM|8859-1|PCCP437|UCS2", upper=True),
                    doc="character set", source=TS27007 + " 5.5"),
    setting_command("#SKIPESC", Int("mode", 0, 1), doc="skip escape sequence",
                    source=ATR5 + " #SKIPESC"),
]
