"""The module's parts that hold state of their own: SIM card, flat file store, GPIO, GPS receiver."""
