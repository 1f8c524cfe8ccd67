"""ROPA core: the record of processing activities (GDPR art. 30). Never imports Qt."""
from __future__ import annotations

__version__ = "0.1.0"
APP_NAME = "ROPA"
