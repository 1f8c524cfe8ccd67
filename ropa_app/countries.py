"""Where a country stands under GDPR chapter V, from the dated table in resources/countries.toml."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache

from ropa_app.catalogue import NOT_STATED, REGIONS
from ropa_app.paths import resource_path

EEA = "eea"
ADEQUACY = "adequacy"
ADEQUACY_CONDITIONAL = "adequacy_conditional"  # adequacy for some recipients only (US: DPF-certified)
THIRD_COUNTRY = "third_country"
UNKNOWN = "not_stated"

NEEDS_MECHANISM = (THIRD_COUNTRY, ADEQUACY_CONDITIONAL)


@dataclass(frozen=True)
class CountryStatus:
    code: str
    status: str  # EEA | ADEQUACY | ADEQUACY_CONDITIONAL | THIRD_COUNTRY | UNKNOWN
    decision: str = ""
    condition_nb: str = ""
    condition_en: str = ""

    @property
    def is_transfer(self) -> bool:
        """Outside the EEA: a transfer the register must name (art. 30(1)(e))."""
        return self.status in (ADEQUACY, ADEQUACY_CONDITIONAL, THIRD_COUNTRY)

    @property
    def needs_mechanism(self) -> bool:
        return self.status in NEEDS_MECHANISM

    def condition(self, lang: str) -> str:
        return self.condition_en if lang == "en" else self.condition_nb


@lru_cache(maxsize=1)
def _table() -> dict:
    with resource_path("countries.toml").open("rb") as fh:
        return tomllib.load(fh)


def table_date() -> str:
    return _table()["date"]


@lru_cache(maxsize=1024)  # the same few codes, asked for every recipient of every activity
def classify(code: str) -> CountryStatus:
    code = (code or "").strip().upper()
    if not code or code == NOT_STATED.upper():
        return CountryStatus(NOT_STATED, UNKNOWN)
    if code in REGIONS or code in _table()["eea"]:
        return CountryStatus(code, EEA)
    adequacy = _table().get("adequacy", {}).get(code)
    if adequacy:
        conditional = bool(adequacy.get("condition_nb"))
        return CountryStatus(code, ADEQUACY_CONDITIONAL if conditional else ADEQUACY, adequacy.get("decision", ""),
                             adequacy.get("condition_nb", ""), adequacy.get("condition_en", ""))
    return CountryStatus(code, THIRD_COUNTRY)


def country_name(code: str, lang: str = "nb") -> str:
    if (code or "").lower() == NOT_STATED:
        from ropa_app.i18n import t

        return t("country.not_stated", lang)
    names = _table()["names"].get((code or "").upper())
    if not names:
        return code
    return names[1] if lang == "en" else names[0]


@lru_cache(maxsize=1)
def _codes_by_name() -> dict[str, str]:
    return {" ".join(name.split()).casefold(): code for code, names in _table()["names"].items() for name in names}


def code_of_name(name: str) -> str | None:
    """The code of a country named as the register writes it, in bokmål or English («Norge», «Norway»)."""
    return _codes_by_name().get(" ".join((name or "").split()).casefold())


def known_codes() -> list[str]:
    return sorted(_table()["names"])
