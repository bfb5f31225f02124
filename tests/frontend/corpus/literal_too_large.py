print 'never'
x = 2147483648
