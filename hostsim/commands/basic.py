"""V.250 basics, identity, error reporting, DTE rate and power commands."""
from __future__ import annotations

from hostsim.at.syntax import Command, Int, Str
from hostsim.commands.common import info_command, setting_command
from hostsim.core.errors import OPERATION_NOT_SUPPORTED, CmeError
from hostsim.core.settings import Storage, defaults

IPR_RATES = (0, 300, 600, 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200)
REBOOT_DELAY_MS = 100      # OK goes out before the module restarts


def _basic_setting(letter: str, hi: int, choices=None) -> Command:
    """``ATE1``-style: the digit stores the profile value; no digit means 0."""

    def set_(ctx, value):
        ctx.set(letter, value)

    return Command(letter, params=(Int("n", 0, hi, default=0, choices=choices),),
                   set=set_, basic=True, doc="V.250 %s" % letter)


def _s_register(number: int) -> Command:
    name = "S%d" % number

    def set_(ctx, value):
        ctx.set(name, value)

    def read(ctx):
        ctx.info("%03d" % ctx.get(name))

    return Command(name, params=(Int("value", 0, 255),), set=set_, read=read,
                   doc="S-register %d" % number)


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


def _identity(name, attribute):
    return info_command(name, lambda ctx: [attribute(ctx.module)], doc="identity")


COMMANDS = [
    _basic_setting("E", 1),
    _basic_setting("V", 1),
    _basic_setting("Q", 1),
    _basic_setting("X", 4),
    _basic_setting("&K", 3, choices=(0, 3)),
    _basic_setting("&D", 2),
    Command("Z", params=(Int("profile", 0, 1, default=0),), set=_recall, basic=True,
            doc="recall the stored profile"),
    Command("&W", params=(Int("profile", 0, 1, default=0),), set=_store, basic=True,
            doc="store the active profile"),
    Command("&F", params=(Int("value", 0, 1, default=0),), set=_factory, basic=True,
            doc="factory profile"),
    Command("I", params=(Int("page", 0, 9, default=0),), set=_identification, basic=True,
            doc="identification (I3 firmware, I4 model)"),
] + [_s_register(n) for n in (0, 3, 4, 5, 7, 12)] + [
    _identity("+CGMI", lambda m: "Telit"),
    _identity("+GMI", lambda m: "Telit"),
    _identity("+CGMM", lambda m: m.spec.name),
    _identity("+GMM", lambda m: m.spec.name),
    _identity("+CGMR", lambda m: m.firmware),
    _identity("+GMR", lambda m: m.firmware),
    _identity("+CGSN", lambda m: m.imei),
    _identity("+GSN", lambda m: m.imei),
    setting_command("+CMEE", Int("n", 0, 2), doc="error reporting"),
    Command("+IPR", params=(Int("rate", choices=IPR_RATES),), set=_ipr_set,
            read=lambda ctx: ctx.info("+IPR: %d" % ctx.get("+IPR")),
            test="+IPR: (0,300,600,1200,2400,4800,9600,19200,38400,57600,115200)",
            doc="ASC0 rate; 0 autobauding"),
    Command("+CFUN", params=(Int("fun", choices=(0, 1, 4, 5)), Int("rst", 0, 1, default=0)),
            set=_cfun_set, read=_cfun_read, test="+CFUN: (0,1,4,5),(0,1)", doc="functionality"),
    Command("#REBOOT", action=_reboot, test="", doc="reboot now"),
    setting_command("#SELINT", Int("v", 0, 2), doc="interface style"),
    setting_command("#SMSMODE", Int("mode", 0, 1), doc="SMS command mode"),
    setting_command("#BND", Int("band", 0, 3), doc="band"),
    setting_command("#AUTOBND", Int("value", 0, 2), doc="automatic band"),
    setting_command("#NITZ", Int("val", 0, 1), doc="network time update"),
    setting_command("#SIMDET", Int("mode", 0, 2), doc="SIM detection"),
    setting_command("+CSCS", Str("chset", 8, pattern=r"IRA|GSM|8859-1|PCCP437|UCS2", upper=True),
                    doc="character set"),
    setting_command("#SKIPESC", Int("mode", 0, 1), doc="skip escape sequence"),
]
