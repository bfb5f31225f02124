# a tab after spaces: 1.5.2 counts the tab to column 8
if 1:
    x = 1
	y = 2
