"""``python -m invoiced_mock serve``."""

import sys

from .cli import main

sys.exit(main())
