"""``python -m hostsim``."""
import sys

from hostsim.cli import main

sys.exit(main())
