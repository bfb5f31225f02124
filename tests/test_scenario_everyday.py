"""Everyday scenarios: a GPS tracker script in the style of real module scripts reaches its
steady state; the default of hostsim run lets a typical script run; inputs arrive."""
from hostsim.scenario.scenario import DEFAULT_SCENARIO, Scenario, ScenarioRun
from hostsim.script.runner import RUNNING, Runner

TRACKER = b"""import MDM
import MOD
import GPS

def at(command, wanted, timeout):
    MDM.send(command + '\\r', 0)
    answer = ''
    end = MOD.secCounter() + timeout
    while MOD.secCounter() < end:
        answer = answer + MDM.receive(5)
        if answer.find(wanted) >= 0 or answer.find('ERROR') >= 0:
            return answer
    return answer

def registered():
    answer = at('AT+CREG?', 'OK', 5)
    return answer.find(',1') >= 0 or answer.find(',5') >= 0

at('ATE0', 'OK', 2)
while not registered():
    MOD.sleep(20)
at('AT+CGDCONT=1,"IP","internet"', 'OK', 5)
at('AT#SGACT=1,1', '#SGACT:', 20)
sent = 0
while 1:
    fields = GPS.getActualPosition().split(',')
    if fields[5] == '2' or fields[5] == '3':
        answer = at('AT#SD=1,0,80,"track.example.com"', 'CONNECT', 20)
        if answer.find('CONNECT') >= 0:
            body = 'lat=' + fields[1] + '&lon=' + fields[2]
            MDM.send('POST /pos HTTP/1.0\\r\\nContent-Length: ' + str(len(body)) +
                     '\\r\\n\\r\\n' + body, 0)
            at('', 'NO CARRIER', 10)
            sent = sent + 1
            f = open('sent.txt', 'w')
            f.write(str(sent))
            f.close()
    MOD.sleep(100)
"""


def run_script(scenario, script, module_python, until_ms):
    run = ScenarioRun(scenario, with_application=False)
    module = run.modules["A"]
    module.files.write("main.py", script.replace(b"\n", b"\r\n"))
    module.settings.set("#ESCRIPT", "main.py")
    runner = Runner(module, python=module_python)
    run.power_on()
    outcome = runner.run(until_ms)
    runner.close()
    return run, outcome


def test_a_gps_tracker_reaches_its_steady_state(module_python):
    scenario = Scenario.load("gps-tracker")
    run, outcome = run_script(scenario, TRACKER, module_python, scenario.duration_ms)
    assert outcome == RUNNING
    posts = run.peers["collector"].posts
    assert len(posts) >= 10
    positions = [p.body.decode() for p in posts]
    assert positions[0].startswith("lat=452") and "N&lon=0091" in positions[0]
    assert len(set(positions)) > 5                      # the track moves
    times = [e.t for e in run.modules["A"].trace.select("at-in") if "#SD=" in e.text]
    assert not [t for t in times if 90_000 < t < 110_000]     # no sky in the tunnel: no post


HELLO = b"""import MDM
import MOD
MDM.send('AT+CPIN?\\r', 0)
a = ''
while a.find('OK') < 0 and a.find('ERROR') < 0:
    a = a + MDM.receive(10)
f = open('pin.txt', 'w')
f.write(a)
f.close()
"""


def test_the_everyday_default_has_a_sim_without_pin(module_python):
    scenario = Scenario.load(DEFAULT_SCENARIO)
    assert scenario.data["sim"]["pin"] is None
    run, _ = run_script(scenario, HELLO, module_python, 10_000)
    assert b"+CPIN: READY" in run.modules["A"].files.read("pin.txt")


def test_inputs_arrive_on_ser2_dtr_gpio_and_the_world():
    run = ScenarioRun(Scenario.load("everyday-inputs"))
    run.power_on()
    module = run.modules["A"]
    run.clock.run_until(40_000)
    assert bytes(module.uarts["ASC1"].to_module) == b"METER 42\r\n"
    assert module.uarts["ASC0"].lines["DTR"] == 1
    assert module.gpio.values_of(3) == [(12_000, 1)]
    assert not run.world.coverage
    run.clock.run_until(120_000)
    assert run.world.coverage
    assert [m.text for m in module.sim.messages] == ["REPORT"]


def test_a_line_server_answers_by_its_rules():
    run = ScenarioRun(Scenario.load("everyday-inputs"))
    server = run.peers["logger"]
    peer = server()
    sent = []

    class Link:
        def send(self, data):
            sent.append(data)

        def close(self):
            sent.append(b"<closed>")

    peer.on_connect(Link())
    peer.on_data(b"PING 1\r\nBY")
    peer.on_data(b"E\r\n")
    assert sent == [b"HELLO\r\n", b"PONG\r\n", b"BYE\r\n", b"<closed>"]
    assert server.received == ["PING 1", "BYE"]
