"""The AT layer: command syntax and declarations (syntax), and the engine that runs a line."""
