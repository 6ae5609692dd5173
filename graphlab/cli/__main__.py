"""``python -m graphlab.cli`` (what ``torchrun -m graphlab.cli train ...`` runs)."""

import sys

from graphlab.cli import main

sys.exit(main())
