"""The user's own vendors: a dialog asking for a service the catalogue lacks, and the parsing that turns its text
into catalogue records (kept apart from the shipped ones by a "user-" key)."""
from __future__ import annotations

from math import ceil

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ropa_app import own_vendors
from ropa_app.catalogue import Catalogue, Service, Vendor
from ropa_app.errors import RopaError
from ropa_app.own_vendors import USER_PREFIX, USER_ROLES, slugify  # noqa: F401 - the dialog's names for them
from ui.i18n import current, tr
from ui.pages import hint, scroll_to_focus

TEXT_FIELDS = ("vendor", "service", "description", "role", "countries", "sub_processors", "data_categories",
               "retention", "security", "activity")
ERROR_COLOUR, NOTE_COLOUR = "#b3261e", "#3d5a80"
NO_ACTIVITY = -1  # the dialog's "not yet" choice: the service is linked to activities later


class InvalidEntry(ValueError):
    """What is wrong with the dialog's values, in the user's language."""


def _checked(parse, *args):
    """Run a parser of ropa_app.own_vendors; its RopaError becomes an InvalidEntry in the user's language."""
    try:
        return parse(*args)
    except RopaError as exc:
        raise InvalidEntry(exc.message(current())) from None


def parse_countries(text: str) -> tuple[str, ...]:
    """'NO, se, Tyskland' -> ('NO', 'SE', 'DE'): ISO 3166 codes (UK, EL accepted), EU/EEA, or a known name."""
    return _checked(own_vendors.parse_countries, text)


def parse_sub_processors(text: str) -> list[tuple[str, tuple[str, ...]]]:
    """One per line, 'Name; country codes'; no countries means not stated."""
    return _checked(own_vendors.parse_sub_processors, text)


def parse_categories(text: str) -> list[tuple[str, str]]:
    return _checked(own_vendors.parse_categories, text, current())


def subject_labels() -> str:
    return own_vendors.subject_labels(current())


def build_user_service(values: dict[str, str], catalogue: Catalogue,
                       existing_key: str | None = None) -> tuple[Vendor, Service]:
    """The vendor and service the dialog describes; raises InvalidEntry when a value cannot be used."""
    values = {k: v for k, v in values.items() if k != "activity"} | {
        "activity": values.get("activity") if isinstance(values.get("activity"), str) else ""}
    if existing_key and catalogue.has(existing_key):
        values["activity"] = catalogue.service(existing_key).activity  # where adopting it lands stays as it was
    return _checked(own_vendors.build_own_service, values, catalogue, existing_key, current())


def values_from_service(catalogue: Catalogue, key: str) -> dict[str, str]:
    """The dialog's values for an existing user service (to edit it)."""
    return own_vendors.values_from_service(catalogue, key, current())


class _TextBox(QPlainTextEdit):
    """A few lines high, and as high as its placeholder needs (the example of «Personopplysninger» wraps to more
    lines in a narrow dialog, and ran into the box's border)."""

    def __init__(self, lines: int) -> None:
        super().__init__()
        self.lines = lines
        self.setTabChangesFocus(True)
        self.setFixedHeight(self._height(lines))

    def _height(self, lines: int) -> int:
        return self.fontMetrics().lineSpacing() * lines + 14

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        text = self.placeholderText()
        if not text:
            return
        width = max(1, int(self.viewport().width() - 2 * self.document().documentMargin()))
        needed = self.fontMetrics().boundingRect(QRect(0, 0, width, 100_000), Qt.TextFlag.TextWordWrap, text)
        lines = max(self.lines, ceil(needed.height() / self.fontMetrics().lineSpacing()))
        if self.height() != self._height(lines):
            self.setFixedHeight(self._height(lines))


class UserServiceDialog(QDialog):
    """Add (or edit) a vendor service of the company's own; the parent saves the values. Countries and
    sub-processor lines are checked as they are typed, and each country is shown as the register will class it
    (EU/EEA, adequacy, third country), as for the catalogue's vendors. ``activities`` are the file's activities,
    (id, title), one of which the new service can support at once."""

    def __init__(self, parent=None, values: dict[str, str] | None = None,
                 activities: list[tuple[int, str]] | None = None, editing: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("userServiceDialog")
        self.setWindowTitle(tr("ui.catalogue.dialog.title.edit" if editing else "ui.catalogue.dialog.title.add"))
        layout = QVBoxLayout(self)
        # The fields scroll, the message and OK/Cancel stay: on a 1366×768 laptop at 150 % the form is taller
        # than the screen
        self.scroll = QScrollArea()
        self.scroll.setObjectName("userServiceFields")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll_to_focus(self.scroll, 20, 20)
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.addWidget(hint(tr("ui.catalogue.dialog.intro")))
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        body_layout.addLayout(form)
        body_layout.addStretch(1)
        self.scroll.setWidget(body)
        layout.addWidget(self.scroll, 1)
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
        self.activity.addItem(tr("ui.catalogue.dialog.activity.none"), NO_ACTIVITY)
        for activity_id, title in activities or []:
            self.activity.addItem(title, activity_id)
        self.countries_note = self._note("countriesNote")
        self.sub_processors_note = self._note("subProcessorsNote")
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
            if name == "countries":
                form.addRow("", self.countries_note)
            elif name == "sub_processors":
                form.addRow("", self.sub_processors_note)
        if editing:  # which activities it supports is the service page's checklist
            form.setRowVisible(self.activity, False)
        placeholders = {self.countries: "countries", self.sub_processors: "sub_processors",
                        self.retention: "retention", self.security: "security"}
        for widget, name in placeholders.items():
            widget.setPlaceholderText(tr(f"ui.catalogue.dialog.{name}.placeholder"))
        self.data_categories.setPlaceholderText(tr("ui.catalogue.dialog.data_categories.placeholder",
                                                   subjects=subject_labels()))
        self.activity.setToolTip(tr("ui.catalogue.dialog.activity.tip_any"))
        self.error = QLabel()
        self.error.setObjectName("dialogError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.error.hide()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.countries.textChanged.connect(self._check_countries)
        self.sub_processors.textChanged.connect(self._check_sub_processors)
        if values:
            self.set_values(values)
        self._check_countries()
        self._check_sub_processors()
        self._fit_screen(body, buttons)

    def _fit_screen(self, body: QWidget, buttons: QDialogButtonBox) -> None:
        """620 wide and as tall as its fields, but never larger than the screen's free area (less a title bar):
        a smaller screen scrolls the fields, OK and Cancel stay in sight."""
        screen = (self.parentWidget() or self).screen()
        free = screen.availableGeometry().size() - QSize(24, 72) if screen is not None else QSize(10_000, 10_000)
        margins = self.layout().contentsMargins()
        wanted = QSize(620, body.sizeHint().height() + buttons.sizeHint().height() + self.layout().spacing() * 2
                       + margins.top() + margins.bottom() + self.scroll.frameWidth() * 2)
        self.setMinimumWidth(min(620, free.width()))
        self.resize(wanted.boundedTo(free))

    @staticmethod
    def _text_box(lines: int) -> QPlainTextEdit:
        return _TextBox(lines)

    @staticmethod
    def _note(name: str) -> QLabel:
        note = QLabel()
        note.setObjectName(name)
        note.setWordWrap(True)
        note.setTextFormat(Qt.TextFormat.PlainText)  # it repeats what the user typed
        note.hide()
        return note

    # --- checking as the user types -----------------------------------------------------------------------
    def _show_note(self, note: QLabel, text: str, bad: bool) -> None:
        note.setText(text)
        note.setStyleSheet(f"color: {ERROR_COLOUR if bad else NOTE_COLOUR};")
        note.setVisible(bool(text))

    def _check_countries(self) -> None:
        try:
            codes = parse_countries(self.countries.text())
        except InvalidEntry as exc:
            self._show_note(self.countries_note, str(exc), True)
            return
        self._show_note(self.countries_note, own_vendors.country_summary(codes, current()), False)

    def _check_sub_processors(self) -> None:
        try:
            subs = parse_sub_processors(self.sub_processors.toPlainText())
        except InvalidEntry as exc:
            self._show_note(self.sub_processors_note, str(exc), True)
            return
        lines = [f"{name}: {own_vendors.country_summary(codes, current())}" for name, codes in subs]
        self._show_note(self.sub_processors_note, "\n".join(lines), False)

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
        activity = values.get("activity")
        if isinstance(activity, int):
            self.activity.setCurrentIndex(max(0, self.activity.findData(activity)))

    def values(self) -> dict:
        activity = self.activity.currentData()
        return {
            "vendor": self.vendor.text(), "service": self.service.text(),
            "description": self.description.toPlainText(), "role": self.role.currentData() or USER_ROLES[0],
            "countries": self.countries.text(), "sub_processors": self.sub_processors.toPlainText(),
            "data_categories": self.data_categories.toPlainText(), "retention": self.retention.toPlainText(),
            "security": self.security.toPlainText(),
            "activity": activity if isinstance(activity, int) and activity != NO_ACTIVITY else None,
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
                   activities: list[tuple[int, str]] | None = None,
                   editing: bool = False) -> tuple[dict, bool]:
        dialog = cls(parent, values, activities, editing)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        return dialog.values(), accepted
