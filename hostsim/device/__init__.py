"""The assembled module (Module) and its state directory (persist)."""
