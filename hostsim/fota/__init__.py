"""Firmware updates: the module's side of PFM (module_side) and the PFM server (pfm)."""
