"""SMS in text mode: indications, storage, reading, listing, deleting, sending, filters."""
import pytest
from atutil import quiet, send
from test_network import registered

from hostsim.at.engine import LINE_PROCESSING_MS
from hostsim.device.module import Module
from hostsim.parts.sim import SMS_CAPACITY
from hostsim.radio.smsc import SMS_DELIVERY_MS, SMS_SEND_MS, Sms, scts
from hostsim.radio.world import World

OK = b"\r\nOK\r\n"
STAMP = "26/01/01,00:00:04+00"       # the SMS centre time of messages sent at t=4 s


def texting(interfaces=("ASC0",), cnmi="1,1"):
    """A registered module with text mode and +CNMI set on ``interfaces``."""
    m = registered()
    for name in interfaces:
        quiet(m, name)
        send(m, "AT+CMEE=1;+CMGF=1;+CNMI=%s" % cnmi, name)
    return m


def deliver(m, text="hello", sender="+391234", **kwargs):
    m.world.send_sms(m, sender, text, **kwargs)
    m.clock.advance(SMS_DELIVERY_MS)


def test_scts_counts_from_the_fixed_base_date():
    assert scts(0) == "26/01/01,00:00:00+00"
    assert scts(90_061_000) == "26/01/02,01:01:01+00"


def test_mt_1_stores_and_indicates_on_the_interfaces_that_asked():
    m = texting(("MDM",))
    quiet(m, "MDM2")
    deliver(m)
    assert m.engine("MDM").read_output() == b'\r\n+CMTI: "SM",1\r\n'
    assert m.engine("MDM2").read_output() == b""
    assert m.engine("ASC0").read_output() == b""
    assert send(m, "AT+CMGR=1", "MDM") == (
        b'\r\n+CMGR: "REC UNREAD","+391234","","%s"\r\nhello\r\n' % STAMP.encode() + OK)
    assert send(m, "AT+CMGR=1", "MDM").startswith(b'\r\n+CMGR: "REC READ"')


def test_delivery_takes_the_delivery_delay():
    m = texting()
    m.world.send_sms(m, "+391234", "hello")
    m.clock.advance(SMS_DELIVERY_MS - 1)
    assert m.engine("ASC0").read_output() == b""
    m.clock.advance(1)
    assert m.engine("ASC0").read_output() == b'\r\n+CMTI: "SM",1\r\n'


def test_mt_2_routes_without_storing():
    m = texting(cnmi="2,2")
    deliver(m, "routed")
    assert m.engine("ASC0").read_output() == (
        b'\r\n+CMT: "+391234","","%s"\r\nrouted\r\n' % STAMP.encode())
    assert m.sim.messages == []


def test_mt_0_stores_silently():
    m = texting(cnmi="1,0")
    deliver(m)
    assert m.engine("ASC0").read_output() == b""
    assert len(m.sim.messages) == 1


@pytest.mark.parametrize("bfr, flushed", [(0, OK + b'\r\n+CMTI: "SM",1\r\n'), (1, OK)])
def test_mode_0_holds_indications_until_a_mode_is_set(bfr, flushed):
    m = texting(cnmi="0,1")
    deliver(m)
    assert m.engine("ASC0").read_output() == b""
    assert send(m, "AT+CNMI=1,1,0,0,%d" % bfr) == flushed


def test_sms_waits_at_the_centre_until_the_module_registers():
    world = World()
    world.coverage = False
    m = registered(world)
    send(m, "AT+CMGF=1;+CNMI=1,1")
    deliver(m)
    assert m.sim.messages == [] and len(world.sms.waiting(m)) == 1
    world.coverage = True
    world.changed()
    m.clock.advance(world.registration_delay_ms + SMS_DELIVERY_MS)
    assert m.engine("ASC0").read_output().endswith(b'\r\n+CMTI: "SM",1\r\n')


@pytest.mark.parametrize("coding, text, shown, dcs", [
    ("7bit", "plain", "plain", 0),
    ("8bit", "\x01\xff", "01FF", 4),
    ("ucs2", "\u00e8", "00E8", 8),
])
def test_codings_show_as_text_mode_does(coding, text, shown, dcs):
    m = texting(cnmi="2,2")
    send(m, "AT+CSDH=1")
    deliver(m, text, coding=coding, klass=1)
    assert m.engine("ASC0").read_output() == (
        b'\r\n+CMT: "+391234","","%s",145,4,0,%d,"+393359609600",145,%d\r\n%s\r\n'
        % (STAMP.encode(), dcs | 0x11, len(shown), shown.encode()))
    event = m.trace.select("sms-in")[-1]
    assert (event.data["coding"], event.data["klass"], event.data["body"]) == (coding, 1, text)


def test_pdu_mode_is_not_emulated():
    m = registered()
    for line in ("AT+CMGR=1", "AT+CMGL", 'AT+CMGS="+39123"'):
        assert send(m, line) == b"\r\n+CMS ERROR: 303\r\n"


@pytest.mark.parametrize("line", ["AT+CMGR=1", "AT+CMGL", 'AT+CMGS="+39123"', "AT+CMGD=1",
                                  "AT+CPMS?", "AT+CSCA?"])
def test_sms_commands_need_the_pin(line):
    m = Module()
    m.power_on()
    quiet(m)
    send(m, "AT+CMEE=1")
    assert send(m, line) == b"\r\n+CMS ERROR: 311\r\n"         # 27.005: SIM PIN required


# -- reading, listing, deleting --------------------------------------------------------------


def _three_messages():
    m = texting(cnmi="1,0")
    for text in ("one", "two", "three"):
        deliver(m, text)
    send(m, "AT+CMGR=2")
    return m


@pytest.mark.parametrize("line, indexes", [
    ("AT+CMGL", [1, 3]),
    ('AT+CMGL="REC UNREAD"', [1, 3]),
    ('AT+CMGL="REC READ"', [2]),
    ('AT+CMGL="ALL"', [1, 2, 3]),
    ('AT+CMGL="STO SENT"', []),
])
def test_cmgl_lists_by_status(line, indexes):
    out = send(_three_messages(), line)
    listed = [int(part.split(b",")[0]) for part in out.split(b"+CMGL: ")[1:]]
    assert listed == indexes and out.endswith(OK)


def test_cmgl_marks_unread_messages_read():
    m = _three_messages()
    send(m, "AT+CMGL")
    assert send(m, "AT+CMGL") == OK
    assert send(m, 'AT+CMGL="ALL"').count(b'"REC READ"') == 3


def test_cmgl_format():
    m = texting(cnmi="1,0")
    deliver(m, "one")
    deliver(m, "two")
    stamps = [msg.timestamp.encode() for msg in m.sim.messages]
    assert send(m, 'AT+CMGL="ALL"') == (
        b'\r\n+CMGL: 1,"REC UNREAD","+391234","","%s"\r\none\r\n'
        b'+CMGL: 2,"REC UNREAD","+391234","","%s"\r\ntwo\r\n' % tuple(stamps) + OK)


@pytest.mark.parametrize("line, left", [
    ("AT+CMGD=2", [1, 3]),
    ("AT+CMGD=3,0", [1, 2]),
    ("AT+CMGD=0,1", [1, 3]),         # all read ones
    ("AT+CMGD=1,4", []),             # everything
    ("AT+CMGD=9", [1, 2, 3]),        # an empty slot is fine
])
def test_cmgd(line, left):
    m = _three_messages()
    assert send(m, line) == OK
    assert [msg.index for msg in m.sim.messages] == left


@pytest.mark.parametrize("line, answer", [
    ("AT+CMGR=4", b"\r\n+CMS ERROR: 321\r\n"),
    ("AT+CMGR=31", b"\r\n+CMS ERROR: 321\r\n"),
    ("AT+CMGD=31", b"\r\n+CMS ERROR: 321\r\n"),
    ("AT+CMGD=1,5", b"\r\n+CME ERROR: 4\r\n"),
    ('AT+CMGL="SOME"', b"\r\n+CMS ERROR: 305\r\n"),
    ("AT+CMGD=?", b"\r\n+CMGD: (1,2,3),(0-4)\r\n" + OK),
])
def test_sms_storage_errors(line, answer):
    assert send(_three_messages(), line) == answer


def test_cpms_and_csca():
    m = _three_messages()
    assert send(m, "AT+CPMS?") == b'\r\n+CPMS: "SM",3,30,"SM",3,30,"SM",3,30\r\n' + OK
    assert send(m, 'AT+CPMS="SM","SM"') == b"\r\n+CPMS: 3,30,3,30,3,30\r\n" + OK
    assert send(m, 'AT+CPMS="ME"') == b"\r\n+CMS ERROR: 302\r\n"
    assert send(m, "AT+CSCA?") == b'\r\n+CSCA: "+393359609600",145\r\n' + OK
    assert send(m, 'AT+CSCA="+391111";+CSCA?') == b'\r\n+CSCA: "+391111",145\r\n' + OK


# -- storage full ------------------------------------------------------------------------------


def test_full_storage_refuses_and_the_centre_delivers_after_a_delete():
    m = texting()
    for n in range(SMS_CAPACITY):
        m.sim.store_sms("REC READ", "+39", STAMP, "old %d" % n)
    deliver(m, "newest")
    assert m.engine("ASC0").read_output() == b""
    assert len(m.sim.messages) == SMS_CAPACITY
    assert "memory capacity exceeded" in m.trace.select("sms-in")[-1].text
    assert [s.text for s in m.world.sms.waiting(m)] == ["newest"]
    assert send(m, "AT+CMGD=7") == OK
    m.clock.advance(SMS_DELIVERY_MS)
    assert m.engine("ASC0").read_output() == b'\r\n+CMTI: "SM",7\r\n'
    assert m.sim.sms(7).text == "newest"


# -- filters (the FOTA hook) --------------------------------------------------------------------


def test_filtered_sms_is_neither_stored_announced_nor_listed():
    m = texting()
    seen = []

    def fota_sms(sms):
        seen.append(sms)
        return sms.text.startswith("FOTA")

    m.radio.sms_filters.append(fota_sms)
    deliver(m, "FOTA:start", klass=0, coding="8bit")
    assert m.engine("ASC0").read_output() == b""
    assert send(m, 'AT+CMGL="ALL"') == OK
    assert seen[0].klass == 0 and seen[0].coding == "8bit" and seen[0].sender == "+391234"
    deliver(m, "ordinary")
    assert m.engine("ASC0").read_output() == b'\r\n+CMTI: "SM",1\r\n'


def test_filters_survive_a_reboot():
    m = texting()
    mine = lambda sms: True  # noqa: E731
    m.radio.sms_filters.append(mine)
    before = list(m.radio.sms_filters)
    m.reboot()
    assert m.radio.sms_filters == before and mine in before


# -- sending ------------------------------------------------------------------------------------


def test_cmgs_prompts_sends_and_answers_the_reference():
    m = texting()
    received = []
    m.world.on_sms("+39555", lambda sms, module: received.append((sms, module)))
    assert send(m, 'AT+CMGS="+39555"', advance_ms=LINE_PROCESSING_MS) == b"\r\n> "
    assert send(m, b"Hi there\x1a", advance_ms=SMS_SEND_MS - 1) == b""
    m.clock.advance(1)
    assert m.engine("ASC0").read_output() == b"\r\n+CMGS: 1\r\n" + OK
    sms, module = received[0]
    assert (sms.sender, sms.recipient, sms.text, sms.reference) == (
        "+393331234567", "+39555", "Hi there", 1)
    assert module is m
    send(m, 'AT+CMGS="+39556"', advance_ms=LINE_PROCESSING_MS)
    assert send(m, b"again\x1a", advance_ms=SMS_SEND_MS).endswith(b"+CMGS: 2\r\n" + OK)
    assert [s.text for s in m.world.sent_sms] == ["again"]


def test_esc_cancels_the_sms():
    m = texting()
    send(m, 'AT+CMGS="+39555"', advance_ms=LINE_PROCESSING_MS)
    assert send(m, b"never\x1b", advance_ms=SMS_SEND_MS) == OK
    assert m.world.sent_sms == []


def test_cmgs_needs_registration():
    world = World()
    world.coverage = False
    m = registered(world)
    send(m, "AT+CMGF=1")
    assert send(m, 'AT+CMGS="+39555"') == b"\r\n+CMS ERROR: 331\r\n"


def test_a_handler_can_answer_with_an_sms():
    m = texting()
    m.world.on_sms("+39555", lambda sms, module: module.world.send_sms(
        module, sms.recipient, "re: " + sms.text))
    send(m, 'AT+CMGS="+39555"', advance_ms=LINE_PROCESSING_MS)
    send(m, b"ping\x1a", advance_ms=SMS_SEND_MS + SMS_DELIVERY_MS)
    assert m.sim.sms(1).text == "re: ping" and m.sim.sms(1).number == "+39555"


def test_sms_rejects_bad_values():
    with pytest.raises(ValueError):
        Sms("+39", "+40", "x", coding="7-bit")
    with pytest.raises(ValueError):
        Sms("+39", "+40", "x", klass=4)
