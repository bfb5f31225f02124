"""The runtime that translated scripts call: 1.5.2's (or 2.7's) behaviour on Python 3.

Translated code reaches it only through names prefixed ``_r_`` that
:mod:`.builtins152` puts in the script's builtins.
"""
