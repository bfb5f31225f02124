print 'this never runs'
x = [i * 2 for i in range(3)]
