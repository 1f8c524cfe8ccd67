"""Where in a vendor's document a fact was read, in the reader's language.

The catalogue writes each fact's section in Norwegian («pkt. 10, «Hvordan og når slettes …?»», «tabellrad
«Phonero Bedriftsnett», kolonne «Datatyper»»). What sits inside «…» is the document's own heading or wording and
is shown as the document writes it; the words around it are ROPA's locator vocabulary, translated here, so an
English register reads «item 10, «Hvordan og når slettes …?»». Never imports Qt.
"""
from __future__ import annotations

import re
from functools import lru_cache

QUOTED = re.compile(r"(«[^«»]*(?:«[^«»]*»[^«»]*)*»)")

# Norwegian locator words and their English form, longest first where one contains another. Applied to the text
# outside «…» only; word boundaries keep «Tabell 2» from touching a heading.
_VOCABULARY: tuple[tuple[str, str], ...] = (
    (r"\btabellrad\b", "table row"),
    (r"\bkolonnene\b", "columns"),
    (r"\bkolonne\b", "column"),
    (r"\brad\b", "row"),
    (r"\bTabell\b", "Table"),
    (r"\btabell\b", "table"),
    (r"\binnledning\b", "introduction"),
    (r"\bfotnote\b", "footnote"),
    (r"\bpkt\.", "item"),
    (r"\b(\d+)\. strekpunkt\b", r"bullet \1"),
    (r"\bstrekpunkt\b", "bullet"),
    (r"\bavsnitt\b", "paragraph"),
    (r"\bog\b", "and"),
    (r"\btil\b", "to"),
    (r"\bmed\b", "with"),
    (r"\bsetning\b", "sentence"),
)
# The words a test holds every English section free of, outside the document's quoted headings.
NORWEGIAN_LOCATOR_WORDS = ("tabellrad", "kolonne", "kolonnene", "rad", "tabell", "innledning", "fotnote", "pkt",
                           "strekpunkt", "avsnitt", "og", "til", "med", "setning")


def outside_quotes(section: str) -> list[str]:
    """The parts of a section that are ROPA's words (not the document's quoted headings)."""
    return [part for part in QUOTED.split(section) if not part.startswith("«")]


@lru_cache(maxsize=2048)
def section_text(section: str, lang: str) -> str:
    """A section locator in ``lang``: Norwegian as catalogued; English with the document's quoted words kept."""
    if lang != "en" or not section:
        return section
    out = []
    for part in QUOTED.split(section):
        if not part.startswith("«"):
            for pattern, english in _VOCABULARY:
                part = re.sub(pattern, english, part)
        out.append(part)
    return "".join(out)
