"""What the register reads from the user's own free text: the countries an activity's transfers text names (each is
a transfer the register lists and checks), whether that text records a transfer mechanism, and words in a purpose
that point to special categories of personal data (art. 9). Plain functions over strings; any text is safe."""
from __future__ import annotations

import functools
import re


def _dedupe(items) -> tuple:
    return tuple(dict.fromkeys(items))


@functools.lru_cache(maxsize=1)
def _country_words() -> tuple[tuple[re.Pattern, str], ...]:
    """Country names (bokmål and English) and ISO codes as whole words, longest first ("Sør-Korea" before "Korea")."""
    from ropa_app.countries import _table

    words: dict[str, str] = {}
    for code, names in _table()["names"].items():
        for name in names:
            words[name.casefold()] = code
    patterns = [(re.compile(rf"(?<![\w-]){re.escape(w)}(?![\w-])", re.IGNORECASE), c)
                for w, c in sorted(words.items(), key=lambda kv: -len(kv[0]))]
    return tuple(patterns)


_ISO_CODE = re.compile(r"(?<![\w-])([A-Z]{2})(?![\w-])")


def countries_named_in(text: str) -> tuple[str, ...]:
    """The countries a free text names: by name in bokmål or English (any case), or by ISO code in capitals.

    The activity's transfers field is the company's own answer to art. 30(1)(e); a country it names is a transfer
    the register lists, checks and carries to the transfers section (a country written there is not merely a note
    on one row)."""
    if not text.strip():
        return ()
    from ropa_app.countries import _table

    found: list[tuple[int, str]] = []  # (where in the text, code): reported in the order the text names them
    rest = text
    for pattern, code in _country_words():
        for match in pattern.finditer(rest):
            found.append((match.start(), code))
        rest = pattern.sub(lambda m: " " * len(m.group()), rest)  # keep positions; a name is read once
    names = _table()["names"]
    found += [(m.start(), m.group(1)) for m in _ISO_CODE.finditer(rest) if m.group(1) in names]
    return _dedupe(code for _, code in sorted(found))


_MECHANISM_WORDS = ("standardkontrakt", "standard contractual", "scc", "2021/914", "bindende virksomhetsregler",
                    "binding corporate", "bcr", "data privacy framework", "dpf", "art. 46", "artikkel 46",
                    "article 46", "art. 49", "artikkel 49", "article 49", "adekvans", "adequacy", "samtykke",
                    "consent", "sertifisering", "certification", "atferdsnorm", "code of conduct")


def names_a_mechanism(text: str) -> bool:
    """Whether a free text records a transfer mechanism (SCCs, BCR, DPF, art. 46/49, adequacy, ...)."""
    low = text.casefold()
    return any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", low) for w in _MECHANISM_WORDS)


@functools.lru_cache(maxsize=1)
def _special_sign_words() -> tuple[tuple[str, str], ...]:
    import tomllib

    from ropa_app.paths import resource_path

    with resource_path("special_category_signs.toml").open("rb") as fh:
        data = tomllib.load(fh)
    return tuple((w.casefold(), category) for category, words in data["signs"].items() for w in words)


@functools.lru_cache(maxsize=1)
def _special_sign_pattern() -> re.Pattern:
    """One pattern for every sign word (longest first, so "pasientjournal" is read before "pasient")."""
    words = sorted({w for w, _ in _special_sign_words()}, key=len, reverse=True)
    return re.compile(r"(?<!\w)(" + "|".join(re.escape(w) for w in words) + ")")


def special_signs_in(purpose: str) -> tuple[str, ...]:
    """Words in a purpose that point to special categories (art. 9): «pasient», «helse», «fagforening»... The
    list is data (resources/special_category_signs.toml); a word matches at the start of a word, so «pasienter»
    and «helseopplysninger» count. In the order the purpose names them."""
    if not purpose:
        return ()
    return _dedupe(_special_sign_pattern().findall(purpose.casefold()))


@functools.lru_cache(maxsize=1)
def _dpia_always_words() -> tuple[str, ...]:
    import tomllib

    from ropa_app.paths import resource_path

    with resource_path("special_category_signs.toml").open("rb") as fh:
        data = tomllib.load(fh)
    return tuple(w.casefold() for words in data["dpia_always"].values() for w in words)


@functools.lru_cache(maxsize=256)
def always_needs_dpia(category: str) -> bool:
    """Whether a data category flagged as a sign of monitoring employees is a recording (of calls, of screens): a
    control measure under arbeidsmiljøloven chapter 9, on Datatilsynet's list of processing that always requires a
    DPIA. Other signs (login times, statistics per agent, a live queue board) are not on the list by themselves.
    The words are data (resources/special_category_signs.toml, [dpia_always]), found anywhere in the name, so
    compounds count («Samtaleopptak», «Skjermbildeopptak»)."""
    name = category.casefold()
    return any(w in name for w in _dpia_always_words())
