"""The editor of one processing activity: every register field in Datatilsynet's order, grouped; each field's gaps
under it; the purpose suggestion; optional categories and processing locations to settle; and, read-only, what the
vendor services bring. Every edit is one undoable command pushed through the session."""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ropa_app.change_log import lower_first
from ropa_app.columns import field_label, gap_text
from ropa_app.domain import ACTIVITY_FIELDS, normalise_value
from ropa_app.errors import RopaError
from ui.commands import (
    AcceptProposals,
    DecideCategory,
    LinkService,
    ResolveRecipient,
    SetActivityField,
    UnlinkService,
)
from ui.i18n import current, gap_counts, tr
from ui.pages import Retranslatable, heading, hint, push_button, scroll_to_focus
from ui.pages.activity_fields import SEVERITY_COLOURS, FieldRow
from ui.pages.activity_recipient import RecipientDialog
from ui.pages.activity_services import ProposalsBox, ServicePickerDialog, service_label
from ui.pages.activity_vendor import OptionalCategories, RecipientLocations, vendor_summary_html

GROUPS = (
    ("ui.activities.group.activity", ("title", "area")),
    ("ui.activities.group.responsibility", ("joint_controllers", "joint_responsibilities", "joint_contact",
                                            "owner_name", "owner_email", "owner_phone")),
    ("ui.activities.group.purpose", ("purpose", "legal_basis", "legal_basis_reference",
                                     "legitimate_interest_assessment", "special_categories_answer",
                                     "special_categories", "art9_conditions", "criminal_offences_answer",
                                     "art10_basis")),
    ("ui.activities.group.data", ("data_subjects", "data_categories", "sources", "systems")),
    ("ui.activities.group.recipients", ("recipients", "transfers")),
    ("ui.activities.group.security", ("security_measures", "retention")),
    ("ui.activities.group.risk", ("high_risk", "dpia_done", "dpia_reference", "dpia_not_needed_reason",
                                  "status", "notes")),
)


class ActivityEditor(Retranslatable, QWidget):
    def __init__(self, session) -> None:
        super().__init__()
        self.session = session
        self.activity_id: int | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the fields; focusing one scrolls to it
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll_to_focus(self.scroll, 40, 80)
        outer.addWidget(self.scroll)
        self.empty = hint("")
        self.tr_text(self.empty.setText, "ui.activities.editor.empty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        outer.addWidget(self.empty)

        body = QWidget()
        self.scroll.setWidget(body)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(18, 18, 24, 18)
        self.title = heading("")
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.title)
        services_row = QVBoxLayout()  # the link under the text: beside it, it widens the editor past a small screen
        services_row.setSpacing(0)
        self.services = hint("")
        services_row.addWidget(self.services, 1)
        self.to_vendor = push_button()
        self.tr_text(self.to_vendor.setText, "ui.activities.editor.to_vendor")
        self.to_vendor.setFlat(True)
        self.tr_text(self.to_vendor.setToolTip, "ui.activities.editor.to_vendor_tip")
        self.to_vendor.clicked.connect(lambda: self.scroll.verticalScrollBar().setValue(self.vendor_box.y()))
        services_row.addWidget(self.to_vendor, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addLayout(services_row)
        link_row = QVBoxLayout()  # under each other: side by side they widen the editor past a small screen
        link_row.setSpacing(0)
        self.add_service = push_button(tr("ui.activities.services.add"))
        self.add_service.setObjectName("addServiceToActivity")
        self.add_service.setToolTip(tr("ui.activities.services.add_tip"))
        self.add_service.clicked.connect(self.link_service)
        self.remove_service = push_button(tr("ui.activities.services.remove"))
        self.remove_service.setObjectName("removeServiceFromActivity")
        self.remove_service.setToolTip(tr("ui.activities.services.remove_tip"))
        self.remove_service.clicked.connect(self.unlink_service)
        link_row.addWidget(self.add_service, 0, Qt.AlignmentFlag.AlignLeft)
        link_row.addWidget(self.remove_service, 0, Qt.AlignmentFlag.AlignLeft)
        session.hub.languageChanged.connect(self._whole_register_language)
        layout.addLayout(link_row)
        gaps_row = QVBoxLayout()
        gaps_row.setSpacing(0)
        self.gap_summary = QLabel()
        self.gap_summary.setObjectName("activityGapSummary")
        self.gap_summary.setWordWrap(True)
        gaps_row.addWidget(self.gap_summary, 1)
        self.first_gap = push_button()
        self.tr_text(self.first_gap.setText, "ui.activities.editor.first_gap")
        self.first_gap.setFlat(True)
        self.first_gap.clicked.connect(lambda: self._first_gap and self.focus_field(self._first_gap))
        gaps_row.addWidget(self.first_gap, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addLayout(gaps_row)
        self._first_gap = ""
        self.proposals = ProposalsBox(self.accept_proposals)
        layout.addWidget(self.proposals)
        editor_hint = hint("")
        self.tr_text(editor_hint.setText, "ui.activities.editor.hint")
        layout.addWidget(editor_hint)

        self.rows: dict[str, FieldRow] = {}
        self.boxes: dict[str, QGroupBox] = {}
        for group_key, names in GROUPS:
            box = QGroupBox()
            self.tr_text(box.setTitle, group_key)
            box_layout = QVBoxLayout(box)
            for name in names:
                row = FieldRow(ACTIVITY_FIELDS[name], self.save)
                self.rows[name] = row
                box_layout.addWidget(row)
            self.boxes[group_key] = box
            layout.addWidget(box)
            if group_key == "ui.activities.group.data":
                self.optional = OptionalCategories(self.decide)
                box_layout.insertWidget(2, self.optional)
            elif group_key == "ui.activities.group.recipients":
                self.locations = RecipientLocations(self.register_location)
                box_layout.addWidget(self.locations)
        self._build_suggestion()
        self._build_flow_map(layout)

        self.vendor_box = QGroupBox()
        self.tr_text(self.vendor_box.setTitle, "ui.activities.vendor.group")
        self.vendor_box.setObjectName("vendorFacts")
        vendor_layout = QVBoxLayout(self.vendor_box)
        vendor_hint = hint("")
        self.tr_text(vendor_hint.setText, "ui.activities.vendor.hint")
        vendor_layout.addWidget(vendor_hint)
        self.vendor_text = QLabel()
        self.vendor_text.setObjectName("vendorSummary")
        self.vendor_text.setWordWrap(True)
        self.vendor_text.setTextFormat(Qt.TextFormat.RichText)
        self.vendor_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.tr_text(self.vendor_text.setAccessibleName, "ui.activities.vendor.group")
        self.vendor_text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        vendor_layout.addWidget(self.vendor_text)
        layout.addWidget(self.vendor_box)
        layout.addStretch(1)
        self._set_empty(True)

    def _build_suggestion(self) -> None:
        self.suggestion = QWidget()
        row = QHBoxLayout(self.suggestion)
        row.setContentsMargins(0, 0, 0, 0)
        self.suggestion_text = QLabel()
        self.suggestion_text.setWordWrap(True)
        self.suggestion_text.setStyleSheet("color: #3d5a80;")
        self.use_suggestion = push_button()
        self.use_suggestion.setObjectName("useSuggestion")
        self.tr_text(self.use_suggestion.setText, "ui.activities.suggestion.use")
        self.tr_text(self.use_suggestion.setToolTip, "ui.activities.suggestion.tip")
        self.use_suggestion.clicked.connect(self.apply_suggestion)
        row.addWidget(self.suggestion_text, 1)
        row.addWidget(self.use_suggestion, 0, Qt.AlignmentFlag.AlignTop)
        self.suggestion.hide()
        self._suggested = ""
        self.rows["purpose"].extra.addWidget(self.suggestion)

    def _build_flow_map(self, layout) -> None:
        """Where this activity's data goes (issue 11): a click on a box opens the vendor or the recipient."""
        from ui.dataflow_view import FlowMapView, open_node

        self.flow_box = QGroupBox(tr("ui.activities.group.flow_map"))
        self.flow_box.setObjectName("activityFlowMap")
        box_layout = QVBoxLayout(self.flow_box)
        box_layout.addWidget(hint(tr("ui.activities.flow_map.hint")))
        self.flow_map = FlowMapView()
        self.flow_map.setMinimumHeight(260)
        self.flow_map.nodeActivated.connect(lambda node: open_node(self.session, node, self.activity_id))
        box_layout.addWidget(self.flow_map)
        layout.addWidget(self.flow_box)

    def _set_empty(self, empty: bool) -> None:
        self.scroll.setVisible(not empty)
        self.empty.setVisible(empty)

    # --- showing an activity ------------------------------------------------------------------------------
    def show_activity(self, activity_id: int | None) -> None:
        """Show another activity (what was typed in the previous one is saved first)."""
        if activity_id == self.activity_id:
            return
        self.commit_pending()
        self.activity_id = activity_id
        self.refresh(force=True)
        self.scroll.verticalScrollBar().setValue(0)

    def refresh(self, force: bool = False) -> None:
        """Show the current values, gaps and vendor facts; a field being typed in keeps what the user typed."""
        store = self.session.store
        entry = None
        if store is not None and self.activity_id is not None:
            try:
                row = store.activity(self.activity_id)
                register = self.session.register()
                entry = register.entry(self.activity_id)
            except (RopaError, KeyError):
                entry = None
        if entry is None:
            self.activity_id = None
            self._set_empty(True)
            self.optional.set_entry(None)
            self.locations.set_entry(None, [])
            return
        self._set_empty(False)
        lang = current()
        self.title.setText(entry.title)
        for name, field_row in self.rows.items():
            field_row.editor.set_value(row[name], force=force)
        gaps = [g for g in register.gaps if g.activity_id == entry.id]
        by_field: dict[str, list[tuple[str, str]]] = {}
        for gap in gaps:
            by_field.setdefault(gap.field, []).append((gap.severity, gap_text(gap, lang)))
        for name, field_row in self.rows.items():
            field_row.set_gaps(by_field.get(name, []))
        if entry.services:
            by_vendor: dict[str, list[str]] = {}
            for use in entry.services:
                by_vendor.setdefault(use.vendor, []).append(use.name)
            names = " · ".join(f"{vendor}: {', '.join(dict.fromkeys(services))}"
                               for vendor, services in by_vendor.items())
            self.services.setText(tr("ui.activities.editor.services", services=names))
        else:
            self.services.setText(tr("ui.activities.editor.no_services"))
        self.to_vendor.setVisible(bool(entry.services))
        self.remove_service.setVisible(bool(store.services_of_activity(entry.id)))
        self._refresh_proposals(row)
        counts = {s: sum(g.severity == s for g in gaps) for s in ("mandatory", "warning", "notice")}
        self._first_gap = gaps[0].field if gaps else ""
        self.gap_summary.setText(gap_counts(counts, "ui.activities.editor.gaps") if gaps
                                 else tr("ui.activities.editor.no_gaps"))
        self.gap_summary.setStyleSheet(f"color: {SEVERITY_COLOURS[gaps[0].severity]};" if gaps else "color: #2e7d32;")
        self.first_gap.setVisible(bool(gaps))
        self._refresh_suggestion(row, entry)
        self.optional.set_entry(entry)
        self.locations.set_entry(entry, gaps)
        from ropa_app.dataflow import activity_map

        flow = activity_map(register, entry, lang)
        if flow != self.flow_map.flow:
            self.flow_map.set_map(flow)
        summary = vendor_summary_html(entry, lang)
        self.vendor_text.setText(summary)
        self.vendor_box.setVisible(bool(summary))

    def _refresh_suggestion(self, row: dict, entry) -> None:
        self._suggested = ""
        if entry.template and not row["purpose"].strip():
            try:
                self._suggested = self.session.store.catalogue().activity(entry.template).purpose(current())
            except RopaError:
                self._suggested = ""
        self.suggestion_text.setText(tr("ui.activities.suggestion.text", purpose=self._suggested))
        self.suggestion.setVisible(bool(self._suggested))

    def _whole_register_language(self, _lang: str = "") -> None:
        """The service buttons and the template's proposals in the new language, widgets kept."""
        for button, key in ((self.add_service, "ui.activities.services.add"),
                            (self.remove_service, "ui.activities.services.remove")):
            button.setText(tr(key))
            button.setToolTip(tr(f"{key}_tip"))
        self.proposals.accept_all.setText(tr("ui.activities.proposals.accept_all"))
        store = self.session.store
        if store is not None and self.activity_id is not None:
            try:
                self._refresh_proposals(store.activity(self.activity_id))
            except RopaError:
                pass

    def _refresh_proposals(self, row: dict) -> None:
        from ropa_app.starter import load_starter_templates, pending_proposals

        pending = pending_proposals(row, current())
        templates = load_starter_templates()
        title = templates.get(row["template"]).title(current()) if pending else ""
        self.proposals.set_proposals(title, pending)

    # --- edits --------------------------------------------------------------------------------------------
    def accept_proposals(self, fields: list[str] | None) -> None:
        """Accept a starter template's proposal (one field, or all): written into the field, undoable."""
        if self.session.store is not None and self.activity_id is not None:
            self.commit_pending()
            self.session.push(AcceptProposals(self.session, self.activity_id, fields))

    def link_service(self) -> str | None:
        """"Add a vendor service …": search the catalogue and the own vendors, and link the one chosen."""
        store = self.session.store
        if store is None or self.activity_id is None:
            return None
        catalogue = store.catalogue()
        linked = set(store.services_of_activity(self.activity_id))
        choices = [(s.key, service_label(catalogue, s.key, store.service_origin(s.key) == "user"))
                   for s in catalogue.services if s.key not in linked]
        key = ServicePickerDialog.choose(self, choices, "ui.activities.services.picker_add")
        if key and self.session.push(LinkService(self.session, key, self.activity_id)):
            self.session.hub.statusMessage.emit(tr("ui.activities.services.linked", service=catalogue.service(key).name,
                                                   title=store.activity(self.activity_id)["title"]))
        return key

    def unlink_service(self) -> str | None:
        store = self.session.store
        if store is None or self.activity_id is None:
            return None
        catalogue = store.catalogue()
        choices = [(k, service_label(catalogue, k, store.service_origin(k) == "user"))
                   for k in store.services_of_activity(self.activity_id) if catalogue.has(k)]
        key = ServicePickerDialog.choose(self, choices, "ui.activities.services.picker_remove")
        if key:
            self.session.push(UnlinkService(self.session, key, self.activity_id))
        return key

    def save(self, field: str, value) -> None:
        """One finished edit of one field → one SetActivityField (nothing when the value did not change)."""
        store = self.session.store
        if store is None or self.activity_id is None:
            return
        editor = self.rows[field].editor
        try:
            new = normalise_value(ACTIVITY_FIELDS[field], value)
            old = store.activity(self.activity_id)[field]
        except RopaError as exc:
            editor.show_error(exc.message(current()))
            return
        if new == old:
            editor.set_value(old, force=True)
            return
        # The value the typing started from is not the file's any more: another window or the command line
        # changed this field meanwhile. The user's text is saved (they typed it last), and they are told what it
        # replaced; Ctrl+Z brings the other change back, and the change log holds both.
        try:
            started_from = normalise_value(ACTIVITY_FIELDS[field], editor.loaded)
        except (AttributeError, RopaError):
            started_from = old
        if self.session.push(SetActivityField(self.session, self.activity_id, field, value)) and \
                started_from != old:
            theirs = ", ".join(old) if isinstance(old, list) else str(old or "")
            shown = theirs if len(theirs) <= 60 else theirs[:57] + "…"
            self.session.hub.statusMessage.emit(tr(
                "ui.activities.changed_elsewhere", field=lower_first(field_label(field, current())),
                theirs=shown or tr("ui.activities.changed_elsewhere.empty")))

    def retranslated(self) -> None:
        for row in self.rows.values():
            row.retranslate()
        self.optional.retranslate()
        self.locations.retranslate()
        self.refresh()  # gaps, services, vendor facts; what is being typed stays

    def unsaved_invalid(self) -> list[tuple[str, QWidget]]:
        """(label, widget) of the fields holding an invalid value that is not saved (e-mail, phone)."""
        return [(tr(f"field.activity.{name}"), row.editor.focus_widget()) for name, row in self.rows.items()
                if getattr(row.editor, "unsaved_invalid", lambda: False)()]

    def discard_invalid(self) -> None:
        for row in self.rows.values():
            if getattr(row.editor, "unsaved_invalid", lambda: False)():
                row.editor.set_value(row.editor.loaded, force=True)

    def commit_pending(self) -> None:
        """Save whatever is typed but not yet saved (before showing another activity)."""
        if self.activity_id is None:
            return
        for field_row in self.rows.values():
            if field_row.editor.is_editing():
                field_row.editor.commit()

    def apply_suggestion(self) -> None:
        if self._suggested:
            self.save("purpose", self._suggested)

    def decide(self, service_key: str, subject: str, category: str, decision: str | None) -> None:
        if self.session.store is not None and self.activity_id is not None:
            self.session.push(DecideCategory(self.session, self.activity_id, service_key, subject, category,
                                             decision))

    def register_location(self, name: str) -> None:
        """Ask where a recipient processes the data (the vendor's answer) and record it."""
        store = self.session.store
        if store is None or self.activity_id is None:
            return
        existing = next((r for r in store.recipient_resolutions() if r["recipient"] == name), None)
        entry = self.session.register().entry(self.activity_id)
        recipient = next((r for r in entry.recipients if r.name == name), None)
        if existing:
            countries, mechanism, note = existing["countries"], existing["mechanism"], existing["note"]
        else:
            countries = [loc.code for loc in recipient.locations if loc.status != "not_stated"] if recipient else []
            mechanism, note = (recipient.mechanism if recipient else ""), ""
        values, accepted = RecipientDialog.get_values(self, name, countries, mechanism, note)
        if accepted:
            self.session.push(ResolveRecipient(self.session, name, values["countries"], values["mechanism"],
                                               values["note"]))

    # --- navigation ---------------------------------------------------------------------------------------
    def widget_for(self, field: str) -> QWidget | None:
        if field.startswith("recipient:"):
            return self.locations.buttons.get(field.split(":", 1)[1]) or self.rows["recipients"].editor.focus_widget()
        if field.startswith("category:"):
            return self.optional.combos.get(field.split(":", 1)[1]) or self.rows["data_categories"].editor.focus_widget()
        if field in self.rows:
            return self.rows[field].editor.focus_widget()
        return None

    def focus_field(self, field: str) -> bool:
        widget = self.widget_for(field)
        if widget is None:
            return False
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        if isinstance(widget, QLineEdit):
            widget.selectAll()
        self.scroll.ensureWidgetVisible(widget, 40, 80)
        # The layout may not be final yet (the page was just shown): scroll again once it is.
        self._scroll_target = widget
        QTimer.singleShot(0, self, self._scroll_again)
        return True

    def _scroll_again(self) -> None:
        widget, self._scroll_target = getattr(self, "_scroll_target", None), None
        try:
            if widget is not None and widget.isVisible():
                self.scroll.ensureWidgetVisible(widget, 40, 80)
        except RuntimeError:  # the widget was rebuilt meanwhile
            pass
