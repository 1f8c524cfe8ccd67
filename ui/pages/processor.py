"""Som databehandler: the company's register as a processor (art. 30(2)). Shown once the organisation says the
company is one. The role's security measures, the controllers it acts for (each with what it does for them and its
data processing agreement), the sub-processors it uses for each (from the catalogue or its own vendors, with
countries), each field's gaps under it, and the map of where that controller's data goes. Every edit is an undoable
command (ui/commands_processor.py) pushed through the session."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ropa_app.columns import gap_text, locations_text
from ropa_app.dataflow import served_controller_map
from ropa_app.domain import PROCESSOR_ROLE_FIELDS, SERVED_CONTROLLER_FIELDS, FieldSpec
from ropa_app.model import SUB_PROCESSOR
from ui.commands_processor import (
    AddServedController,
    AddServedSubProcessor,
    RemoveServedController,
    RemoveServedSubProcessor,
    SetProcessorRoleField,
    SetServedControllerField,
)
from ui.dataflow_view import FlowMapView, open_node
from ui.i18n import current, tr
from ui.pages import (
    RefreshWhenShown,
    bold,
    heading,
    hint,
    keyboard_view,
    may_leave,
    push_button,
    scroll_to_focus,
)
from ui.pages.activity_fields import gap_html, make_editor

SUB_COLUMNS = ("name", "via", "countries", "task")


class _Row(QWidget):
    """A field: label, editor, help line and its gaps (the activity editor's layout, with this register's texts)."""

    def __init__(self, group: str, spec: FieldSpec, on_commit) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 3, 0, 3)
        layout.setSpacing(2)
        label = bold(QLabel(tr(f"field.{group}.{spec.name}")))
        label.setWordWrap(True)
        self.editor = make_editor(spec, on_commit)  # an organisation number or date is checked as it is typed
        self.editor.focus_widget().setObjectName(f"{group}_{spec.name}")
        self.editor.set_accessible(label.text(), tr(f"help.{group}.{spec.name}"))
        label.setBuddy(self.editor.focus_widget())
        self.help = hint(tr(f"help.{group}.{spec.name}"))
        self.gaps = QLabel()
        self.gaps.setWordWrap(True)
        self.gaps.setTextFormat(Qt.TextFormat.RichText)
        self.gaps.hide()
        for widget in (label, self.editor, self.help, self.gaps):
            layout.addWidget(widget)

    def set_gaps(self, gaps: list[tuple[str, str]]) -> None:
        self.gaps.setText(gap_html(gaps))
        self.gaps.setVisible(bool(gaps))


class ProcessorPage(RefreshWhenShown, QWidget):
    page_key = "processor"

    def __init__(self, session, window) -> None:
        super().__init__()
        self.session, self.window_ = session, window
        self.controller_id: int | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll_to_focus(self.scroll)
        outer.addWidget(self.scroll)
        body = QWidget()
        self.scroll.setWidget(body)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.addWidget(heading(tr("ui.processor.title")))
        layout.addWidget(hint(tr("ui.processor.hint")))

        role_box = QGroupBox(tr("ui.processor.group.role"))
        role_layout = QVBoxLayout(role_box)
        self.role_rows = {name: _Row("processor_role", spec, self.save_role)
                          for name, spec in PROCESSOR_ROLE_FIELDS.items()}
        for row in self.role_rows.values():
            role_layout.addWidget(row)
        layout.addWidget(role_box)

        controllers_box = QGroupBox(tr("ui.processor.group.controllers"))
        controllers_layout = QVBoxLayout(controllers_box)
        controllers_layout.addWidget(hint(tr("ui.processor.controllers.hint")))
        self.controllers = QListWidget()
        self.controllers.setObjectName("servedControllers")
        self.controllers.setAccessibleName(tr("ui.processor.group.controllers"))
        self.controllers.setMinimumHeight(100)
        self.controllers.setMaximumHeight(140)
        self.controllers.currentItemChanged.connect(self._controller_selected)
        keyboard_view(self.controllers, self.remove_controller)
        controllers_layout.addWidget(self.controllers)
        add_row = QHBoxLayout()
        self.new_name = QLineEdit()
        self.new_name.setObjectName("newServedController")
        self.new_name.setPlaceholderText(tr("ui.processor.controllers.new_placeholder"))
        self.new_name.setAccessibleName(tr("ui.processor.controllers.new_placeholder"))
        self.new_name.returnPressed.connect(self.add_controller)
        self.add_button = push_button(tr("ui.processor.controllers.add"))
        self.add_button.clicked.connect(self.add_controller)
        self.remove_button = push_button(tr("ui.processor.controllers.remove"))
        self.remove_button.clicked.connect(self.remove_controller)
        add_row.addWidget(self.new_name, 1)
        add_row.addWidget(self.add_button)
        controllers_layout.addLayout(add_row)
        controllers_layout.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.role_gaps = QLabel()
        self.role_gaps.setWordWrap(True)
        self.role_gaps.setTextFormat(Qt.TextFormat.RichText)
        controllers_layout.addWidget(self.role_gaps)
        layout.addWidget(controllers_box)

        self.controller_box = QGroupBox()
        self.controller_box.setObjectName("servedController")
        controller_layout = QVBoxLayout(self.controller_box)
        self.rows = {name: _Row("served_controller", spec, self.save)
                     for name, spec in SERVED_CONTROLLER_FIELDS.items()}
        for row in self.rows.values():
            controller_layout.addWidget(row)
        layout.addWidget(self.controller_box)

        self.subs_box = QGroupBox(tr("ui.processor.group.sub_processors"))
        subs_layout = QVBoxLayout(self.subs_box)
        subs_layout.addWidget(hint(tr("ui.processor.subs.hint")))
        self.subs = QTableWidget(0, len(SUB_COLUMNS))
        self.subs.setObjectName("servedSubProcessors")
        self.subs.setAccessibleName(tr("ui.processor.group.sub_processors"))
        self.subs.setHorizontalHeaderLabels([tr(f"ui.processor.subs.col.{c}") for c in SUB_COLUMNS])
        self.subs.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.subs.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.subs.verticalHeader().hide()
        self.subs.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.subs.setMinimumHeight(140)
        keyboard_view(self.subs, self.remove_sub)
        subs_layout.addWidget(self.subs)
        self.remove_sub_button = push_button(tr("ui.processor.subs.remove"))
        self.remove_sub_button.clicked.connect(self.remove_sub)
        subs_layout.addWidget(self.remove_sub_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.sub_gaps = QLabel()
        self.sub_gaps.setWordWrap(True)
        self.sub_gaps.setTextFormat(Qt.TextFormat.RichText)
        subs_layout.addWidget(self.sub_gaps)
        catalogue_row = QHBoxLayout()
        self.service = QComboBox()
        self.service.setObjectName("subProcessorService")
        self.service.setAccessibleName(tr("ui.processor.subs.from_catalogue"))
        self.service.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.service.setMinimumContentsLength(12)
        self.add_service = push_button(tr("ui.processor.subs.add_service"))
        self.add_service.clicked.connect(self.add_catalogue_sub)
        catalogue_row.addWidget(self.service, 1)
        catalogue_row.addWidget(self.add_service)
        subs_layout.addWidget(QLabel(tr("ui.processor.subs.from_catalogue")))
        subs_layout.addLayout(catalogue_row)
        own = QFormLayout()
        own.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.own: dict[str, QLineEdit] = {}
        for name in ("name", "countries", "mechanism", "task"):
            edit = QLineEdit()
            edit.setObjectName(f"ownSubProcessor_{name}")
            edit.setPlaceholderText(tr(f"ui.processor.own.{name}.placeholder"))
            edit.setAccessibleName(tr(f"ui.processor.own.{name}"))
            self.own[name] = edit
            own.addRow(tr(f"ui.processor.own.{name}"), edit)
        subs_layout.addWidget(QLabel(tr("ui.processor.subs.own")))
        subs_layout.addLayout(own)
        self.add_own = push_button(tr("ui.processor.subs.add_own"))
        self.add_own.clicked.connect(self.add_own_sub)
        subs_layout.addWidget(self.add_own, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.subs_box)

        self.map_box = QGroupBox(tr("ui.activities.group.flow_map"))
        map_layout = QVBoxLayout(self.map_box)
        self.flow_map = FlowMapView()
        self.flow_map.setMinimumHeight(180)
        self.flow_map.nodeActivated.connect(
            lambda node: open_node(self.session, node, controller_id=self.controller_id))
        map_layout.addWidget(self.flow_map)
        layout.addWidget(self.map_box)
        layout.addStretch(1)

        session.hub.registerChanged.connect(self.mark_stale)
        self.refresh()

    # --- showing ------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        store = self.session.store
        if store is None:
            return
        register = self.session.register()
        part = register.processor
        lang = current()
        role = store.processor_role()
        for name, row in self.role_rows.items():
            row.editor.set_value(role[name])
        role_gaps = [g for g in register.gaps if g.field == "served_controller.controllers"]
        self.role_gaps.setText(gap_html([(g.severity, gap_text(g, lang)) for g in role_gaps]))
        self.role_gaps.setVisible(bool(role_gaps))
        self.controllers.blockSignals(True)
        self.controllers.clear()
        gaps_by_controller: dict[int, list] = {}
        for g in register.gaps:
            cid = g.param_dict().get("controller_id")
            if cid:
                gaps_by_controller.setdefault(int(cid), []).append(g)
        for c in part.controllers:
            count = sum(g.severity == "mandatory" for g in gaps_by_controller.get(c.id, []))
            text = c.name if not count else tr("ui.processor.controllers.item_gaps", name=c.name, count=count)
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, c.id)
            self.controllers.addItem(item)
        ids = [c.id for c in part.controllers]
        if self.controller_id not in ids:
            self.controller_id = ids[0] if ids else None
        if self.controller_id is not None:
            self.controllers.setCurrentRow(ids.index(self.controller_id))
        self.controllers.blockSignals(False)
        self.remove_button.setEnabled(self.controller_id is not None)
        self._show_controller(register, gaps_by_controller.get(self.controller_id, []))
        self.refreshed()

    def _show_controller(self, register, gaps: list) -> None:
        shown = self.controller_id is not None
        for box in (self.controller_box, self.subs_box, self.map_box):
            box.setVisible(shown)
        if not shown:
            return
        lang = current()
        controller = register.processor.controller(self.controller_id)
        row = self.session.store.served_controller(self.controller_id)
        self.controller_box.setTitle(controller.name)
        by_field: dict[str, list[tuple[str, str]]] = {}
        sub_gaps = []
        for g in gaps:
            name = g.field.split(".", 1)[1].split(":", 1)[0]
            if name in ("recipient", "mechanism"):
                sub_gaps.append((g.severity, gap_text(g, lang)))
            else:
                by_field.setdefault(name, []).append((g.severity, gap_text(g, lang)))
        for name, field_row in self.rows.items():
            field_row.editor.set_value(row[name])
            field_row.set_gaps(by_field.get(name, []))
        self.sub_gaps.setText(gap_html(sub_gaps))
        self.sub_gaps.setVisible(bool(sub_gaps))
        stored = self.session.store.served_sub_processors(self.controller_id)
        self.subs.setRowCount(0)
        by_name = {r.name: r for r in controller.sub_processors}
        for sub in stored:
            catalogue = self.session.store.catalogue()
            if sub["service_key"] and catalogue.has(sub["service_key"]):
                service = catalogue.resolved(sub["service_key"])
                names = [catalogue.vendor(service.vendor).name]
            else:
                names = [sub["name"]]
            for name in names:
                recipient = by_name.get(name)
                self._add_sub_row(sub["id"], name, "", recipient, sub["task"], lang)
                for r in controller.sub_processors:
                    if r.via == name and r.kind == SUB_PROCESSOR:
                        self._add_sub_row(sub["id"], r.name, r.via, r, r.activity, lang)
        self.remove_sub_button.setEnabled(bool(stored))
        self.service.clear()
        catalogue = self.session.store.catalogue()
        for service in catalogue.services:
            vendor = catalogue.vendor(service.vendor).name
            self.service.addItem(f"{vendor}: {service.name}", service.key)
        self.flow_map.set_map(served_controller_map(register, controller, lang))

    def _add_sub_row(self, sub_id: int, name: str, via: str, recipient, task: str, lang: str) -> None:
        r = self.subs.rowCount()
        self.subs.insertRow(r)
        where = locations_text(recipient.locations, lang) if recipient else ""
        for column, text in enumerate((name, via, where, task)):
            item = QTableWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, sub_id)
            item.setToolTip(text)
            self.subs.setItem(r, column, item)

    def _controller_selected(self, item, previous=None) -> None:
        if item is None:
            return
        unsaved = [(tr(f"field.served_controller.{name}"), row.editor.focus_widget())
                   for name, row in self.rows.items() if getattr(row.editor, "unsaved_invalid", lambda: False)()]
        if previous is not None and not may_leave(self, unsaved, lambda: self._discard(self.rows.values())):
            self.controllers.blockSignals(True)  # stay with the controller whose value is being corrected
            self.controllers.setCurrentItem(previous)
            self.controllers.blockSignals(False)
            return
        for row in list(self.rows.values()) + list(self.role_rows.values()):
            row.editor.commit()
        self.controller_id = item.data(Qt.ItemDataRole.UserRole)
        self.refresh()

    # --- edits --------------------------------------------------------------------------------------------
    def save_role(self, field: str, value) -> None:
        self.session.push(SetProcessorRoleField(self.session, field, value))

    def save(self, field: str, value) -> None:
        if self.controller_id is not None:
            self.session.push(SetServedControllerField(self.session, self.controller_id, field, value))

    def add_controller(self) -> None:
        name = self.new_name.text().strip()
        if not name:
            self.new_name.setFocus()
            return
        command = AddServedController(self.session, name)
        if self.session.push(command):
            self.new_name.clear()
            self.controller_id = command.controller_id
            self.refresh()
            field = self.rows["org_number"].editor.focus_widget()
            field.setFocus(Qt.FocusReason.OtherFocusReason)
            self.scroll.ensureWidgetVisible(field)  # the cursor where the user can see it

    def remove_controller(self) -> None:
        if self.controller_id is not None:
            self.session.push(RemoveServedController(self.session, self.controller_id))

    def add_catalogue_sub(self) -> None:
        key = self.service.currentData()
        if self.controller_id is not None and key:
            self.session.push(AddServedSubProcessor(self.session, self.controller_id, service_key=key))

    def add_own_sub(self) -> None:
        if self.controller_id is None:
            return
        values = {name: edit.text().strip() for name, edit in self.own.items()}
        if not values["name"]:
            self.own["name"].setFocus()
            return
        countries = [c.strip() for c in values.pop("countries").replace(";", ",").split(",") if c.strip()]
        if self.session.push(AddServedSubProcessor(self.session, self.controller_id, countries=countries, **values)):
            for edit in self.own.values():
                edit.clear()

    def remove_sub(self) -> None:
        item = self.subs.currentItem()
        if item is not None:
            self.session.push(RemoveServedSubProcessor(self.session, item.data(Qt.ItemDataRole.UserRole)))

    # --- navigation ---------------------------------------------------------------------------------------
    def focus_field(self, controller_id, field: str) -> None:
        """From a gap or a map: the controller, and the field (``served_controller.email``, ``sub_processors``)."""
        if controller_id is not None:
            self.controller_id = int(controller_id)
        self.refresh()
        name = field.split(".", 1)[-1].split(":", 1)[0]
        if name in self.rows:
            widget = self.rows[name].editor.focus_widget()
        elif name in ("recipient", "mechanism", "sub_processors"):
            widget = self.subs
        elif field.startswith("processor_role.") and name in self.role_rows:
            widget = self.role_rows[name].editor.focus_widget()
        else:
            widget = self.new_name
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        self.scroll.ensureWidgetVisible(widget)

    def _checked_rows(self) -> list[tuple[str, _Row]]:
        return ([(f"field.served_controller.{name}", row) for name, row in self.rows.items()]
                + [(f"field.processor_role.{name}", row) for name, row in self.role_rows.items()])

    def unsaved_invalid(self) -> list[tuple[str, QWidget]]:
        """(label, widget) of the fields holding an invalid value that is not saved (an organisation number, a date,
        an e-mail): the window asks before the page is left, as on the Organisation page."""
        return [(tr(key), row.editor.focus_widget()) for key, row in self._checked_rows()
                if getattr(row.editor, "unsaved_invalid", lambda: False)()]

    @staticmethod
    def _discard(rows) -> None:
        for row in rows:
            if getattr(row.editor, "unsaved_invalid", lambda: False)():
                row.editor.set_value(row.editor.loaded, force=True)

    def discard_invalid(self) -> None:
        self._discard(row for _key, row in self._checked_rows())
