# Fixed-width text tables for reports sent over SER; lambdas take values as defaults.
import string

def column(rows, index):
    return map(lambda row, i=index: row[i], rows)

def width(values):
    return reduce(max, map(len, values), 0)

def render(rows):
    widths = []
    for i in range(len(rows[0])):
        widths.append(width(column(rows, i)))
    lines = []
    for row in rows:
        cells = []
        for i in range(len(row)):
            cells.append(string.ljust(row[i], widths[i]))
        lines.append(string.join(cells, ' | '))
    return string.joinfields(lines, '\n')

print render([('id', 'value'), ('1', 'on'), ('22', 'off')])
