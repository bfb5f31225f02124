"""The ground floor: virtual clock, trace, named errors, settings, models, UART buffers, paths."""
