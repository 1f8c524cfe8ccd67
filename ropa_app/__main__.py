import sys

from ropa_app.cli import main

sys.exit(main())
