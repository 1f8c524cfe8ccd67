"""What an activity gets from its vendor services: a read-only summary (each fact with its vendor named), the
optional "if chosen" data categories to confirm or decline, and recipients whose processing location the user must
find out. The summary reuses the register's own column texts (ropa_app.columns) over the inherited facts only."""
from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ropa_app import columns
from ropa_app.countries import country_name
from ropa_app.i18n import t
from ropa_app.model import english_gap
from ropa_app.register import CONFIRMED, DECLINED, OPEN, Entry
from ui.i18n import current, tr
from ui.pages import push_button, subheading
from ui.pages.activity_fields import SteadyComboBox, gap_html

LOCATION_GAPS = ("location_unknown", "location_unknown_vendor", "recipient_unnamed", "location_read",
                 "transfer_mechanism_missing")
DECISION_CHOICES = (OPEN, CONFIRMED, DECLINED)


def vendor_entry(entry: Entry) -> Entry:
    """The entry with everything the company wrote itself left out: what the vendors bring."""
    recipients = tuple(r for r in entry.recipients if r.origin is not None)
    return replace(entry, data_subjects=(), data_categories=tuple(c for c in entry.data_categories if c.origin),
                   retention="", security_measures="", recipients=recipients,
                   transfers=tuple(tr_ for tr_ in entry.transfers if tr_.origin is not None), transfers_note="")


def _paragraphs(text: str) -> str:
    return "<br>".join(html.escape(line) for line in text.splitlines() if line.strip())


def vendor_summary_html(entry: Entry, lang: str) -> str:
    """The inherited facts as escaped HTML, in the register's words; "" when no vendor service supports it."""
    if not entry.services:
        return ""
    e = vendor_entry(entry.in_language(lang))  # ROPA's own words (the duties: its summary) in the UI's language
    sections = [
        (t("column.processors", lang), columns.processors_text(e, lang)),
        (t("column.data_subjects", lang), columns.subjects_text(e, lang)),
        (t("column.data_categories", lang), columns.categories_text(e, lang)),
        (t("column.retention", lang), columns.retention_text(e, lang)),
        (t("column.security", lang), columns.security_text(e, lang)),
        (t("column.recipients", lang), columns.recipients_text(e, lang)),
        (t("column.third_countries", lang), columns.third_country_text(e, lang)),
    ]
    if e.transfers or e.unknown_locations or columns.vendor_transfer_statements(e, lang):
        sections.append((t("column.safeguards", lang), columns.safeguards_text(e, lang)))
    terms = "\n".join(f"• {columns.vendor_says(f, lang)}" for f in e.vendor_terms)
    if terms:
        sections.append((tr("ui.activities.vendor.terms"), terms))
    duties = "\n".join(f"• {f.text} {t('register.from_vendor', lang, vendor=f.origin.vendor)}"
                       for f in e.customer_duties)
    if duties:
        sections.append((tr("ui.activities.vendor.duties"), duties))
    parts = []
    for title, text in sections:
        if text.strip():
            parts.append(f"<p style='margin-top:8px'><b>{html.escape(title)}</b><br>{_paragraphs(text)}</p>")
    return "".join(parts)


def _clear(layout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget()
        if widget is not None:
            widget.hide()
            widget.deleteLater()  # may be the sender of the signal being handled


class OptionalCategories(QWidget):
    """One row per optional category: name, data subject, vendor, and a decision (pushes DecideCategory)."""

    def __init__(self, on_decide: Callable[[str, str, str, str | None], None]) -> None:
        super().__init__()
        self.on_decide = on_decide
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.heading = subheading(tr("ui.activities.optional.heading"))
        self.hint = QLabel(tr("ui.activities.optional.hint"))
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #5f6368;")
        layout.addWidget(self.heading)
        layout.addWidget(self.hint)
        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setColumnStretch(0, 1)
        layout.addWidget(self.grid_host)
        self.combos: dict[str, QComboBox] = {}  # "service_key:category" (the gap's field) → its decision
        self._keys: list[tuple] = []
        self._loading = False

    def set_entry(self, entry: Entry | None) -> None:
        categories = [c for c in entry.data_categories if c.optional and c.origin] if entry else []
        keys = [(c.origin.service_key, c.subject, c.name) for c in categories]
        if keys != self._keys:
            self._rebuild(categories)
            self._keys = keys
        self._loading = True
        try:
            for c in categories:
                combo = self.combos[f"{c.origin.service_key}:{c.name}"]
                combo.setCurrentIndex(DECISION_CHOICES.index(c.decision or OPEN))
                combo.setStyleSheet("color: #a15c00;" if (c.decision or OPEN) == OPEN else "")
        finally:
            self._loading = False
        self.setVisible(bool(categories))

    def _rebuild(self, categories) -> None:
        _clear(self.grid)
        self.combos = {}
        lang = current()
        for number, c in enumerate(categories):
            subject = columns.subject_label(c.subject, lang)
            text = (f"<b>{html.escape(c.name)}</b> – {html.escape(subject)} "
                    f"{html.escape(t('register.from_vendor', lang, vendor=c.origin.vendor))}")
            if c.monitoring:
                text += f"<br><span style='color:#3d5a80'>{html.escape(tr('ui.activities.optional.monitoring'))}</span>"
            label = QLabel(text)
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setToolTip(c.description)
            combo = SteadyComboBox()
            combo.setObjectName(f"category_{c.origin.service_key}_{c.name}")
            combo.setAccessibleName(tr("ui.activities.optional.accessible", category=c.name))
            for choice in DECISION_CHOICES:
                combo.addItem(tr(f"ui.activities.optional.{choice}"), choice)
            combo.currentIndexChanged.connect(
                lambda index, cat=c, box=combo: self._decided(cat, box.itemData(index)))
            label.setBuddy(combo)
            self.grid.addWidget(label, number, 0)
            self.grid.addWidget(combo, number, 1, Qt.AlignmentFlag.AlignTop)
            self.combos[f"{c.origin.service_key}:{c.name}"] = combo

    def retranslate(self) -> None:
        self.heading.setText(tr("ui.activities.optional.heading"))
        self.hint.setText(tr("ui.activities.optional.hint"))
        self._keys = []  # the rows are built again, in the new language, at the next set_entry

    def _decided(self, category, choice: str) -> None:
        if not self._loading:
            self.on_decide(category.origin.service_key, category.subject, category.name,
                           None if choice == OPEN else choice)


class RecipientLocations(QWidget):
    """Recipients whose processing location or transfer mechanism is missing (and those the user has stated),
    each with a button that opens the RecipientDialog."""

    def __init__(self, on_register: Callable[[str], None]) -> None:
        super().__init__()
        self.on_register = on_register
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.heading = subheading(tr("ui.activities.locations.heading"))
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setColumnStretch(0, 1)
        layout.addWidget(self.grid_host)
        self.buttons: dict[str, QPushButton] = {}
        self.labels: dict[str, QLabel] = {}
        self._names: list[str] = []

    def set_entry(self, entry: Entry | None, gaps) -> None:
        if entry is None:
            names, open_gaps = [], {}
        else:
            open_gaps: dict[str, list] = {}
            for gap in gaps:
                if gap.code in LOCATION_GAPS and gap.field.startswith("recipient:"):
                    open_gaps.setdefault(gap.field.split(":", 1)[1], []).append(gap)
            resolved = [r.name for r in entry.recipients if r.resolved_by_user and r.origin is not None]
            names = list(dict.fromkeys([r.name for r in entry.recipients if r.name in open_gaps] + resolved))
        if names != self._names:
            self._rebuild(names)
            self._names = names
        lang = current()
        for name in names:
            recipient = next(r for r in entry.recipients if r.name == name)
            where = ", ".join(country_name(loc.code, lang) for loc in recipient.locations)
            via = f" ({t('register.for_vendor', lang, vendor=recipient.via)})" if recipient.via else ""
            shown = (recipient.name_en or name) if lang == "en" else name  # ROPA's name for it, in English
            text = f"<b>{html.escape(shown)}</b>{html.escape(via)} – {html.escape(where)}"
            if recipient.mechanism and recipient.resolved_by_user:
                text += f"<br>{html.escape(recipient.mechanism)}"
            pending = open_gaps.get(name, [])
            if pending:
                names_en = entry.names_en if lang == "en" else {}
                text += "<br>" + gap_html([(g.severity, columns.gap_text(english_gap(g, names_en), lang))
                                           for g in pending])
            self.labels[name].setText(text)
            self.buttons[name].setText(tr("ui.activities.locations.register" if pending
                                          else "ui.activities.locations.change"))
        self.setVisible(bool(names))

    def retranslate(self) -> None:
        self.heading.setText(tr("ui.activities.locations.heading"))
        self._names = []  # the rows are built again, in the new language, at the next set_entry

    def _rebuild(self, names: list[str]) -> None:
        _clear(self.grid)
        self.buttons, self.labels = {}, {}
        for number, name in enumerate(names):
            label = QLabel()
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.RichText)
            button = push_button()
            button.setObjectName(f"recipient_{name}")
            button.setAccessibleName(tr("ui.activities.locations.accessible", name=name))
            button.clicked.connect(lambda _=False, n=name: self.on_register(n))
            # The button under its recipient, not beside it: the editor must fit a scaled laptop screen.
            self.grid.addWidget(label, 2 * number, 0)
            self.grid.addWidget(button, 2 * number + 1, 0, Qt.AlignmentFlag.AlignLeft)
            self.labels[name], self.buttons[name] = label, button
