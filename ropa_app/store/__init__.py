"""Storage of a ROPA file (SQLite through sqlite-utils). The only package that writes SQL."""
from __future__ import annotations

from ropa_app.store.store import Store, create_ropa, open_ropa

__all__ = ["Store", "create_ropa", "open_ropa"]
