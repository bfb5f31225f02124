"""Python 1.5.2: the onboard dialect checker and the 1.5.2 front end."""
