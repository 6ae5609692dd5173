import sys

from graphlab.cli import main

sys.exit(main())
