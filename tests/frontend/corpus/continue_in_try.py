for i in range(3):
    try:
        continue
    except:
        pass
