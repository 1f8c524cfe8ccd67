"""In the activity editor: the vendor services an activity uses ("add a vendor service …" with a search over the
catalogue and the company's own vendors, and taking one out), and a starter template's proposals, shown apart
from the fields until the user accepts them (the register never shows a proposal as the company's answer)."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from ropa_app.catalogue import Catalogue
from ropa_app.columns import choice_label
from ropa_app.domain import ACTIVITY_FIELDS
from ui.i18n import current, tr
from ui.pages import hint, push_button

PROPOSAL_STYLE = "QFrame#templateProposals { background: #eef3fb; border: 1px solid #9fb7dd; border-radius: 6px; }"


def service_label(catalogue: Catalogue, key: str, own: bool) -> str:
    service = catalogue.service(key)
    vendor = next((v.name for v in catalogue.vendors if v.id == service.vendor), service.vendor)
    mark = f"  ({tr('ui.catalogue.user.origin')})" if own else ""
    return f"{vendor}: {service.name}{mark}"


class ServicePickerDialog(QDialog):
    """Choose one vendor service: type to search (vendor, service, key), arrows and Enter to choose."""

    def __init__(self, parent, choices: list[tuple[str, str]], title_key: str) -> None:
        super().__init__(parent)
        self.setObjectName("servicePicker")
        self.setWindowTitle(tr(title_key))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        layout.addWidget(hint(tr("ui.activities.services.picker_hint")))
        self.search = QLineEdit()
        self.search.setObjectName("serviceSearch")
        self.search.setPlaceholderText(tr("ui.catalogue.search.placeholder"))
        self.search.setAccessibleName(tr("ui.catalogue.search.accessible"))
        self.search.setClearButtonEnabled(True)
        layout.addWidget(self.search)
        self.list = QListWidget()
        self.list.setObjectName("serviceList")
        for key, label in choices:
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setToolTip(key)
            self.list.addItem(item)
        layout.addWidget(self.list, 1)
        self.empty = hint(tr("ui.activities.services.no_match"))
        self.empty.hide()
        layout.addWidget(self.empty)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.search.textChanged.connect(self._filter)
        self.search.returnPressed.connect(self.accept)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        self._filter("")

    def _filter(self, text: str) -> None:
        words = text.casefold().split()
        first = None
        for row in range(self.list.count()):
            item = self.list.item(row)
            haystack = f"{item.text()} {item.data(Qt.ItemDataRole.UserRole)}".casefold()
            hidden = not all(w in haystack for w in words)
            item.setHidden(hidden)
            if not hidden and first is None:
                first = item
        self.list.setCurrentItem(first)
        self.empty.setVisible(first is None)

    def chosen(self) -> str | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None and not item.isHidden() else None

    @classmethod
    def choose(cls, parent, choices: list[tuple[str, str]], title_key: str) -> str | None:
        dialog = cls(parent, choices, title_key)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        return dialog.chosen() if accepted else None


def proposal_text(field: str, value, lang: str) -> str:
    if isinstance(value, list):
        spec = ACTIVITY_FIELDS[field]
        return ", ".join(choice_label(field, v, lang) if spec.choices else v for v in value)
    return str(value)


class ProposalsBox(QFrame):
    """A starter template's proposals for the activity's empty fields, each to accept (or all at once). Until
    accepted, the field stays empty in the register, and its gap stays."""

    def __init__(self, on_accept: Callable[[list[str] | None], None]) -> None:
        super().__init__()
        self.setObjectName("templateProposals")
        self.setStyleSheet(PROPOSAL_STYLE)
        self.on_accept = on_accept
        column = QVBoxLayout(self)
        column.setContentsMargins(12, 8, 12, 8)
        self.caption = QLabel()
        self.caption.setObjectName("proposalsCaption")
        self.caption.setWordWrap(True)
        self.caption.setTextFormat(Qt.TextFormat.PlainText)
        column.addWidget(self.caption)
        self.grid = QGridLayout()
        self.grid.setColumnStretch(0, 1)
        column.addLayout(self.grid)
        self.accept_all = push_button(tr("ui.activities.proposals.accept_all"))
        self.accept_all.setObjectName("acceptAllProposals")
        self.accept_all.clicked.connect(lambda: self.on_accept(None))
        row = QHBoxLayout()
        row.addWidget(self.accept_all)
        row.addStretch(1)
        column.addLayout(row)
        self.buttons: dict[str, QPushButton] = {}
        self.hide()

    def set_proposals(self, template_title: str, proposals: dict[str, object]) -> None:
        while self.grid.count():
            widget = self.grid.takeAt(0).widget()
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self.buttons = {}
        self.setVisible(bool(proposals))
        if not proposals:
            return
        lang = current()
        self.caption.setText(tr("ui.activities.proposals.caption", template=template_title))
        for row, (field, value) in enumerate(proposals.items()):
            label = QLabel(f"<b>{tr(f'field.activity.{field}')}</b>")
            label.setWordWrap(True)
            text = QLabel(tr("ui.activities.proposals.value", value=proposal_text(field, value, lang)))
            text.setWordWrap(True)
            text.setTextFormat(Qt.TextFormat.PlainText)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            button = push_button(tr("ui.activities.proposals.accept"))
            button.setObjectName(f"accept_{field}")
            button.setAccessibleName(tr("ui.activities.proposals.accept_field", field=tr(f"field.activity.{field}")))
            button.clicked.connect(lambda _=False, f=field: self.on_accept([f]))
            # one under the other: a narrow editor never scrolls sideways
            self.grid.addWidget(label, 3 * row, 0)
            self.grid.addWidget(text, 3 * row + 1, 0)
            self.grid.addWidget(button, 3 * row + 2, 0, Qt.AlignmentFlag.AlignLeft)
            self.buttons[field] = button
