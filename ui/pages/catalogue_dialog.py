"""The user's own vendors: a dialog asking for a service the catalogue lacks, and the parsing that turns its text
into catalogue records (kept apart from the shipped ones by a "user-" key)."""
from __future__ import annotations

import datetime as dt
import re
import unicodedata

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
)

from ropa_app.catalogue import (
    NOT_STATED,
    REGIONS,
    SUBJECTS,
    ActivityTemplate,
    Catalogue,
    DataCategory,
    Service,
    Source,
    SubProcessor,
    Vendor,
    load_activity_templates,
)
from ropa_app.countries import country_name, known_codes
from ropa_app.i18n import LANGUAGES, t
from ropa_app.validation import clean_text
from ui.i18n import current, tr
from ui.pages import hint

USER_PREFIX = "user-"
USER_ROLES = ("processor", "independent_controller")
TEXT_FIELDS = ("vendor", "service", "description", "role", "countries", "sub_processors", "data_categories",
               "retention", "security", "activity")
_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "ae", "Ø": "o", "Å": "a"})


class InvalidEntry(ValueError):
    """What is wrong with the dialog's values, in the user's language."""


def slugify(text: str, fallback: str) -> str:
    """'Østlandske Fjøs & Co' -> 'ostlandske-fjos-co' (ascii, æ→ae ø→o å→a)."""
    text = unicodedata.normalize("NFKD", text.translate(_FOLD).lower())
    text = text.encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or fallback


def _lines(text: str) -> list[str]:
    return [line.strip() for line in clean_text(text).split("\n") if line.strip()]


def _country_names() -> dict[str, str]:
    names = {}
    for code in known_codes():
        for lang in LANGUAGES:
            names[country_name(code, lang).casefold()] = code
    return names


def parse_countries(text: str) -> tuple[str, ...]:
    """'NO, se, Tyskland' -> ('NO', 'SE', 'DE'): known codes, EU/EEA, any two-letter code, or a known name."""
    codes: list[str] = []
    names = None
    for token in (p.strip() for p in re.split(r"[,;\n]", clean_text(text))):
        if not token:
            continue
        upper = token.upper()
        if upper in REGIONS or upper in known_codes() or re.fullmatch(r"[A-Z]{2}", upper):
            code = upper
        else:
            names = names if names is not None else _country_names()
            code = names.get(token.casefold(), "")
            if not code:
                raise InvalidEntry(tr("ui.catalogue.dialog.error.country", value=token))
        if code not in codes:
            codes.append(code)
    return tuple(codes)


def parse_sub_processors(text: str) -> list[tuple[str, tuple[str, ...]]]:
    """One per line, 'Name; country codes'; no countries means not stated."""
    out = []
    for number, line in enumerate(_lines(text), start=1):
        name, _, countries = line.partition(";")
        if not name.strip():
            raise InvalidEntry(tr("ui.catalogue.dialog.error.sub_processor", line=number))
        out.append((name.strip(), parse_countries(countries) or (NOT_STATED,)))
    return out


def subject_labels() -> str:
    return ", ".join(tr(f"enum.subject.{s}") for s in SUBJECTS)


def _subject(label: str) -> str | None:
    label = label.strip().casefold()
    if not label:
        return None
    exact = {s: s for s in SUBJECTS}
    for s in SUBJECTS:
        for lang in LANGUAGES:
            exact[t(f"enum.subject.{s}", lang).casefold()] = s
    if label in exact:
        return exact[label]
    starts = {s for s in SUBJECTS for lang in LANGUAGES if t(f"enum.subject.{s}", lang).casefold().startswith(label)}
    return starts.pop() if len(starts) == 1 else None


def parse_categories(text: str) -> list[tuple[str, str]]:
    """One per line, 'subject label: category' -> [(subject key, category)]."""
    out = []
    for number, line in enumerate(_lines(text), start=1):
        label, colon, name = line.partition(":")
        subject = _subject(label) if colon else None
        if subject is None or not name.strip():
            raise InvalidEntry(tr("ui.catalogue.dialog.error.category", line=number, value=line,
                                  subjects=subject_labels()))
        out.append((subject, name.strip()))
    return out


def build_user_service(values: dict[str, str], catalogue: Catalogue,
                       existing_key: str | None = None) -> tuple[Vendor, Service]:
    """The vendor and service the dialog describes; raises InvalidEntry when a value cannot be used."""
    vendor_name = clean_text(values.get("vendor", "")).strip()
    service_name = clean_text(values.get("service", "")).strip()
    if not vendor_name:
        raise InvalidEntry(tr("ui.catalogue.dialog.error.vendor_required"))
    if not service_name:
        raise InvalidEntry(tr("ui.catalogue.dialog.error.service_required"))
    countries = parse_countries(values.get("countries", ""))
    sub_processors = parse_sub_processors(values.get("sub_processors", ""))
    categories = parse_categories(values.get("data_categories", ""))
    role = values.get("role") if values.get("role") in USER_ROLES else USER_ROLES[0]
    activities = [a.key for a in catalogue.activities]
    activity = values.get("activity") if values.get("activity") in activities else (activities or [""])[0]

    if existing_key and catalogue.has(existing_key):
        key = existing_key
        vendor_id = catalogue.service(existing_key).vendor
    else:
        vendor_id = USER_PREFIX + slugify(vendor_name, "vendor")
        stem = f"{vendor_id}/{slugify(service_name, 'service')}"
        key, n = stem, 1
        while catalogue.has(key):
            n += 1
            key = f"{stem}-{n}"
    document = tr("ui.catalogue.user.document")
    source = Source(document=document, section=dt.date.today().isoformat())
    vendor = Vendor(id=vendor_id, name=vendor_name, document=document, document_title=document, source=source)
    service = Service(
        key=key, vendor=vendor_id, name=service_name, description=clean_text(values.get("description", "")).strip(),
        source=source, activity=activity, role=role, countries=countries,
        retention_general=tuple(_lines(values.get("retention", ""))),
        security_measures=tuple(_lines(values.get("security", ""))),
        data_categories=tuple(DataCategory(subject=s, name=n, source=source) for s, n in categories),
        sub_processors=tuple(SubProcessor(name=n, countries=c, source=source) for n, c in sub_processors))
    return vendor, service


def values_from_service(catalogue: Catalogue, key: str) -> dict[str, str]:
    """The dialog's values for an existing user service (to edit it)."""
    service = catalogue.service(key)
    vendor = next((v for v in catalogue.vendors if v.id == service.vendor), None)
    return {
        "vendor": vendor.name if vendor else "", "service": service.name, "description": service.description,
        "role": service.role, "countries": ", ".join(service.countries),
        "sub_processors": "\n".join(f"{p.name}; {', '.join(c for c in p.countries if c != NOT_STATED)}".rstrip("; ")
                                    for p in service.sub_processors),
        "data_categories": "\n".join(f"{tr(f'enum.subject.{c.subject}')}: {c.name}" for c in service.data_categories),
        "retention": "\n".join(service.retention_general), "security": "\n".join(service.security_measures),
        "activity": service.activity,
    }


class UserServiceDialog(QDialog):
    """Add (or edit) a vendor service of the company's own; the parent checks and saves the values."""

    def __init__(self, parent=None, values: dict[str, str] | None = None,
                 templates: tuple[ActivityTemplate, ...] | None = None, editing: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("userServiceDialog")
        self.setWindowTitle(tr("ui.catalogue.dialog.title.edit" if editing else "ui.catalogue.dialog.title.add"))
        self.setMinimumWidth(620)
        layout = QVBoxLayout(self)
        layout.addWidget(hint(tr("ui.catalogue.dialog.intro")))
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        layout.addLayout(form)
        self.vendor = QLineEdit()
        self.service = QLineEdit()
        self.description = self._text_box(3)
        self.role = QComboBox()
        for role in USER_ROLES:
            self.role.addItem(tr(f"enum.role.{role}"), role)
        self.countries = QLineEdit()
        self.sub_processors = self._text_box(3)
        self.data_categories = self._text_box(4)
        self.retention = self._text_box(2)
        self.security = self._text_box(2)
        self.activity = QComboBox()
        for template in templates if templates is not None else load_activity_templates():
            self.activity.addItem(template.title(current()), template.key)
        rows = (("vendor", self.vendor), ("service", self.service), ("description", self.description),
                ("role", self.role), ("countries", self.countries), ("sub_processors", self.sub_processors),
                ("data_categories", self.data_categories), ("retention", self.retention),
                ("security", self.security), ("activity", self.activity))
        for name, widget in rows:
            label = QLabel(tr(f"ui.catalogue.dialog.{name}"))
            label.setBuddy(widget)
            widget.setAccessibleName(tr(f"ui.catalogue.dialog.{name}"))
            widget.setObjectName(f"user_{name}")
            form.addRow(label, widget)
        placeholders = {self.countries: "countries", self.sub_processors: "sub_processors",
                        self.retention: "retention", self.security: "security"}
        for widget, name in placeholders.items():
            widget.setPlaceholderText(tr(f"ui.catalogue.dialog.{name}.placeholder"))
        self.data_categories.setPlaceholderText(tr("ui.catalogue.dialog.data_categories.placeholder",
                                                   subjects=subject_labels()))
        self.activity.setToolTip(tr("ui.catalogue.dialog.activity.tip"))
        self.error = QLabel()
        self.error.setObjectName("dialogError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b3261e;")
        self.error.hide()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        if values:
            self.set_values(values)

    @staticmethod
    def _text_box(lines: int) -> QPlainTextEdit:
        box = QPlainTextEdit()
        box.setTabChangesFocus(True)
        height = box.fontMetrics().lineSpacing() * lines + 14
        box.setFixedHeight(height)
        return box

    def set_values(self, values: dict[str, str]) -> None:
        self.vendor.setText(values.get("vendor", ""))
        self.service.setText(values.get("service", ""))
        self.description.setPlainText(values.get("description", ""))
        self.role.setCurrentIndex(max(0, self.role.findData(values.get("role", USER_ROLES[0]))))
        self.countries.setText(values.get("countries", ""))
        self.sub_processors.setPlainText(values.get("sub_processors", ""))
        self.data_categories.setPlainText(values.get("data_categories", ""))
        self.retention.setPlainText(values.get("retention", ""))
        self.security.setPlainText(values.get("security", ""))
        self.activity.setCurrentIndex(max(0, self.activity.findData(values.get("activity", ""))))

    def values(self) -> dict[str, str]:
        return {
            "vendor": self.vendor.text(), "service": self.service.text(),
            "description": self.description.toPlainText(), "role": self.role.currentData() or USER_ROLES[0],
            "countries": self.countries.text(), "sub_processors": self.sub_processors.toPlainText(),
            "data_categories": self.data_categories.toPlainText(), "retention": self.retention.toPlainText(),
            "security": self.security.toPlainText(), "activity": self.activity.currentData() or "",
        }

    def problem(self) -> str:
        """What stops the values from being saved, or ""."""
        try:
            if not self.vendor.text().strip():
                raise InvalidEntry(tr("ui.catalogue.dialog.error.vendor_required"))
            if not self.service.text().strip():
                raise InvalidEntry(tr("ui.catalogue.dialog.error.service_required"))
            parse_countries(self.countries.text())
            parse_sub_processors(self.sub_processors.toPlainText())
            parse_categories(self.data_categories.toPlainText())
        except InvalidEntry as exc:
            return str(exc)
        return ""

    def accept(self) -> None:
        message = self.problem()
        self.error.setText(message)
        self.error.setVisible(bool(message))
        if not message:
            super().accept()

    @classmethod
    def get_values(cls, parent=None, values: dict[str, str] | None = None,
                   templates: tuple[ActivityTemplate, ...] | None = None,
                   editing: bool = False) -> tuple[dict[str, str], bool]:
        dialog = cls(parent, values, templates, editing)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        return dialog.values(), accepted
