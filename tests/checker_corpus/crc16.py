# CRC-16/CCITT for framed telemetry, with a precomputed table.
TABLE = []

def make_table():
    for byte in range(256):
        crc = byte << 8
        for bit in range(8):
            if crc & 0x8000:
                crc = ((crc << 1) ^ 0x1021) & 0xffff
            else:
                crc = (crc << 1) & 0xffff
        TABLE.append(crc)

def crc16(data, crc=0xffff):
    for c in data:
        crc = ((crc << 8) & 0xff00) ^ TABLE[((crc >> 8) ^ ord(c)) & 0xff]
    return crc

def frame(payload):
    crc = crc16(payload)
    return '\x02' + payload + chr(crc >> 8) + chr(crc & 0xff) + '\x03'

make_table()
print hex(crc16('123456789')), `frame('AB')`
