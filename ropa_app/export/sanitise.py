"""User text is data: make it safe for spreadsheet cells and PDF paragraph markup, never crash an export."""
from __future__ import annotations

import re

# A cell starting with one of these is read as a formula (or DDE payload) by Excel and by CSV importers.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
EXCEL_CELL_LIMIT = 32_767
# Characters XML 1.0 cannot hold (control characters other than tab/newline/CR, lone surrogates, U+FFFE/F).
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def strip_xml_illegal(text: str) -> str:
    return _XML_ILLEGAL.sub("", text)


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_PREFIXES)


def cell_text(value: object, truncated_marker: str = " […]") -> str:
    """Text for a spreadsheet cell: only XML-legal characters, at most 32,767 characters (cut with a visible
    marker when longer). The xlsx writer stores it as a string with Excel's quote prefix when it
    :func:`looks_like_formula`, so it shows exactly as typed and is never a formula."""
    text = strip_xml_illegal("" if value is None else str(value))
    if len(text) > EXCEL_CELL_LIMIT:
        text = text[: EXCEL_CELL_LIMIT - len(truncated_marker)] + truncated_marker
    return text


def paragraph_text(value: object) -> str:
    """Text for a reportlab Paragraph: markup characters escaped, line breaks kept, illegal characters removed."""
    text = strip_xml_illegal("" if value is None else str(value))
    # As xml.sax.saxutils.escape does, without importing it (it brings urllib and http.client: 15 ms a start).
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br/>")
