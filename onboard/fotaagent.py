# fotaagent: keeps a Telit module's settings and service through PFM firmware updates
# (README: "The onboard FOTA agent").  Onboard dialect.
import MOD
import SER
import MDM
import atlayer
import compat
import config
import journal
import report

# after 'AT': the commands the download inhibits
INHIBITED = ['#GPRS=', '#SGACT=', '+CGATT=', '+CGACT=', 'D', '+COPS=2', '+CFUN=4', '+CGCLASS=']
# PFM note 8.1: what the firmware keeps; snapshotted and checked like 'keep'
KEPT = ['#ESCRIPT', '#STARTMODESCR', '#CMUXSCR', '#BND', '#AUTOBND', '#ENS', '#SMSMODE',
        '#SELINT', '#COPSMODE', '#ENHSIM', '+COPS', '#SMSATRUNCFG', '#SMSATWL', '#TCPATRUNCFG',
        '#TCPATRUNFRWL', '#TCPATRUNAUTH', '+CGDCONT', '#GSMCONT', '#DNS', '#SGACTCFG', '#SCFG',
        '#SCFGEXT', '+IPR']
# lists whose read lines are set back as entries: (add prefix, clear first)
LISTS = {'#SMSATWL': ('0,', ''), '#TCPATRUNAUTH': ('0,', ''), '#TCPATRUNFRWL': ('1,', '2')}
BACKOFF = 60            # doubling up to BACKOFF_MAX
BACKOFF_MAX = 3600
NETWORK_WAIT = 120
FROZEN_WAIT = 100       # seconds; a validation lasts about 80
REQUEST_STALE = 600     # then a request with no update reboot has ended (test operation)
PIN_TIMEOUT = 100       # tenths of a second: AT+CPIN's answer
GPRS_TIMEOUT = 300      # tenths of a second: AT#GPRS=1's context activation


class Agent:
    def __init__(self, cfg=None, pin=None, at=None, ser=SER, clock=MOD, hook=None):
        if cfg is None:
            cfg = config.load()
            pin = config.load_pin()
        if cfg['report'] != 'ser':
            ser = None
        self.cfg, self.pin, self.clock, self.hook = cfg, pin, clock, hook
        self.at = at or atlayer.AtLayer(MDM, clock)
        self.report = report.Reporter(ser, clock, cfg['log'], cfg['log_size']).event
        self.journal = journal.Journal()
        self.state = self.journal.load()
        self.stopped = ''
        self.next_registration = self.next_update = 0
        self.backoff = BACKOFF
        self.asked_at = -1
        self.ready = 0
        self.at.on_urc('#OTAEV:', self.on_otaev)

    def get(self, key, default=''):
        return self.state.get(key, default)

    def put(self, key, value):
        self.state[key] = value
        self.journal.save(self.state)

    def phase(self):
        return self.get('phase', 'idle')

    def now(self):
        return self.clock.secCounter()

    def command(self, line, timeout=atlayer.COMMAND_TIMEOUT):
        # the application's commands: some are INHIBITED during the download
        if self.phase() == 'downloading' and inhibited(line):
            return 'INHIBITED', []
        return self.at.command(line, timeout)

    def ask(self, line):
        result, lines = self.at.command(line)
        if result == 'OK':
            return lines

    def value_of(self, name):
        # AT<name>? as 'value<tab>value...', None when unreadable
        values = []
        for line in self.ask('AT' + name + '?') or []:
            if compat.startswith(line, name + ':'):
                values.append(compat.strip(line[len(name) + 1:]))
        if values:
            return compat.join(values, '\t')

    def firmware(self):
        return (self.ask('AT+CGMR') or [''])[0]

    def on_network(self, name):
        line = (self.ask('AT' + name + '?') or [''])[0]
        return compat.find(line, ',1') >= 0 or compat.find(line, ',5') >= 0

    def start(self):
        if self.cfg['watchdog']:
            self.clock.watchdogEnable(self.cfg['watchdog'])
        # AT is frozen while a validation resumed after a power loss goes on
        deadline = self.now() + FROZEN_WAIT
        while self.at.command('ATE0')[0] == 'TIMEOUT' and self.now() < deadline:
            self.tick()
        self.at.command('AT+CMEE=1')
        self.report('BOOT', self.firmware())
        self.enter_pin()
        self.ready = 1
        if self.phase() != 'idle':
            self.recover()

    def tick(self):
        if self.cfg['watchdog']:
            self.clock.watchdogReset()

    def enter_pin(self):
        # one attempt, only with all three left
        lines = self.ask('AT+CPIN?')
        if lines is None:
            return self.stop('NO-SIM')
        answer = compat.join(lines, ' ')
        if compat.find(answer, 'READY') >= 0:
            return
        if compat.find(answer, 'SIM PIN') < 0:
            return self.stop('PUK-REQUIRED')
        left = self.ask('AT#PCT')
        if self.pin is None or left is None or compat.atoi(left[0][5:]) != 3:
            return self.stop('PIN-REQUIRED')
        if self.at.command('AT+CPIN=' + self.pin, PIN_TIMEOUT)[0] != 'OK':
            return self.stop('PIN-REJECTED')
        self.report('PIN-ENTERED')

    def stop(self, why):
        self.stopped = why
        self.report('STOPPED', why)

    def on_otaev(self, line):
        event = line[len('#OTAEV: '):]
        if event == 'Registered':
            self.registered()
        elif event == 'Do you want to upgrade the firmware?':
            self.report('REQUEST', 'manual')
            self.snapshot()
            self.asked_at = self.now()
            self.answer()
        elif event == 'Automatic Fw Upgrade Requested':
            self.report('REQUEST', 'automatic')
            self.snapshot()
        elif event == 'Start Fw Download':
            self.snapshot()
            self.put('phase', 'downloading')
            self.report('DOWNLOAD')
        elif event == 'Fw Download Complete':
            self.state['at'] = str(self.now())
            self.put('phase', 'updating')
            self.report('DOWNLOADED')
        elif event == 'OTA FW Upgrade Failed':
            self.report('FAILED')
            self.end('failed')
        elif event == 'User Answer Timeout':
            self.report('ANSWER-TIMEOUT')
            self.finish()
        elif event == 'Server notified about successfull FW Upgrade':
            self.report('SERVER-NOTIFIED')
        elif event == 'Notified':
            self.report('QUERIED')

    def answer(self):
        policy = self.cfg['answer']
        if policy == 'hook' and self.hook is not None:
            policy = self.hook('request')
        if policy == 'hold' and self.now() - self.asked_at < self.cfg['answer_hold']:
            return
        self.asked_at = -1
        if policy == 'decline':
            self.at.command('AT#OTASUAN=0')
            self.report('DECLINED')
            self.finish()
        else:
            self.at.command('AT#OTASUAN=1')
            self.report('ACCEPTED')

    def request_update(self):
        self.snapshot()
        result = self.at.command('AT#OTAIPUPD')[0]
        if result != 'OK':
            self.report('UPDATE-REFUSED', result)
            self.finish()
        return result

    def snapshot(self):
        if self.phase() != 'idle':
            return
        state = {'phase': 'snapshot', 'fw': self.firmware(), 'registered': self.get('registered'),
                 'imsi': self.get('imsi'), 'at': str(self.now())}
        names = []
        for name in self.cfg['keep'] + KEPT:
            value = self.value_of(name)
            if value is not None:
                state['set.' + name] = value
                names.append(name)
        if self.value_of('#GPRS') == '1':
            state['open.gprs'] = '1'
        self.state = state
        self.journal.save(state)
        if self.cfg['ipr']:
            self.at.command('AT+IPR=%d' % self.cfg['ipr'])
        self.report('SNAPSHOT', compat.join(names, ','))

    def end(self, outcome):
        # a request that ends without the update reboot: restore (once started)
        if self.phase() in ('snapshot', 'downloading', 'updating'):
            self.state['outcome'] = outcome
            self.put('phase', 'restoring')
        if self.ready and self.phase() == 'restoring':
            self.recover()

    def finish(self):
        if self.phase() == 'snapshot' and self.get('set.+IPR'):
            self.at.command('AT+IPR=' + self.get('set.+IPR'))
        self.state = {'phase': 'idle', 'registered': self.get('registered'),
                      'imsi': self.get('imsi')}
        self.journal.save(self.state)

    def recover(self):
        # every setting written is journalled: a power loss resumes after it (one
        # found equal is not, a second look finds it equal again: fewer flash writes)
        if self.phase() != 'restoring':
            outcome = 'failed'
            if self.firmware() != self.get('fw'):
                outcome = 'updated'
            self.state['outcome'] = outcome
            self.put('phase', 'restoring')
            if outcome == 'updated':
                self.report('UPDATED', self.get('fw') + ' ' + self.firmware())
        count = 0
        keys = list(self.state.keys())
        keys.sort()
        for key in keys:
            name = key[4:]
            if key[:4] == 'set.' and self.get('done.' + key) != '1':
                # only what differs: the firmware keeps 8.1, and a list is not added twice
                if self.value_of(name) != self.state[key]:
                    add, clear = LISTS.get(name, ('', ''))
                    if clear:
                        self.at.command('AT' + name + '=' + clear)
                    for value in compat.split(self.state[key], '\t'):
                        self.at.command('AT' + name + '=' + add + value)
                    count = count + 1
                    self.put('done.' + key, '1')
        if self.get('open.gprs') == '1' and self.get('done.open.gprs') != '1':
            deadline = self.now() + NETWORK_WAIT
            while not self.stopped and self.now() < deadline:
                if self.on_network('+CREG'):
                    self.at.command('AT#GPRS=1', GPRS_TIMEOUT)
                    break
                self.at.poll(20)
            self.put('done.open.gprs', '1')
        self.report('RESTORED', '%d %s' % (count, self.get('outcome')))
        self.finish()

    def registered(self):
        imsi = self.ask('AT+CIMI')
        self.state['registered'] = '1'
        if imsi:
            self.state['imsi'] = imsi[0]
        self.journal.save(self.state)
        self.backoff = BACKOFF
        self.report('REGISTERED')

    def register(self):
        # once per SIM; a SIM taken out is forgotten, so it registers again when back
        result, imsi = self.at.command('AT+CIMI')
        now = self.now()
        if result == '+CME ERROR: 10' and self.get('registered'):
            self.state['imsi'] = ''
            self.put('registered', '')
            self.report('SIM-REMOVED')
        if result != 'OK' or self.get('registered') == '1' and self.get('imsi') == imsi[0]:
            self.next_registration = now + BACKOFF
            return
        cfg = self.cfg
        protocol = cfg['protocol']
        if protocol != 'sms' and not self.on_network('+CGREG'):
            self.next_registration = now + 10
            return
        server = '%d,"%s"' % (cfg['server_port'], cfg['server_ip'])
        if protocol == 'sms':
            self.at.command('AT#OTASNAP="%s"' % cfg['server_number'])
        else:
            gprs = cfg['bearer'] == 'gprs'
            self.at.command('AT#OTASNAIPCFG=%d,"%s"' % (gprs, cfg['apn']))
            self.at.command('AT#OTASNAIP=' + server)
        if protocol == 'tcp':
            self.at.command('AT#OTAIPCFG=' + server)
        self.report('REGISTERING', protocol)
        self.next_registration = self.now() + self.backoff
        self.backoff = min(self.backoff * 2, BACKOFF_MAX)

    def step(self, timeout=10):
        self.at.poll(timeout)
        self.tick()
        if self.stopped:
            return
        now = self.now()
        if self.asked_at >= 0:
            self.answer()
        if self.phase() in ('snapshot', 'updating') and \
           now - compat.atoi(self.get('at', '0')) > REQUEST_STALE:
            self.report('REQUEST-ENDED')
            self.end('ended')
        if self.phase() == 'idle' and now >= self.next_registration:
            self.register()
        every = self.cfg['update_every'] * 3600
        if every and self.cfg['protocol'] == 'tcp' and self.phase() == 'idle':
            last = self.next_update
            if not last or now >= last:
                self.next_update = now + every
                if last:
                    self.request_update()


def inhibited(line):
    for name in INHIBITED:
        if compat.startswith(line[2:], name):
            return 1
    return 0
