"""``python -m invoiced_mock serve``."""

import sys

from invoiced_mock.cli import main

sys.exit(main())
