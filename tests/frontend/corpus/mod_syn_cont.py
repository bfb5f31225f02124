# an error of the compiler (after parsing): no place, the line in the message
for i in range(3):
    try:
        continue
    except:
        pass
