"""The module's serial line on a PC: the line emulation, the pty server (serve), telitemu://."""
