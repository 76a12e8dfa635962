import sys

from cdd.cli.main import main

sys.exit(main())
