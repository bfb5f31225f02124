"""Deploy scripts to Telit Python modules over a serial port."""
