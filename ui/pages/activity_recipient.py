"""Registrer behandlingssted: where a recipient processes the data and under which transfer mechanism, as the
vendor answered when asked. Tests patch ``exec`` and drive the widgets."""
from __future__ import annotations

import html
import re

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from ropa_app.countries import classify, country_name
from ropa_app.errors import RopaError
from ropa_app.validation import normalise_country
from ui.i18n import current, tr
from ui.pages import hint

MECHANISM_KEYS = ("scc", "dpf", "bcr", "adequacy")


def parse_codes(text: str) -> list[str]:
    """Country codes typed as 'NO, fi us, uk' → ['NO', 'FI', 'US', 'GB'] (order kept, duplicates dropped; the
    aliases UK and EL become GB and GR, and the reading below the field names the country)."""
    codes = []
    for typed in (c.strip() for c in re.split(r"[,;\s]+", text or "") if c.strip()):
        try:
            codes.append(normalise_country(typed)[0])
        except RopaError:
            codes.append(typed.upper())
    return list(dict.fromkeys(codes))


def invalid_codes(codes: list[str]) -> list[str]:
    """The codes that are not ISO 3166-1 alpha-2 (nor EU/EEA): the core's rule, checked as the user types."""
    wrong = []
    for code in codes:
        try:
            normalise_country(code)
        except RopaError:
            wrong.append(code)
    return wrong


def mechanisms() -> list[str]:
    return [tr(f"ui.activities.mechanism.{key}") for key in MECHANISM_KEYS]


class RecipientDialog(QDialog):
    def __init__(self, parent, name: str, countries: list[str], mechanism: str, note: str = "") -> None:
        super().__init__(parent)
        self.name = name
        self.setWindowTitle(tr("ui.activities.recipient.title", name=name))
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        layout.addWidget(hint(tr("ui.activities.recipient.hint", name=name)))
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.countries = QLineEdit(", ".join(countries))
        self.countries.setObjectName("recipientCountries")
        self.countries.setPlaceholderText(tr("ui.activities.recipient.countries_placeholder"))
        self.countries.setAccessibleName(tr("ui.activities.recipient.countries"))
        self.countries.textChanged.connect(self.validate)
        form.addRow(tr("ui.activities.recipient.countries"), self.countries)
        self.reading = QLabel()
        self.reading.setWordWrap(True)
        form.addRow("", self.reading)
        self.mechanism = QComboBox()
        self.mechanism.setObjectName("recipientMechanism")
        self.mechanism.setEditable(True)
        self.mechanism.addItem("")
        self.mechanism.addItems(mechanisms())
        self.mechanism.setCurrentText(mechanism)
        self.mechanism.setAccessibleName(tr("ui.activities.recipient.mechanism"))
        self.mechanism.setToolTip(tr("ui.activities.recipient.mechanism_tip"))
        self.mechanism.currentTextChanged.connect(self.validate)
        form.addRow(tr("ui.activities.recipient.mechanism"), self.mechanism)
        self.note = QLineEdit(note)
        self.note.setObjectName("recipientNote")
        self.note.setPlaceholderText(tr("ui.activities.recipient.note_placeholder"))
        self.note.setAccessibleName(tr("ui.activities.recipient.note"))
        form.addRow(tr("ui.activities.recipient.note"), self.note)
        layout.addLayout(form)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.validate()

    def codes(self) -> list[str]:
        return parse_codes(self.countries.text())

    def validate(self) -> bool:
        """Read the codes back as country names; OK only with at least one valid code."""
        codes = self.codes()
        wrong = invalid_codes(codes)
        lang = current()
        if wrong:
            text = tr("ui.activities.recipient.invalid", codes=", ".join(wrong))
            colour = "#b3261e"
        elif not codes:
            text, colour = tr("ui.activities.recipient.need_country"), "#5f6368"
        else:
            parts = [f"{country_name(c, lang)} ({tr('country.status.' + classify(c).status)})" for c in codes]
            text, colour = ", ".join(parts), "#5f6368"
            if any(classify(c).needs_mechanism for c in codes) and not self.mechanism.currentText().strip():
                text += "\n" + tr("ui.activities.recipient.needs_mechanism")
                colour = "#a15c00"
        self.reading.setText(f'<span style="color:{colour}">{html.escape(text).replace(chr(10), "<br>")}</span>')
        ok = bool(codes) and not wrong
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)
        return ok

    def values(self) -> dict:
        return {"countries": self.codes(), "mechanism": self.mechanism.currentText().strip(),
                "note": self.note.text().strip()}

    @classmethod
    def get_values(cls, parent, name: str, countries: list[str], mechanism: str,
                   note: str = "") -> tuple[dict, bool]:
        dialog = cls(parent, name, countries, mechanism, note)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted and dialog.validate()
        values = dialog.values()
        dialog.deleteLater()
        return values, bool(accepted)
