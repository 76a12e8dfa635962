import sys

from cdd.cli import main

sys.exit(main())
