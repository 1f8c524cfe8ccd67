"""The schema's version as names only (no sqlite-utils import): what opening a file checks against.

Every migration in ropa_app/store/migrations.py is listed here in order; migrations.py asserts the two agree."""
from __future__ import annotations

MIGRATION_SET = "ropa"
MIGRATION_NAMES = ("m001_initial", "m002_recipient_locations", "m003_answers", "m004_activity_ids_never_reused",
                   "m006_processor_register", "m007_dpo_appointed",
                   "m008_has_joint_controllers", "m009_needs_representative")
SCHEMA_VERSION = len(MIGRATION_NAMES)
