"""``python -m deploy``: the ``telit-deploy`` command."""
import sys

from .cli import main

sys.exit(main())
