# An uncaught loop over a dictionary: the traceback names the for line.
settings = {'apn': 'internet'}


def dump(table):
    lines = []
    for key in \
            table:
        lines.append(key)
    return lines


print dump(settings.keys())
print dump(settings)
