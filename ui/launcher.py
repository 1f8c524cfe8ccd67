"""The bundle's one executable: `ropa-app` opens the window; invoked as `ropa` (a link beside it) it is the command
line. One executable instead of two keeps a single copy of the Python code in the bundle."""
from __future__ import annotations

import os
import sys


def main() -> int:
    name = os.path.basename(sys.argv[0]).lower()
    if name.startswith("ropa") and not name.startswith("ropa-app"):
        from ropa_app.cli import main as cli_main

        return cli_main(sys.argv[1:])
    from ui.app import main as app_main

    return app_main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
