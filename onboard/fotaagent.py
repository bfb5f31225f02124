# fotaagent: keeps a Telit module alive through PFM firmware updates.
#
# Onboard dialect.  Registers with the PFM server, answers update requests,
# snapshots the settings the update will wipe, sets a fixed DTE rate,
# refuses the commands the download inhibits, and after the reboot (the
# script starts from scratch) enters the PIN once, restores every setting,
# reopens what was open and reports.  Every step is recorded in the journal
# first, so a halt or power loss anywhere resumes at the next boot.
import MOD
import SER
import MDM
import atlayer
import compat
import config
import journal
import report

OTAEV = '#OTAEV: '
INHIBITED = ['#GPRS', '#SGACT', '+CGATT', '+CGACT', 'D', '+COPS=2', '+CFUN=4', '+CGCLASS']
BACKOFF_FIRST = 60
BACKOFF_MAX = 3600
NETWORK_WAIT = 120
REQUEST_STALE = 600               # a request with no download after this long has ended (test operation)


class Agent:
    def __init__(self, cfg=None, pin=None, at=None, ser=SER, clock=MOD, hook=None):
        if cfg is None:
            cfg = config.load()
            pin = config.load_pin()
        self.cfg = cfg
        self.pin = pin
        self.clock = clock
        self.at = at
        if at is None:
            self.at = atlayer.AtLayer(MDM, clock)
        if cfg['report'] != 'ser':
            ser = None
        self.report = report.Reporter(ser, clock, cfg['log'], cfg['log_size'])
        self.journal = journal.Journal()
        self.state = self.journal.load()
        self.hook = hook
        self.stopped = ''
        self.next_registration = 0
        self.backoff = BACKOFF_FIRST
        self.asked_at = -1
        self.next_update = 0
        self.at.on_urc('#OTAEV:', self.on_otaev)

    # -- journal ----------------------------------------------------------

    def get(self, key, default=''):
        return self.state.get(key, default)

    def put(self, key, value):
        self.state[key] = value
        self.journal.save(self.state)

    def phase(self):
        return self.get('phase', 'idle')

    # -- AT helpers ---------------------------------------------------------

    def command(self, line, timeout=50):
        """The application's AT commands: refused while the download inhibits them."""
        if self.phase() == 'downloading' and inhibited(line):
            return ('INHIBITED', [])
        return self.at.command(line, timeout)

    def ask(self, line, timeout=50):
        result, lines = self.at.command(line, timeout)
        if result != 'OK':
            return None
        return lines

    def value_of(self, name):
        """The value part of 'NAME: value' lines answered by AT<name>? (None: unreadable)."""
        lines = self.ask('AT' + name + '?')
        if lines is None:
            return None
        values = []
        for line in lines:
            if compat.startswith(line, name + ':'):
                values.append(compat.strip(line[len(name) + 1:]))
        if not values:
            return None
        return compat.join(values, '\t')

    # -- boot ---------------------------------------------------------------

    def start(self):
        """Call once at every boot, before the application's own work."""
        if self.cfg['watchdog']:
            self.clock.watchdogEnable(self.cfg['watchdog'])
        self.at.command('ATE0')
        self.at.command('AT+CMEE=1')
        self.report.event('BOOT', self.firmware())
        self.enter_pin()
        if self.phase() != 'idle':
            self.recover()
        self.next_registration = 0

    def firmware(self):
        lines = self.ask('AT+CGMR')
        if lines:
            return lines[0]
        return ''

    def enter_pin(self):
        """One attempt only: a rejected PIN or a PUK request stops the agent."""
        lines = self.ask('AT+CPIN?')
        if lines is None:
            return self.stop('NO-SIM')
        answer = compat.join(lines, ' ')
        if compat.contains(answer, 'READY'):
            return 1
        if not compat.contains(answer, 'SIM PIN'):
            return self.stop('PUK-REQUIRED')
        left = self.ask('AT#PCT')
        if self.pin is None or left is None or compat.atoi(left[0][5:]) != 3:
            return self.stop('PIN-REQUIRED')
        result, lines = self.at.command('AT+CPIN=' + self.pin, 100)
        if result != 'OK':
            return self.stop('PIN-REJECTED')
        self.report.event('PIN-ENTERED')
        return 1

    def stop(self, why):
        self.stopped = why
        self.report.event('STOPPED', why)
        return 0

    # -- update requests --------------------------------------------------------

    def on_otaev(self, line):
        event = line[len(OTAEV):]
        if event == 'Registered':
            self.registered()
        elif event == 'Do you want to upgrade the firmware?':
            self.requested('manual')
        elif event == 'Automatic Fw Upgrade Requested':
            self.requested('automatic')
        elif event == 'Start Fw Download':
            self.snapshot()
            self.put('phase', 'downloading')
            self.report.event('DOWNLOAD')
        elif event == 'Fw Download Complete':
            self.put('phase', 'updating')
            self.report.event('DOWNLOADED')
        elif event == 'OTA FW Upgrade Failed':
            self.failed()
        elif event == 'User Answer Timeout':
            self.report.event('ANSWER-TIMEOUT')
            self.finish()
        elif event == 'Server notified about successfull FW Upgrade':
            self.report.event('SERVER-NOTIFIED')
        elif event == 'Notified':
            self.report.event('QUERIED')

    def requested(self, mode):
        self.report.event('REQUEST', mode)
        self.snapshot()
        if mode == 'manual':
            self.asked_at = self.clock.secCounter()
            self.answer()

    def answer(self):
        """Accept, decline, or let the application hold the answer (bounded)."""
        policy = self.cfg['answer']
        if policy == 'hook' and self.hook is not None:
            policy = self.hook('request')
            if policy == 'hold':
                if self.clock.secCounter() - self.asked_at < self.cfg['answer_hold']:
                    return
                policy = 'accept'
        self.asked_at = -1
        if policy == 'decline':
            self.at.command('AT#OTASUAN=0')
            self.report.event('DECLINED')
            self.finish()
        else:
            self.at.command('AT#OTASUAN=1')
            self.report.event('ACCEPTED')

    def request_update(self):
        """TCP/IP protocol: ask the server for an update now (#OTAIPUPD)."""
        self.snapshot()
        result, lines = self.at.command('AT#OTAIPUPD')
        if result != 'OK':
            self.report.event('UPDATE-REFUSED', result)
            self.finish()
        return result

    def snapshot(self):
        """Query the settings the update will wipe; fix the DTE rate."""
        if self.phase() != 'idle':
            return
        state = {'phase': 'snapshot', 'fw': self.firmware(), 'registered': self.get('registered'),
                 'imsi': self.get('imsi'), 'at': str(self.clock.secCounter())}
        names = []
        for name in self.cfg['keep'] + ['+IPR']:
            value = self.value_of(name)
            if value is not None:
                state['set.' + name] = value
                names.append(name)
        gprs = self.value_of('#GPRS')
        if gprs == '1':
            state['open.gprs'] = '1'
        self.state = state
        self.journal.save(state)
        if self.cfg['ipr']:
            self.at.command('AT+IPR=%d' % self.cfg['ipr'])
        self.report.event('SNAPSHOT', compat.join(names, ','))

    def failed(self):
        self.report.event('FAILED')
        if self.phase() != 'idle':
            self.state['outcome'] = 'failed'
            self.put('phase', 'restoring')
            self.recover()

    def finish(self):
        """Back to idle; a request that never reached the download gets its DTE rate back."""
        if self.phase() == 'snapshot' and self.get('set.+IPR'):
            self.at.command('AT+IPR=' + self.get('set.+IPR'))
        self.state = {'phase': 'idle', 'registered': self.get('registered'),
                      'imsi': self.get('imsi')}
        self.journal.save(self.state)

    # -- after the reboot -----------------------------------------------------

    def recover(self):
        """Restore what the update (or the failed download) took; resumable."""
        if self.phase() != 'restoring':
            updated = self.firmware() != self.get('fw')
            outcome = 'updated'
            if not updated:
                outcome = 'failed'
            self.state['outcome'] = outcome
            self.put('phase', 'restoring')
            if updated:
                self.report.event('UPDATED', self.get('fw') + ' ' + self.firmware())
        count = 0
        keys = list(self.state.keys())
        keys.sort()
        for key in keys:
            if compat.startswith(key, 'set.') and self.get('done.' + key) != '1':
                for value in compat.split(self.state[key], '\t'):
                    self.at.command('AT' + key[4:] + '=' + value)
                self.put('done.' + key, '1')
                count = count + 1
        if self.get('open.gprs') == '1' and self.get('done.open.gprs') != '1':
            if not self.stopped and self.wait_network():
                self.at.command('AT#GPRS=1', 300)
            self.put('done.open.gprs', '1')
        self.report.event('RESTORED', '%d %s' % (count, self.get('outcome')))
        self.finish()

    def attached(self):
        """GPRS registered: a TCP/IP registration can reach the server."""
        lines = self.ask('AT+CGREG?')
        return lines is not None and len(lines) > 0 and (
            compat.contains(lines[0], ',1') or compat.contains(lines[0], ',5'))

    def wait_network(self):
        deadline = self.clock.secCounter() + NETWORK_WAIT
        while self.clock.secCounter() < deadline:
            lines = self.ask('AT+CREG?')
            if lines and (compat.contains(lines[0], ',1') or compat.contains(lines[0], ',5')):
                return 1
            self.at.poll(20)
        return 0

    # -- registration -------------------------------------------------------------

    def registered(self):
        imsi = self.ask('AT+CIMI')
        self.state['registered'] = '1'
        if imsi:
            self.state['imsi'] = imsi[0]
        self.journal.save(self.state)
        self.backoff = BACKOFF_FIRST
        self.report.event('REGISTERED')

    def register(self):
        """Register once per SIM; again with back-off until the ack comes.  A SIM
        taken out makes the agent forget its registration, so the SIM coming back
        registers again (the note's critical scenario, from the module side)."""
        result, imsi = self.at.command('AT+CIMI')
        now = self.clock.secCounter()
        if result == '+CME ERROR: 10' and self.get('registered'):
            self.state['imsi'] = ''
            self.put('registered', '')
            self.report.event('SIM-REMOVED')
        if result != 'OK':
            self.next_registration = now + BACKOFF_FIRST
            return
        if self.get('registered') == '1' and self.get('imsi') == imsi[0]:
            self.next_registration = now + BACKOFF_FIRST
            return
        cfg = self.cfg
        if cfg['protocol'] != 'sms' and not self.attached():
            self.next_registration = now + 10
            return
        if cfg['protocol'] == 'sms':
            self.at.command('AT#OTASNAP="%s"' % cfg['server_number'])
        else:
            bearer = 1
            if cfg['bearer'] == 'csd':
                bearer = 0
            self.at.command('AT#OTASNAIPCFG=%d,"%s"' % (bearer, cfg['apn']))
            self.at.command('AT#OTASNAIP=%d,"%s"' % (cfg['server_port'], cfg['server_ip']))
            if cfg['protocol'] == 'tcp':
                self.at.command('AT#OTAIPCFG=%d,"%s"' % (cfg['server_port'], cfg['server_ip']))
        self.report.event('REGISTERING', cfg['protocol'])
        self.next_registration = self.clock.secCounter() + self.backoff
        self.backoff = min(self.backoff * 2, BACKOFF_MAX)

    # -- the loop -----------------------------------------------------------------

    def step(self, timeout=10):
        """Call from the application loop: URCs, watchdog, answers, registration."""
        self.at.poll(timeout)
        if self.cfg['watchdog']:
            self.clock.watchdogReset()
        if self.stopped:
            return
        now = self.clock.secCounter()
        if self.asked_at >= 0:
            self.answer()
        if self.phase() == 'snapshot' and now - compat.atoi(self.get('at', '0')) > REQUEST_STALE:
            self.report.event('REQUEST-ENDED')
            self.finish()
        if self.phase() == 'idle' and now >= self.next_registration:
            self.register()
        every = self.cfg['update_every']
        if every and self.cfg['protocol'] == 'tcp' and self.phase() == 'idle':
            if self.next_update == 0:
                self.next_update = now + every * 3600
            elif now >= self.next_update:
                self.next_update = now + every * 3600
                self.request_update()


def inhibited(line):
    """True for the commands the note inhibits during the download."""
    body = line[2:]
    for name in INHIBITED:
        if compat.startswith(body, name):
            if name == 'D' or compat.contains(name, '=') or body[len(name):len(name) + 1] == '=':
                return 1
    return 0
