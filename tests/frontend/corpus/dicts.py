d = {'b': 2, 'a': 1}
d['c'] = 3
k = d.keys()
k.sort()
print k, d.has_key('a'), d.has_key('z'), len(d)
v = d.values()
v.sort()
print v
items = d.items()
items.sort()
print items
print d.get('a'), d.get('z'), d.get('z', 0)
e = d.copy()
e.update({'d': 4})
k = e.keys()
k.sort()
print k
try:
    print d['zz']
except KeyError, err:
    print 'KeyError:', err
try:
    d.pop('a')
except AttributeError, err:
    print 'AttributeError:', err
del d['b']
k = d.keys()
k.sort()
print k
d.clear()
print d, {}
nested = {(1, 2): 'tuple key', 3: [1, 2]}
print nested[(1, 2)], nested[3]
count = {}
for w in ['a', 'b', 'a', 'c', 'a']:
    if count.has_key(w):
        count[w] = count[w] + 1
    else:
        count[w] = 1
keys = count.keys()
keys.sort()
for key in keys:
    print key, count[key]
