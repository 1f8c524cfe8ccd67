"""Oversikt: the organisation, counts, every gap (click one to go to its field), and the export buttons.

It is the first screen: until the open file's register has been read (the window asks once it is on screen), it
shows what one cheap query gives (the name, the number, how many activities) and says it is reading the rest;
the map and the register's texts are imported only then.
"""
from __future__ import annotations

from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ropa_app.validation import format_orgnr
from ui.i18n import current, tr
from ui.pages import (
    RefreshWhenShown,
    Retranslatable,
    bold,
    gap_target,
    heading,
    hint,
    plain_label,
    push_button,
    set_by_name,
)

PENDING = "…"  # a count not known until the register is read


class OverviewPage(Retranslatable, RefreshWhenShown, QWidget):
    page_key = "overview"

    def __init__(self, session, window) -> None:
        super().__init__()
        self.session, self.window_ = session, window
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()  # a small or scaled screen scrolls the page rather than cutting it
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        set_by_name(scroll, focusPolicy="NoFocus")
        outer.addWidget(scroll)
        body = QWidget()
        scroll.setWidget(body)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(24, 18, 24, 18)
        self.title = heading("")
        self.subtitle = plain_label()
        set_by_name(self.subtitle, textInteractionFlags="TextSelectableByMouse")
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)

        counts = QFrame()
        counts.setFrameShape(QFrame.Shape.StyledPanel)
        grid = QGridLayout(counts)
        self.count_labels: dict[str, QLabel] = {}
        for column, key in enumerate(("activities", "processors", "sub_processors", "transfers", "gaps")):
            number = bold(QLabel("0"), 1.8)
            set_by_name(number, alignment="AlignCenter")
            caption = QLabel()
            self.tr_text(caption.setText, f"ui.overview.count.{key}")
            set_by_name(caption, alignment="AlignCenter")
            caption.setWordWrap(True)  # five captions side by side fit a scaled laptop screen
            grid.addWidget(number, 0, column)
            grid.addWidget(caption, 1, column)
            self.count_labels[key] = number
        layout.addWidget(counts)

        self.reading_note = hint("")
        self.tr_text(self.reading_note.setText, "ui.overview.reading")
        self.reading_note.hide()
        layout.addWidget(self.reading_note)

        self.layout_ = layout
        # «Kom i gang» and the gap table are made with the register (see _register_views); the first screen shows
        # neither, it says it is reading.
        self.getting_started = self.gaps = self.gap_model = self.gap_proxy = None
        self._gaps_shown: tuple | None = None  # the register's gaps the table shows (unchanged: not rebuilt)
        self._gaps_lang = ""

        buttons = QHBoxLayout()
        self.export_xlsx = push_button()
        self.export_pdf = push_button()
        self.tr_text(self.export_xlsx.setText, "ui.overview.export_xlsx")
        self.tr_text(self.export_pdf.setText, "ui.overview.export_pdf")
        for button, fmt in ((self.export_xlsx, "xlsx"), (self.export_pdf, "pdf")):
            button.clicked.connect(lambda _=False, f=fmt: self.export(f))
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

        # Where the data goes (issue 11): the whole company's map, from the same Register as the counts and gaps.
        # Made when the register has been read; until then a frame of its size holds its place.
        map_heading, map_hint = heading(""), hint("")
        self.tr_text(map_heading.setText, "ui.overview.map_heading")
        self.tr_text(map_hint.setText, "ui.overview.map_hint")
        layout.addWidget(map_heading)
        layout.addWidget(map_hint)
        self.flow_map = None
        self.map_place = QFrame()
        self.map_place.setFrameShape(QFrame.Shape.StyledPanel)
        self.map_place.setMinimumHeight(320)
        self.map_layout = QVBoxLayout(self.map_place)
        self.map_layout.setContentsMargins(0, 0, 0, 0)
        self.map_waiting = hint("")
        self.tr_text(self.map_waiting.setText, "ui.status.reading")
        set_by_name(self.map_waiting, alignment="AlignCenter")
        self.map_layout.addWidget(self.map_waiting)
        layout.addWidget(self.map_place)

        gaps_heading, gaps_hint = heading(""), hint("")
        self.tr_text(gaps_heading.setText, "ui.overview.gaps_heading")
        self.tr_text(gaps_hint.setText, "ui.overview.gaps_hint")
        layout.addWidget(gaps_heading)
        layout.addWidget(gaps_hint)
        self.gaps_waiting = hint("")  # in the table's place while the register is read: never an empty table
        self.tr_text(self.gaps_waiting.setText, "ui.status.reading")
        set_by_name(self.gaps_waiting, alignment="AlignLeft|AlignTop")
        layout.addWidget(self.gaps_waiting, 1)  # (takes the table's room, its text at the top)

        # Rebuilding thousands of gap rows is only worth it when someone looks at them.
        session.hub.registerChanged.connect(self.mark_stale)
        self.refresh()

    @property
    def reading(self) -> bool:
        """Whether the page shows the file's summary while its register is being read."""
        return not self.reading_note.isHidden()

    def _show_heading(self, name: str, org_number: str) -> None:
        self.title.setText(name or tr("ui.title.no_name"))
        number = format_orgnr(org_number) if org_number else tr("ui.overview.no_orgnr")
        self.subtitle.setText(tr("ui.overview.subtitle", orgnr=number, file=str(self.session.path)))

    def _show_summary(self) -> None:
        """Before the register is read: the name, the number and the activities from one query; the other
        counts wait, and the page says it is reading (the window reads once this is on screen)."""
        summary = self.session.store.summary()
        self._show_heading(summary["name"], summary["org_number"])
        for key, label in self.count_labels.items():
            label.setText(str(summary["activities"]) if key == "activities" else PENDING)
        if self.gaps is not None:  # (another file is being read)
            self.getting_started.hide()
            self.gaps.hide()
        self.gaps_waiting.show()
        self.reading_note.show()

    def refresh(self) -> None:
        if not self.session.store:  # closed (a damaged file): nothing is being read
            self.reading_note.hide()
            self.gaps_waiting.hide()
            for label in self.count_labels.values():
                label.setText(PENDING)
            return
        if not self.session.is_read:
            self._show_summary()
            return  # still stale: the register's arrival (registerChanged) refreshes again
        from ui.pages.gap_table import in_register_order
        from ui.pages.getting_started import steps_done

        register = self.session.register()
        org = register.organisation
        self._show_heading(org.name, org.org_number)
        self._register_views()
        self.reading_note.hide()
        self.gaps_waiting.hide()
        self.gaps.show()
        counts = {"activities": len(register.entries), "processors": len(register.data_processors),
                  "sub_processors": len(register.sub_processors), "transfers": len(register.transfers),
                  "gaps": len(register.mandatory_gaps)}
        for key, value in counts.items():
            self.count_labels[key].setText(str(value))
        if self._gaps_shown is not register.gaps or self._gaps_lang != current():
            self.gap_model.set_rows([{"gap": g} for g in register.gaps])
            self._gaps_shown, self._gaps_lang = register.gaps, current()
        in_register_order(self.gaps, self.gap_proxy)
        done = steps_done(register, len(self.session.store.adopted_services()))
        self.getting_started.set_done(done)
        self.getting_started.setVisible(not all(done.values()))
        self._refresh_map(register)
        self.refreshed()

    def _register_views(self) -> None:
        """«Kom i gang» and the gap table, made the first time there is a register to fill them (the first screen
        shows neither: made then, they and their modules would delay its paint)."""
        if self.gaps is not None:
            return
        from ui.pages.gap_table import make_gap_table
        from ui.pages.getting_started import GettingStarted

        layout = self.layout_
        self.getting_started = GettingStarted()
        self.getting_started.pageRequested.connect(
            lambda page: self.session.hub.navigateRequested.emit(page, None, ""))
        self.getting_started.hide()
        layout.insertWidget(layout.indexOf(self.reading_note) + 1, self.getting_started)
        # Tab reaches the steps before the export buttons, as they stand on the page (made later, they came last).
        previous = list(self.getting_started.steps.values())[-1]
        for button in (self.export_xlsx, self.export_pdf):
            QWidget.setTabOrder(previous, button)
            previous = button
        self.gaps, self.gap_model, self.gap_proxy = make_gap_table(self)
        self.tr_text(self.gaps.setAccessibleName, "ui.overview.gaps_heading")
        self.gaps.activated.connect(self.open_gap)
        self.gaps.doubleClicked.connect(self.open_gap)
        layout.insertWidget(layout.indexOf(self.gaps_waiting), self.gaps, 1)

    def _refresh_map(self, register) -> None:
        from ropa_app.dataflow import company_map

        if self.flow_map is None:
            from ui.dataflow_view import FlowMapView, open_node

            self.flow_map = FlowMapView()
            self.flow_map.nodeActivated.connect(lambda node: open_node(self.session, node))
            self.map_waiting.hide()
            self.map_place.setFrameShape(QFrame.Shape.NoFrame)  # the view has its own
            self.map_layout.addWidget(self.flow_map)
            # Tab as the page reads: export, the map, then the gaps under it (made later, the map came last)
            QWidget.setTabOrder(self.export_pdf, self.flow_map)
        flow = company_map(register, current())
        if flow != self.flow_map.flow:  # most edits leave the map as it is: no scene rebuilt per keystroke
            self.flow_map.set_map(flow)

    def retranslated(self) -> None:
        if self.gaps is not None:
            from ui.pages.gap_table import header_changed

            self.getting_started.retranslate()
            header_changed(self.gap_model)
        self.refresh()

    def open_gap(self, index) -> None:
        from ui.models import ROW_ROLE

        row = self.gap_proxy.data(index, ROW_ROLE)
        if row:
            page, activity_id, field = gap_target(row["gap"])
            self.session.hub.navigateRequested.emit(page, activity_id, field)

    def export(self, fmt: str) -> None:
        from ui.export_dialog import ExportDialog

        ExportDialog(self.session, self.window_, fmt=fmt).exec()
