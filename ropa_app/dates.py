"""Dates and times as the user's language writes them (no locale database needed: two languages, fixed forms)."""
from __future__ import annotations

import datetime as dt

MONTHS = {
    "nb": ("januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober",
           "november", "desember"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
}


def parse(value: str | dt.datetime) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        return value
    try:
        stamp = dt.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=dt.timezone.utc)


def local(value: str | dt.datetime) -> dt.datetime | None:
    """The moment in the machine's local time zone (stored times are UTC)."""
    stamp = parse(value)
    return stamp.astimezone() if stamp else None


def format_datetime(value: str | dt.datetime, lang: str = "nb", *, to_local: bool = True) -> str:
    """nb: '24.11.2026 kl. 10:15'; en: '24 Nov 2026 10:15'. Unparseable input is returned as given."""
    stamp = local(value) if to_local else parse(value)
    if stamp is None:
        return str(value or "")
    if lang == "en":
        return f"{stamp.day} {MONTHS['en'][stamp.month - 1][:3]} {stamp.year} {stamp:%H:%M}"
    return f"{stamp:%d.%m.%Y} kl. {stamp:%H:%M}"


def format_date_long(value: str | dt.datetime, lang: str = "nb", *, to_local: bool = True) -> str:
    """nb: '24. november 2026'; en: '24 November 2026'."""
    stamp = local(value) if to_local else parse(value)
    if stamp is None:
        return str(value or "")
    if lang == "en":
        return f"{stamp.day} {MONTHS['en'][stamp.month - 1]} {stamp.year}"
    return f"{stamp.day}. {MONTHS['nb'][stamp.month - 1]} {stamp.year}"
