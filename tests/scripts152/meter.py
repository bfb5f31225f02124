# meter: reads a meter on SER2 and watches a GPIO input and DTR.
import SER2
import GPIO
import MOD
import SER
import string

class Meter:
    last = None
    readings = 0
    door = 0

def parse(line):
    # 'METER 42' -> 42
    fields = string.split(line)
    if len(fields) == 2 and fields[0] == 'METER':
        return string.atoi(fields[1])
    return None

SER2.set_speed('9600', '8N1')
GPIO.setIOdir(3, 0, 0)
buffer = ''
start = MOD.secCounter()
while MOD.secCounter() - start < 20:
    buffer = buffer + SER2.receive(10)
    while string.find(buffer, '\n') <> -1:
        end = string.find(buffer, '\n')
        line = string.strip(buffer[:end])
        buffer = buffer[end + 1:]
        value = parse(line)
        if value is not None:
            Meter.last = value
            Meter.readings = Meter.readings + 1
            print 'reading', Meter.readings, '=', value
    if GPIO.getIOvalue(3) <> Meter.door:
        Meter.door = GPIO.getIOvalue(3)
        print 'door', ['closed', 'open'][Meter.door], 'at', MOD.secCounter() - start
print 'steady: last reading', Meter.last, 'door', Meter.door, 'dtr', SER.getDTR()
