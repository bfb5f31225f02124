# Transparent bridge: forwards bytes between SER (the host) and MDM2 (a socket).
import SER
import MDM2
import MOD

def pump(source, sink, name):
    data = source.read()
    if data:
        sink.send(data, 0)
        return len(data)
    return 0

SER.set_speed('9600', '8N1')
moved = 0
while 1:
    moved = moved + pump(SER, MDM2, 'up')
    moved = moved + pump(MDM2, SER, 'down')
    if moved > 10000:
        print 'moved', moved
        moved = 0
    MOD.sleep(1)
