"""Premium FOTA Management commands (PFM note; #OTASUAN, #OTASETRI per the fact sheet).

``#OTASNAIPCFG``/``#OTASNAIP`` (combined SMS-TCP/IP) need firmware 10.00.xx3
or newer and ``#OTAIPCFG``/``#OTAIPUPD`` (TCP/IP only) 10.00.xx4; neither
exists on the UC864 variants: there they answer ERROR like unknown commands,
in every form (the test form included).  ``#OTASNAP`` takes the server number
"in international format" (note 2.2.1): a ``+`` and digits.
"""
from __future__ import annotations

from hostsim.at.syntax import Command, Int, Str
from hostsim.commands.common import format_value
from hostsim.core.errors import (
    OPERATION_NOT_ALLOWED,
    OPERATION_NOT_SUPPORTED,
    AtSyntaxError,
    CmeError,
)
from hostsim.fota.module_side import BEARER_CSD, BEARER_GPRS, firmware_supports

PFM = "PFM application note 80000NT10013a Rev.10"
_INTERNATIONAL_NUMBER = r"\+[0-9]{3,20}"
_ADDRESS = r"[A-Za-z0-9.\-]{1,64}"


def _requires(min_last_digit: int):
    """Refuse the command on firmware (or models) that lack the protocol."""

    def check(ctx) -> None:
        module = ctx.module
        if module.spec.umts or not firmware_supports(module.firmware, min_last_digit):
            raise AtSyntaxError("not available on %s %s" % (module.spec.name, module.firmware))

    return check


_COMBINED, _IP_ONLY = _requires(3), _requires(4)


def _test_form(requirement, text: str):
    """The test form's ranges, where the model and firmware have the command."""

    def test(ctx) -> None:
        requirement(ctx)
        if text:
            ctx.info(text.replace("#NAME", ctx.command.name))

    return test


def _snap_set(ctx, number):
    ctx.module.fota.start_sms_registration(number)


def _snap_read(ctx):
    ctx.info('#OTASNAP: "%s"' % ctx.module.fota.server_number)


def _ipcfg_set(ctx, bearer, apn, user, password):
    _COMBINED(ctx)
    ctx.module.fota.ip_config = [bearer, apn, user, password]


def _ipcfg_read(ctx):
    _COMBINED(ctx)
    config = ctx.module.fota.ip_config
    ctx.info("%s: %s" % (ctx.command.name, format_value(config[:2]) if config else '0,""'))


def _snaip_set(ctx, port, address, my_number):
    _COMBINED(ctx)
    fota = ctx.module.fota
    if fota.ip_config is None:
        raise CmeError(OPERATION_NOT_ALLOWED)                  # #OTASNAIPCFG first
    fota.ip_server = [port, address]
    fota.my_number = my_number
    fota.start_tcp_registration()


def _snaip_read(ctx):
    _COMBINED(ctx)
    fota = ctx.module.fota
    port, address = fota.ip_server or [0, ""]
    ctx.info('#OTASNAIP: %d,"%s","%s"' % (port, address, fota.my_number))


def _ota_ipcfg_set(ctx, port, address):
    _IP_ONLY(ctx)
    ctx.module.fota.ip_server = [port, address]


def _ota_ipcfg_read(ctx):
    _IP_ONLY(ctx)
    port, address = ctx.module.fota.ip_server or [0, ""]
    ctx.info('#OTAIPCFG: %d,"%s"' % (port, address))


def _ipupd(ctx):
    _IP_ONLY(ctx)
    fota = ctx.module.fota
    if fota.ip_server is None or fota.ip_config is None:
        raise CmeError(OPERATION_NOT_ALLOWED)
    fota.start_ip_update()


def _ipupd_read(ctx):
    _IP_ONLY(ctx)
    ctx.info("#OTAIPUPD: %d" % (ctx.module.fota.job is not None))


def _suan_set(ctx, response, mode, bfr):
    fota = ctx.module.fota
    current_mode, current_bfr = ctx.get("#OTASUAN")
    if response is not None:
        fota.answer(response)
    if mode is not None or bfr is not None:
        new = [current_mode if mode is None else mode, current_bfr if bfr is None else bfr]
        ctx.set("#OTASUAN", new)
        fota.suan_mode_set(*new)


def _suan_read(ctx):
    mode, bfr = ctx.get("#OTASUAN")
    ctx.info("#OTASUAN: ,%d,%d" % (mode, bfr))


def _setri_set(ctx, pulse):
    if pulse != 0 and not 50 <= pulse <= 1150:
        raise CmeError(OPERATION_NOT_SUPPORTED)
    ctx.set("#OTASETRI", pulse)


_IPCFG_RANGES = "#NAME: (0,1),50,30,30"

COMMANDS = [
    Command("#OTASNAP", params=(Str("number", 21, pattern=_INTERNATIONAL_NUMBER),), set=_snap_set,
            read=_snap_read, test="", needs_sim=True,
            doc="PFM registration by SMS to the server number", source=PFM + " 2.2.1"),
    Command("#OTASNAIPCFG", params=(Int("bearer", choices=(BEARER_CSD, BEARER_GPRS)),
                                    Str("apn", 50), Str("user", 30, default=""),
                                    Str("password", 30, default="")),
            set=_ipcfg_set, read=_ipcfg_read, test=_test_form(_COMBINED, _IPCFG_RANGES),
            doc="PFM TCP/IP bearer (0 CSD, 1 GPRS) and APN or CSD number",
            source=PFM + " 3.2.1 and 4.2.1"),
    Command("#OTASNAPIPCFG", params=(Int("bearer", choices=(BEARER_CSD, BEARER_GPRS)),
                                     Str("apn", 50), Str("user", 30, default=""),
                                     Str("password", 30, default="")),
            set=_ipcfg_set, read=_ipcfg_read, test=_test_form(_COMBINED, _IPCFG_RANGES),
            doc="LE910-era spelling of #OTASNAIPCFG (answers under its own name)",
            source=PFM + " 3.2.1; spelling as in telit-facts.md 4"),
    Command("#OTASNAIP", params=(Int("port", 1, 65535), Str("address", 64, pattern=_ADDRESS),
                                 Str("mynumber", 21, default="", pattern=r"(\+?[0-9]{3,20})?")),
            set=_snaip_set, read=_snaip_read, test=_test_form(_COMBINED, "#NAME: (1-65535),64,21"), needs_sim=True,
            doc="PFM registration over TCP/IP to the server", source=PFM + " 3.2.1 and 4.2.1"),
    Command("#OTAIPCFG", params=(Int("port", 1, 65535), Str("address", 64, pattern=_ADDRESS)),
            set=_ota_ipcfg_set, read=_ota_ipcfg_read, test=_test_form(_IP_ONLY, "#NAME: (1-65535),64"),
            doc="PFM server for #OTAIPUPD", source=PFM + " 4.2.2"),
    Command("#OTAIPUPD", action=_ipupd, read=_ipupd_read, test=_test_form(_IP_ONLY, ""),
            needs_sim=True,
            doc="start an update over TCP/IP", source=PFM + " 4.2.2; LE910 V2 AT Commands p.480"),
    Command("#OTASUAN", params=(Int("response", 0, 2, default=None), Int("mode", 0, 2, default=None),
                                Int("bfr", 0, 1, default=None)),
            set=_suan_set, read=_suan_read, test="#OTASUAN: (0-2),(0-2),(0,1)",
            doc="answer an update request (1 accept, 0 reject, 2 delay); #OTAEV URC mode",
            source=PFM + " 3.2.2; telit-facts.md 4.1 (UC864 guide p.327, LE910 V2 p.476)"),
    Command("#OTASETRI", params=(Int("pulse", 0, 1150, default=0),), set=_setri_set,
            read=lambda ctx: ctx.info("#OTASETRI: %d" % ctx.get("#OTASETRI")),
            test="#OTASETRI: (0,50-1150)", doc="RI pulse (ms) on a manual update request",
            source="telit-facts.md 4 (LE910 V2 AT Commands 80446ST10707A p.478)"),
]
