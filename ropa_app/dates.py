"""Dates and times as the user's language writes them (two languages, fixed forms: no locale database needed).

Stored times are ISO 8601 (UTC for edits; the export's made_at carries the local offset). The app shows them in
the machine's time zone; exports pass the time zone of their made_at, so a file exported twice reads the same
wherever it is made."""
from __future__ import annotations

import datetime as dt
import functools

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


def zone_of(value: str | dt.datetime) -> dt.tzinfo | None:
    """The time zone a timestamp was written in (e.g. an export's made_at)."""
    stamp = parse(value)
    return stamp.tzinfo if stamp else None


def _in_zone(value: str | dt.datetime, tz: dt.tzinfo | None) -> dt.datetime | None:
    stamp = parse(value)
    if stamp is None:
        return None
    return stamp.astimezone(tz) if tz is not None else stamp.astimezone()


def _time(stamp: dt.datetime, lang: str) -> str:
    # Bokmål writes the time with a full stop (Språkrådet: «kl. 10.15»); English with a colon.
    return f"{stamp:%H:%M}" if lang == "en" else f"kl. {stamp:%H.%M}"


def _cached_for_stored_text(render):
    """Stored timestamps repeat (a table of 2,000 activities, a change log of 20,000 rows): a text value is
    parsed and formatted once per (value, language, zone); a datetime is formatted as it comes."""
    cached = functools.lru_cache(maxsize=16_384)(render)

    @functools.wraps(render)
    def formatted(value: str | dt.datetime, lang: str = "nb", tz: dt.tzinfo | None = None) -> str:
        return cached(value, lang, tz) if isinstance(value, str) else render(value, lang, tz)

    return formatted


@_cached_for_stored_text
def format_datetime(value: str | dt.datetime, lang: str = "nb", tz: dt.tzinfo | None = None) -> str:
    """nb '24.11.2026 kl. 10.15'; en '24 Nov 2026 10:15'. ``tz`` None: the machine's zone."""
    stamp = _in_zone(value, tz)
    if stamp is None:
        return str(value or "")
    return f"{format_date(stamp, lang, tz)} {_time(stamp, lang)}"


@_cached_for_stored_text
def format_date(value: str | dt.datetime, lang: str = "nb", tz: dt.tzinfo | None = None) -> str:
    """nb '24.11.2026'; en '24 Nov 2026' (narrow table columns)."""
    stamp = _in_zone(value, tz)
    if stamp is None:
        return str(value or "")
    if lang == "en":
        return f"{stamp.day} {MONTHS['en'][stamp.month - 1][:3]} {stamp.year}"
    return f"{stamp:%d.%m.%Y}"


def format_date_long(value: str | dt.datetime, lang: str = "nb", tz: dt.tzinfo | None = None) -> str:
    """nb '24. november 2026'; en '24 November 2026'. A plain date ('2026-11-24') stays that day."""
    if isinstance(value, str) and len(value) == 10:
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            return value
        stamp = dt.datetime(day.year, day.month, day.day)
    else:
        stamp = _in_zone(value, tz)
    if stamp is None:
        return str(value or "")
    if lang == "en":
        return f"{stamp.day} {MONTHS['en'][stamp.month - 1]} {stamp.year}"
    return f"{stamp.day}. {MONTHS['nb'][stamp.month - 1]} {stamp.year}"


def format_datetime_long(value: str | dt.datetime, lang: str = "nb", tz: dt.tzinfo | None = None) -> str:
    """nb '24. november 2026 kl. 10.15'; en '24 November 2026 10:15'."""
    stamp = _in_zone(value, tz)
    if stamp is None:
        return str(value or "")
    return f"{format_date_long(stamp, lang, tz)} {_time(stamp, lang)}"
