data = [('b', 2), ('a', 2), ('c', 1), ('d', 3)]
d = data[:]
d.sort()
print d
d.sort(lambda x, y: cmp(x[1], y[1]) or cmp(x[0], y[0]))
print d
d.sort(lambda x, y: -cmp(x, y))
print d
nums = [10, -3, 7, 0, -3, 22]
nums.sort(lambda a, b: cmp(abs(a), abs(b)) or cmp(a, b))
print nums
strs = ['b', 'B', 'a', 'A', 'ab', '']
strs.sort()
print strs
l = [[2, 1], [1, 9], [1, 2, 3], [1, 2]]
l.sort()
print l
t = [(1, 'z'), (1, 'a'), (0, 'q')]
t.sort()
print t, cmp((1, 2), (1, 3)), cmp('b', 'a'), cmp(2, 2)
class Version:
    def __init__(self, text):
        self.parts = map(int, split_dots(text))
        self.text = text
    def __cmp__(self, other):
        return cmp(self.parts, other.parts)
    def __repr__(self):
        return self.text
def split_dots(text):
    out = []
    cur = ''
    for c in text:
        if c == '.':
            out.append(cur)
            cur = ''
        else:
            cur = cur + c
    out.append(cur)
    return out
vs = map(Version, ['07.03.402', '7.3.10', '10.0.1', '07.02.999'])
vs.sort()
print vs, max(vs), Version('1.2') == Version('1.2'), Version('1.10') > Version('1.9')
