"""``python -m diagrammer``: the same as the ``diagrammer`` command."""

import sys

from diagrammer.cli import main

sys.exit(main())
