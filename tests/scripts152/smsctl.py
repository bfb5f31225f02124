# smsctl: answers an SMS command, in the style of the Telit SMS samples.
import MDM
import MOD
import string

class State:
    inbox = []
    answered = 0

def at(command, timeout=20):
    MDM.send(command + '\r', 0)
    answer = ''
    while 1:
        chunk = MDM.receive(timeout)
        if not chunk:
            return answer
        answer = answer + chunk
        if answer[-4:] == 'OK\r\n' or answer[-7:] == 'ERROR\r\n':
            return answer

def lines_of(text):
    result = []
    for line in string.split(text, '\r\n'):
        if line:
            result.append(line)
    return result

def on_urc(text):
    # +CMTI: "SM",1
    for line in lines_of(text):
        if line[:6] == '+CMTI:':
            index = string.atoi(string.split(line, ',')[1])
            State.inbox.append(index)

def handle(index):
    answer = lines_of(at('AT+CMGR=%d' % index))
    header = answer[1]
    sender = string.split(header, '"')[3]
    text = string.upper(string.strip(answer[2]))
    print 'sms', index, 'from', sender, ':', text
    if text == 'REPORT':
        reply = 'rssi ' + string.split(string.split(at('AT+CSQ'), ': ')[1], ',')[0]
        MDM.send('AT+CMGS="%s"\r' % sender, 0)
        prompt = ''
        chunk = MDM.receive(50)
        while chunk and string.find(prompt, '>') == -1:
            prompt = prompt + chunk
            chunk = MDM.receive(50)
        if string.find(prompt, '>') == -1:
            raise 'NoPrompt', prompt
        MDM.send(reply + chr(26), 0)
        result = ''
        while string.find(result, 'OK') == -1 and string.find(result, 'ERROR') == -1:
            result = result + MDM.receive(300)
        print 'answered', `reply`
        State.answered = State.answered + 1
    at('AT+CMGD=%d' % index)

at('AT+CMGF=1')
at('AT+CNMI=1,1,0,0,0')
print 'waiting for commands'
while not State.answered:
    on_urc(MDM.receive(50))
    while State.inbox:
        index = State.inbox[0]
        del State.inbox[0]
        try:
            handle(index)
        except 'NoPrompt', what:
            print 'no prompt:', `what`
print 'steady: answered', State.answered
