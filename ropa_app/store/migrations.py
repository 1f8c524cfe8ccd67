"""The ROPA file's schema, as ordered migrations (sqlite-utils' Migrations). Never edit an applied migration:
add a new one. A file whose applied migrations include a name this list lacks was written by a newer version."""
from __future__ import annotations

from sqlite_utils import Database, Migrations

from ropa_app.store.schema import MIGRATION_SET

migrations = Migrations(MIGRATION_SET)


@migrations()
def m001_initial(db: Database) -> None:
    db.execute("""CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)""")
    db.execute("""
        CREATE TABLE organisation (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            name TEXT NOT NULL DEFAULT '', org_number TEXT NOT NULL DEFAULT '',
            address TEXT NOT NULL DEFAULT '', email TEXT NOT NULL DEFAULT '', phone TEXT NOT NULL DEFAULT '',
            contact_name TEXT NOT NULL DEFAULT '',
            representative_name TEXT NOT NULL DEFAULT '', representative_address TEXT NOT NULL DEFAULT '',
            representative_email TEXT NOT NULL DEFAULT '', representative_phone TEXT NOT NULL DEFAULT '',
            dpo_name TEXT NOT NULL DEFAULT '', dpo_address TEXT NOT NULL DEFAULT '',
            dpo_email TEXT NOT NULL DEFAULT '', dpo_phone TEXT NOT NULL DEFAULT '')""")
    db.execute("INSERT INTO organisation (id) VALUES (1)")
    db.execute("""
        CREATE TABLE joint_controllers (
            id INTEGER PRIMARY KEY, name TEXT NOT NULL, org_number TEXT NOT NULL DEFAULT '',
            contact TEXT NOT NULL DEFAULT '', email TEXT NOT NULL DEFAULT '', phone TEXT NOT NULL DEFAULT '',
            responsibilities TEXT NOT NULL DEFAULT '')""")
    db.execute("""
        CREATE TABLE activities (
            id INTEGER PRIMARY KEY,
            template TEXT NOT NULL DEFAULT '',
            title TEXT NOT NULL DEFAULT '',
            joint_controllers TEXT NOT NULL DEFAULT '', joint_responsibilities TEXT NOT NULL DEFAULT '',
            joint_contact TEXT NOT NULL DEFAULT '',
            owner_name TEXT NOT NULL DEFAULT '', owner_email TEXT NOT NULL DEFAULT '',
            owner_phone TEXT NOT NULL DEFAULT '',
            purpose TEXT NOT NULL DEFAULT '',
            data_subjects TEXT NOT NULL DEFAULT '[]',
            legal_basis TEXT NOT NULL DEFAULT '[]',
            legal_basis_reference TEXT NOT NULL DEFAULT '',
            legitimate_interest_assessment TEXT NOT NULL DEFAULT '',
            special_categories TEXT NOT NULL DEFAULT '[]',
            art9_conditions TEXT NOT NULL DEFAULT '[]',
            art10_basis TEXT NOT NULL DEFAULT '',
            area TEXT NOT NULL DEFAULT '',
            data_categories TEXT NOT NULL DEFAULT '[]',
            security_measures TEXT NOT NULL DEFAULT '',
            retention TEXT NOT NULL DEFAULT '',
            high_risk TEXT NOT NULL DEFAULT '', dpia_done TEXT NOT NULL DEFAULT '',
            dpia_reference TEXT NOT NULL DEFAULT '',
            sources TEXT NOT NULL DEFAULT '[]', systems TEXT NOT NULL DEFAULT '[]',
            recipients TEXT NOT NULL DEFAULT '[]', transfers TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'draft', notes TEXT NOT NULL DEFAULT '',
            created TEXT NOT NULL, updated TEXT NOT NULL)""")
    db.execute("""
        CREATE TABLE catalogue_vendors (
            id TEXT PRIMARY KEY, name TEXT NOT NULL, origin TEXT NOT NULL CHECK (origin IN ('shipped', 'user')),
            facts TEXT NOT NULL)""")
    db.execute("""
        CREATE TABLE catalogue_services (
            key TEXT PRIMARY KEY, vendor TEXT NOT NULL REFERENCES catalogue_vendors(id),
            parent TEXT NOT NULL DEFAULT '', name TEXT NOT NULL,
            origin TEXT NOT NULL CHECK (origin IN ('shipped', 'user')),
            facts TEXT NOT NULL, fingerprint TEXT NOT NULL, position INTEGER NOT NULL DEFAULT 0)""")
    db.execute("""
        CREATE TABLE catalogue_changes (
            id INTEGER PRIMARY KEY, service_key TEXT NOT NULL, detected TEXT NOT NULL,
            from_version TEXT NOT NULL, to_version TEXT NOT NULL,
            old_facts TEXT NOT NULL, new_facts TEXT NOT NULL, acknowledged INTEGER NOT NULL DEFAULT 0)""")
    db.execute("""
        CREATE TABLE adopted_services (
            service_key TEXT PRIMARY KEY REFERENCES catalogue_services(key),
            adopted TEXT NOT NULL, dpa_reference TEXT NOT NULL DEFAULT '')""")
    db.execute("""
        CREATE TABLE activity_services (
            activity_id INTEGER NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
            service_key TEXT NOT NULL REFERENCES adopted_services(service_key) ON DELETE CASCADE,
            PRIMARY KEY (activity_id, service_key))""")
    db.execute("""
        CREATE TABLE category_decisions (
            activity_id INTEGER NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
            service_key TEXT NOT NULL, subject TEXT NOT NULL, category TEXT NOT NULL,
            decision TEXT NOT NULL CHECK (decision IN ('confirmed', 'declined')),
            PRIMARY KEY (activity_id, service_key, subject, category),
            FOREIGN KEY (activity_id, service_key) REFERENCES activity_services(activity_id, service_key)
                ON DELETE CASCADE)""")
    db.execute("""
        CREATE TABLE change_log (
            id INTEGER PRIMARY KEY, at TEXT NOT NULL, who TEXT NOT NULL DEFAULT '',
            entity TEXT NOT NULL, entity_id TEXT NOT NULL DEFAULT '', field TEXT NOT NULL DEFAULT '',
            old TEXT NOT NULL DEFAULT '', new TEXT NOT NULL DEFAULT '')""")
    db.execute("CREATE INDEX change_log_entity ON change_log (entity, entity_id)")


@migrations()
def m002_recipient_locations(db: Database) -> None:
    """What the user found out about a recipient the vendor left vague: where it processes, and under which
    transfer mechanism (adequacy, SCCs, DPF certification, ...)."""
    db.execute("""
        CREATE TABLE recipient_resolutions (
            recipient TEXT PRIMARY KEY, countries TEXT NOT NULL DEFAULT '[]',
            mechanism TEXT NOT NULL DEFAULT '', note TEXT NOT NULL DEFAULT '', updated TEXT NOT NULL)""")
    db.execute("ALTER TABLE adopted_services ADD COLUMN note TEXT NOT NULL DEFAULT ''")


@migrations()
def m003_answers(db: Database) -> None:
    """Questions the register must ask rather than assume (DOMAIN.md: known, unknown and not applicable are three
    answers): whether special categories (art. 9) or criminal-offence data (art. 10) are processed ("" = not yet
    assessed, "no" = the user said not applicable), and why no DPIA is needed where the processing is on
    Datatilsynet's list."""
    db.execute("ALTER TABLE activities ADD COLUMN special_categories_answer TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE activities ADD COLUMN criminal_offences_answer TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE activities ADD COLUMN dpia_not_needed_reason TEXT NOT NULL DEFAULT ''")


_ACTIVITY_COLUMNS = (
    "id", "template", "title", "joint_controllers", "joint_responsibilities", "joint_contact", "owner_name",
    "owner_email", "owner_phone", "purpose", "data_subjects", "legal_basis", "legal_basis_reference",
    "legitimate_interest_assessment", "special_categories", "art9_conditions", "art10_basis", "area",
    "data_categories", "security_measures", "retention", "high_risk", "dpia_done", "dpia_reference", "sources",
    "systems", "recipients", "transfers", "status", "notes", "created", "updated",
    "special_categories_answer", "criminal_offences_answer", "dpia_not_needed_reason")


@migrations()
def m004_activity_ids_never_reused(db: Database) -> None:
    """An activity's id is never given to another one (AUTOINCREMENT), so the change log of a removed activity
    never mixes with a new one's. The table is rebuilt with every column (m001's and m003's three); the
    sequence starts above every id the file has ever used, including removed ones the change log names.
    Runs with foreign keys off (the Store's migrate): dropping the old table must not cascade to the links."""
    db.execute("""
        CREATE TABLE activities_new (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            template TEXT NOT NULL DEFAULT '',
            title TEXT NOT NULL DEFAULT '',
            joint_controllers TEXT NOT NULL DEFAULT '', joint_responsibilities TEXT NOT NULL DEFAULT '',
            joint_contact TEXT NOT NULL DEFAULT '',
            owner_name TEXT NOT NULL DEFAULT '', owner_email TEXT NOT NULL DEFAULT '',
            owner_phone TEXT NOT NULL DEFAULT '',
            purpose TEXT NOT NULL DEFAULT '',
            data_subjects TEXT NOT NULL DEFAULT '[]',
            legal_basis TEXT NOT NULL DEFAULT '[]',
            legal_basis_reference TEXT NOT NULL DEFAULT '',
            legitimate_interest_assessment TEXT NOT NULL DEFAULT '',
            special_categories TEXT NOT NULL DEFAULT '[]',
            art9_conditions TEXT NOT NULL DEFAULT '[]',
            art10_basis TEXT NOT NULL DEFAULT '',
            area TEXT NOT NULL DEFAULT '',
            data_categories TEXT NOT NULL DEFAULT '[]',
            security_measures TEXT NOT NULL DEFAULT '',
            retention TEXT NOT NULL DEFAULT '',
            high_risk TEXT NOT NULL DEFAULT '', dpia_done TEXT NOT NULL DEFAULT '',
            dpia_reference TEXT NOT NULL DEFAULT '',
            sources TEXT NOT NULL DEFAULT '[]', systems TEXT NOT NULL DEFAULT '[]',
            recipients TEXT NOT NULL DEFAULT '[]', transfers TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'draft', notes TEXT NOT NULL DEFAULT '',
            created TEXT NOT NULL, updated TEXT NOT NULL,
            special_categories_answer TEXT NOT NULL DEFAULT '',
            criminal_offences_answer TEXT NOT NULL DEFAULT '',
            dpia_not_needed_reason TEXT NOT NULL DEFAULT '')""")
    columns = ", ".join(_ACTIVITY_COLUMNS)
    db.execute(f"INSERT INTO activities_new ({columns}) SELECT {columns} FROM activities")
    db.execute("DROP TABLE activities")
    db.execute("ALTER TABLE activities_new RENAME TO activities")
    highest = db.execute(
        "SELECT max(coalesce((SELECT max(id) FROM activities), 0), coalesce((SELECT max(CAST(entity_id AS INTEGER)) "
        "FROM change_log WHERE entity = 'activity' AND entity_id GLOB '[0-9]*'), 0))").fetchone()[0]
    db.execute("DELETE FROM sqlite_sequence WHERE name = 'activities'")
    db.execute("INSERT INTO sqlite_sequence (name, seq) VALUES ('activities', ?)", [highest])


@migrations()
def m006_processor_register(db: Database) -> None:
    """The company's role as a processor (art. 30(2)): whether it is one (an organisation setting), the
    controllers it acts for with the processing done for each, the sub-processors it uses for them (a catalogue
    service or a vendor the user names, with countries and transfer mechanism), and its security measures.
    Named m006, not m005: another branch may add an m005; names need not be contiguous."""
    db.execute("ALTER TABLE organisation ADD COLUMN acts_as_processor TEXT NOT NULL DEFAULT ''")
    db.execute("""
        CREATE TABLE processor_role (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            security_measures TEXT NOT NULL DEFAULT '', transfers_note TEXT NOT NULL DEFAULT '')""")
    db.execute("INSERT INTO processor_role (id) VALUES (1)")
    db.execute("""
        CREATE TABLE served_controllers (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL, org_number TEXT NOT NULL DEFAULT '', address TEXT NOT NULL DEFAULT '',
            email TEXT NOT NULL DEFAULT '', phone TEXT NOT NULL DEFAULT '', contact_name TEXT NOT NULL DEFAULT '',
            representative TEXT NOT NULL DEFAULT '', dpo TEXT NOT NULL DEFAULT '',
            dpa_reference TEXT NOT NULL DEFAULT '', dpa_date TEXT NOT NULL DEFAULT '',
            processing TEXT NOT NULL DEFAULT '', data_subjects TEXT NOT NULL DEFAULT '',
            data_categories TEXT NOT NULL DEFAULT '', security_measures TEXT NOT NULL DEFAULT '',
            notes TEXT NOT NULL DEFAULT '', created TEXT NOT NULL, updated TEXT NOT NULL)""")
    db.execute("""
        CREATE TABLE served_sub_processors (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            controller_id INTEGER NOT NULL REFERENCES served_controllers(id) ON DELETE CASCADE,
            service_key TEXT NOT NULL DEFAULT '', name TEXT NOT NULL DEFAULT '',
            countries TEXT NOT NULL DEFAULT '[]', mechanism TEXT NOT NULL DEFAULT '',
            task TEXT NOT NULL DEFAULT '')""")


@migrations()
def m007_dpo_appointed(db: Database) -> None:
    """Whether the company has appointed a data protection officer (art. 37): "" not answered, "no" none appointed
    (the register then says so), "yes" (the DPO's name and contact details say who). Before, an empty DPO name was
    printed as «Ikke utnevnt», an answer nobody gave."""
    db.execute("ALTER TABLE organisation ADD COLUMN dpo_appointed TEXT NOT NULL DEFAULT ''")


@migrations()
def m008_has_joint_controllers(db: Database) -> None:
    """Whether the company shares any processing with joint controllers (art. 26): "" not answered, "no" none
    (every activity's empty joint-controller cell then says so), "yes". Before, an empty cell read «Ingen oppgitt»,
    an answer nobody gave, in an orange column."""
    db.execute("ALTER TABLE organisation ADD COLUMN has_joint_controllers TEXT NOT NULL DEFAULT ''")


@migrations()
def m009_needs_representative(db: Database) -> None:
    """Whether the company must have a representative in the EU/EEA (art. 27, for a controller not established
    there): "" not answered, "no" none needed (the user said the company is established in the EEA; the register
    then says so), "yes". Before, an empty representative read «Ingen oppgitt», an answer nobody gave."""
    db.execute("ALTER TABLE organisation ADD COLUMN needs_representative TEXT NOT NULL DEFAULT ''")


def known_names() -> list[str]:
    return [m.name for m in migrations._migrations]

