"""Running the module's Python script: runner, script host, start modes, interpreters, shims."""
