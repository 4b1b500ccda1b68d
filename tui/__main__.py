"""``python -m tui`` runs the ``casereader`` command."""

import sys

from tui.cli import main

sys.exit(main())
