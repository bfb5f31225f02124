print 'start'
print max(len(word) for word in ['a', 'bc'])
