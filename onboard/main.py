# main: an example M2M application that survives PFM firmware updates.
#
# Onboard dialect.  Every REPORT_EVERY seconds it reports by SMS; it answers
# an SMS "STATUS" with its state and "UPDATE" with an update request (TCP/IP
# protocol).  The FOTA agent does the firmware-update chores: the
# application only calls agent.step() in its loop and sends its AT commands
# through agent.command(), which refuses the ones a download inhibits.
import MOD
import SER
import compat
import fotaagent

REPORT_NUMBER = '+393330000000'
REPORT_EVERY = 600          # seconds between two reports
FIRST_REPORT_AFTER = 30     # seconds after the start
CTRL_Z = chr(26)            # ends an SMS text at the +CMGS prompt
SMS_PROMPT_TIMEOUT = 50     # tenths of a second: +CMGS's '>' prompt
SMS_SEND_TIMEOUT = 300      # tenths of a second: the network's answer to a sent SMS


class App:
    def __init__(self, agent):
        self.agent = agent
        self.reports = 0
        self.next_report = MOD.secCounter() + FIRST_REPORT_AFTER
        self.inbox = []
        agent.at.on_urc('+CMTI:', self.on_sms)

    def setup(self):
        self.agent.command('AT+CMGF=1')
        self.agent.command('AT+CNMI=1,1,0,0,0')
        SER.send('APP START\r\n')

    def on_sms(self, line):
        index = compat.atoi(compat.split(line, ',')[-1])
        if index is not None:
            self.inbox.append(index)

    def sms(self, number, text):
        result, lines = self.agent.command('AT+CMGS="%s"' % number, SMS_PROMPT_TIMEOUT)
        if result == '>':
            result, lines = self.agent.at.data(text + CTRL_Z, SMS_SEND_TIMEOUT)
        return result

    def read_commands(self):
        while self.inbox:
            index = self.inbox[0]
            del self.inbox[0]
            result, lines = self.agent.command('AT+CMGR=%d' % index)
            self.agent.command('AT+CMGD=%d' % index)
            if result != 'OK' or len(lines) < 2:
                continue
            sender = compat.split(lines[0], '"')[3]
            text = compat.strip(lines[1])
            if text == 'STATUS':
                self.sms(sender, 'fw %s reports %d' % (self.agent.firmware(), self.reports))
            elif text == 'UPDATE':
                self.sms(sender, 'update ' + self.agent.request_update())

    def report_due(self):
        if MOD.secCounter() < self.next_report:
            return
        self.next_report = MOD.secCounter() + REPORT_EVERY
        self.reports = self.reports + 1
        result = self.sms(REPORT_NUMBER, 'report %d' % self.reports)
        SER.send('APP REPORT %d %s\r\n' % (self.reports, result))

    def run(self):
        self.setup()
        while 1:
            self.agent.step(10)
            self.read_commands()
            self.report_due()


agent = fotaagent.Agent()
agent.start()
App(agent).run()
