"""Every text a window shows, and the messages of the other language it contains (issue 8.13)."""
from __future__ import annotations

import re
from functools import lru_cache

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QPlainTextEdit,
    QTextBrowser,
    QWidget,
)

from ropa_app.i18n import messages

TAG = re.compile(r"<[^>]+>")


def shown_texts(root: QWidget) -> list[str]:
    """The texts of ``root`` and its children a user can read (rich text without tags, split into lines)."""
    out: list[str] = [root.windowTitle()]
    widgets = [root, *root.findChildren(QWidget)]
    for w in widgets:
        if not w.isVisibleTo(root) and w is not root and not isinstance(w, QMenu):
            continue
        out += [w.toolTip(), w.accessibleName(), w.accessibleDescription()]
        if isinstance(w, QLabel):
            out.append(w.text())
        elif isinstance(w, QAbstractButton):
            out.append(w.text())
        elif isinstance(w, QLineEdit):
            out += [w.text(), w.placeholderText()]
        elif isinstance(w, QPlainTextEdit):
            out.append(w.placeholderText())
        elif isinstance(w, QComboBox):
            out += [w.itemText(i) for i in range(w.count())]
        elif isinstance(w, QGroupBox):
            out.append(w.title())
        elif isinstance(w, QTextBrowser):
            out += w.toPlainText().splitlines()
        elif isinstance(w, QMenu):
            out += [a.text() for a in w.actions()] + [w.title()]
        if isinstance(w, QListWidget):
            out += [w.item(i).text() for i in range(w.count())]
        elif isinstance(w, QAbstractItemView) and w.model() is not None:
            model = w.model()
            out += [str(model.headerData(c, Qt.Orientation.Horizontal) or "") for c in range(model.columnCount())]
            out += _cells(model)
    for action in root.actions():
        out.append(action.text())
    texts = []
    for text in out:
        text = TAG.sub("\n", str(text or "")).replace("&nbsp;", " ").replace("&", "")
        texts += [line.strip() for line in text.splitlines() if line.strip()]
    return texts


def _cells(model, parent=None, depth: int = 0) -> list[str]:
    from PySide6.QtCore import QModelIndex

    parent = parent or QModelIndex()
    out = []
    for row in range(min(model.rowCount(parent), 300)):
        for column in range(model.columnCount(parent)):
            index = model.index(row, column, parent)
            out += [str(index.data() or ""), str(index.data(Qt.ItemDataRole.ToolTipRole) or "")]
        if depth < 3:
            out += _cells(model, model.index(row, 0, parent), depth + 1)
    return out


@lru_cache(maxsize=2)
def _patterns(lang: str) -> list[tuple[str, re.Pattern, re.Pattern, bool]]:
    """(key, pattern of the message in ``lang``, pattern of it in the other language, whether it is long enough to
    be looked for inside a line) for messages that differ between the languages."""
    other = "en" if lang == "nb" else "nb"
    found = []
    for key, texts in messages().items():
        mine, theirs = texts.get(lang, ""), texts.get(other, "")
        literal = re.sub(r"{\w+}", "", mine).replace("&", "")
        if mine == theirs or len(literal.strip()) < 4:
            continue
        found.append((key, _pattern(mine), _pattern(theirs), len(literal.strip()) >= 20 and " " in literal))
    return found


def _pattern(template: str) -> re.Pattern:
    parts = re.split(r"({\w+})", template.replace("&", ""))
    return re.compile("".join(".+?" if re.fullmatch(r"{\w+}", p) else re.escape(p) for p in parts), re.S)


def data_strings(catalogue) -> set[str]:
    """Every text of the vendor catalogue: the vendors' own words, in their documents' language (never ours)."""
    found: set[str] = set()

    def walk(value) -> None:
        if isinstance(value, str):
            found.add(value.strip())
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, (list, tuple)):
            for item in value:
                walk(item)

    for service in catalogue.services:
        walk(service.to_dict())
    return found


def foreign(texts: list[str], lang: str, data: set[str] = frozenset()) -> list[tuple[str, str]]:
    """(text, key) for every shown text that is a message of ``lang`` while the UI speaks the other language.

    A line counts when it is a message of ``lang`` (at least a few letters), or holds a long one, and is not the
    same message in the UI's language. Vendor quotes and user data are not messages: they never count."""
    from ui.i18n import tr

    quote = _pattern(tr("ui.catalogue.document_says"))  # a vendor's words, marked as a quote in the UI's language
    hits = []
    for text in set(texts) - set(data):
        if quote.fullmatch(text):
            continue
        for key, mine, theirs, long in _patterns(lang):
            found = mine.search(text) if long else mine.fullmatch(text)
            if found and not (theirs.search(text) if long else theirs.fullmatch(text)):
                hits.append((text, key))
                break
    return sorted(hits)
