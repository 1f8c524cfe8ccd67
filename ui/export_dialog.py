"""Export dialog: format, language and target; the export runs in a worker thread with progress and cancel, and
afterwards offers to open the file or its folder. The gap count is shown before anything is written."""
from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QThread, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ropa_app.errors import RopaError
from ropa_app.export import ExportCancelled, check_export_target, export_register
from ropa_app.register import AUDIENCES, Register
from ui.file_dialogs import remember_folder, start_folder
from ui.i18n import counted, current, tr

FORMATS = ("xlsx", "pdf", "json")


class ExportWorker(QObject):
    progressed = Signal(int, str)
    finished = Signal(str)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, register: Register, fmt: str, target: Path, lang: str) -> None:
        super().__init__()
        self.register, self.fmt, self.target, self.lang = register, fmt, target, lang
        self._cancel = False

    def cancel(self) -> None:
        self._cancel = True  # read by the progress callback in the worker thread

    def _progress(self, fraction: float, message: str) -> None:
        if self._cancel:
            raise ExportCancelled
        self.progressed.emit(int(fraction * 100), message)

    @Slot()
    def run(self) -> None:
        try:
            export_register(self.register, self.fmt, self.target, self.lang, self._progress)
        except ExportCancelled:
            self.cancelled.emit()
        except RopaError as exc:
            self.failed.emit(exc.message(current()))
        except Exception as exc:  # an unexpected failure: logged, and the user told in words
            from ui.crash import setup_logging

            log = setup_logging()
            log.exception("export failed")
            self.failed.emit(tr("ui.export.unexpected", detail=str(exc)))
        else:
            self.finished.emit(str(self.target))


def suggested_name(organisation: str, fmt: str, lang: str) -> str:
    base = tr("ui.export.file_stem") + (f" {organisation}" if organisation else "")
    base = re.sub(r'[\\/:*?"<>|\x00-\x1f]', "", base).strip() or "protokoll"
    return f"{base}.{fmt}"


class ExportDialog(QDialog):
    exportFinished = Signal(str)

    def __init__(self, session, parent=None, fmt: str = "xlsx") -> None:
        super().__init__(parent)
        self.session = session
        self.thread: QThread | None = None
        self.worker: ExportWorker | None = None
        self.result_path: Path | None = None
        self.setWindowTitle(tr("ui.export.title"))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)

        from ropa_app.processor_register import gaps_of_parts

        register = session.register()  # the export holds the controller's register: its gaps are the ones listed
        mandatory = sum(1 for g in gaps_of_parts(register) if g.severity == "mandatory")
        self.gap_label = QLabel(counted("ui.export.gaps", mandatory) if mandatory else tr("ui.export.no_gaps"))
        self.gap_label.setWordWrap(True)
        self.gap_label.setStyleSheet("color: #9a5b00; font-weight: bold;" if mandatory else "color: #2e7d32;")
        layout.addWidget(self.gap_label)

        form = QFormLayout()
        self.format = QComboBox()
        for key in FORMATS:
            self.format.addItem(tr(f"ui.export.format.{key}"), key)
        self.format.setCurrentIndex(FORMATS.index(fmt) if fmt in FORMATS else 0)
        self.format.setAccessibleName(tr("ui.export.format"))
        form.addRow(tr("ui.export.format"), self.format)
        self.language = QComboBox()
        for lang in ("nb", "en"):
            self.language.addItem(tr(f"ui.language.{lang}"), lang)
        self.language.setCurrentIndex(0 if current() == "nb" else 1)
        self.language.setAccessibleName(tr("ui.export.language"))
        form.addRow(tr("ui.export.language"), self.language)
        self.audience = QComboBox()  # who the copy is for: the register alone for Datatilsynet (art. 30(4))
        for key in AUDIENCES:
            self.audience.addItem(tr(f"ui.export.audience.{key}"), key)
            self.audience.setItemData(self.audience.count() - 1, tr(f"ui.export.audience.{key}.tip"),
                                      Qt.ItemDataRole.ToolTipRole)
        self.audience.setAccessibleName(tr("ui.export.audience"))
        form.addRow(tr("ui.export.audience"), self.audience)
        target_row = QWidget()
        row = QHBoxLayout(target_row)
        row.setContentsMargins(0, 0, 0, 0)
        self.target = QLineEdit()
        self.target.setAccessibleName(tr("ui.export.target"))
        browse = QPushButton(tr("ui.export.browse"))
        browse.clicked.connect(self.browse)
        row.addWidget(self.target, 1)
        row.addWidget(browse)
        form.addRow(tr("ui.export.target"), target_row)
        layout.addLayout(form)

        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.hide()
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)

        buttons = QHBoxLayout()
        self.open_file = QPushButton(tr("ui.export.open_file"))
        self.open_folder = QPushButton(tr("ui.export.open_folder"))
        self.open_file.clicked.connect(lambda: self._open(self.result_path))
        self.open_folder.clicked.connect(lambda: self._open(self.result_path.parent if self.result_path else None))
        for b in (self.open_file, self.open_folder):
            b.hide()
            buttons.addWidget(b)
        buttons.addStretch(1)
        self.export_button = QPushButton(tr("ui.export.start"))
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.start)
        self.cancel_button = QPushButton(tr("ui.export.close"))
        self.cancel_button.clicked.connect(self.cancel_or_close)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.cancel_button)
        layout.addLayout(buttons)

        self.format.currentIndexChanged.connect(self._format_changed)
        self._set_default_target()

    # --- target -------------------------------------------------------------------------------------------
    def _folder(self) -> Path:
        """The documents folder the first time, the last folder used after that (never the app's data folder)."""
        return start_folder()

    def _set_default_target(self) -> None:
        name = suggested_name(self.session.store.organisation()["name"], self.fmt(), current())
        self.target.setText(str(self._folder() / name))

    def _format_changed(self) -> None:
        text = self.target.text().strip()
        if text:
            self.target.setText(str(Path(text).with_suffix("." + self.fmt())))

    def fmt(self) -> str:
        return self.format.currentData()

    def browse(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, tr("ui.export.title"), self.target.text(),
                                              tr(f"ui.export.filter.{self.fmt()}"))
        if name:
            remember_folder(name)
            path = Path(name)
            if path.suffix.lower() != "." + self.fmt():
                path = path.with_name(path.name + "." + self.fmt())
            self.target.setText(str(path))

    # --- running ------------------------------------------------------------------------------------------
    def start(self) -> None:
        text = self.target.text().strip()
        if not text:
            self.status.setText(tr("ui.export.no_target"))
            return
        target = Path(text).expanduser()
        try:  # never onto the open file or any ROPA file: refused before anything is written
            check_export_target(target, self.session.path)
        except RopaError as exc:
            self.status.setText(exc.message(current()))
            return
        # Built here: the SQLite connection belongs to this thread.
        register = self.session.register().for_audience(self.audience.currentData())
        self.result_path = None
        self.export_button.setEnabled(False)
        self.cancel_button.setText(tr("ui.export.cancel"))
        self.progress.setValue(0)
        self.progress.show()
        self.status.setStyleSheet("")
        self.status.setText(tr("ui.export.running"))
        for b in (self.open_file, self.open_folder):
            b.hide()
        self.thread = QThread(self)
        self.worker = ExportWorker(register, self.fmt(), target, self.language.currentData())
        self.worker.moveToThread(self.thread)
        self.thread.started.connect(self.worker.run)
        self.worker.progressed.connect(self._progressed)
        self.worker.finished.connect(self._finished)
        self.worker.failed.connect(self._failed)
        self.worker.cancelled.connect(self._cancelled)
        for signal in (self.worker.finished, self.worker.failed, self.worker.cancelled):
            signal.connect(self.thread.quit)
        self.thread.finished.connect(self.worker.deleteLater)
        self.thread.start()

    def _progressed(self, value: int, message: str) -> None:
        self.progress.setValue(value)
        if message:
            self.status.setText(message)

    def _done(self) -> None:
        self.export_button.setEnabled(True)
        self.cancel_button.setText(tr("ui.export.close"))

    def _finished(self, path: str) -> None:
        self._done()
        self.result_path = Path(path)
        remember_folder(self.result_path)
        self.progress.setValue(100)
        self.status.setStyleSheet("")  # a failure before this success was red
        self.status.setText(tr("ui.export.done", path=path))
        for b in (self.open_file, self.open_folder):
            b.show()
        self.exportFinished.emit(path)

    def _failed(self, message: str) -> None:
        self._done()
        self.progress.hide()
        self.status.setText(message)
        self.status.setStyleSheet("color: #b3261e;")

    def _cancelled(self) -> None:
        self._done()
        self.progress.hide()
        self.status.setStyleSheet("")
        self.status.setText(tr("ui.export.cancelled"))

    def cancel_or_close(self) -> None:
        if self.thread and self.thread.isRunning():
            self.worker.cancel()
            return
        self.reject()

    def running(self) -> bool:
        return bool(self.thread and self.thread.isRunning())

    def done(self, result: int) -> None:
        if self.running():
            self.worker.cancel()
            self.thread.wait(10_000)
        super().done(result)

    @staticmethod
    def _open(path: Path | None) -> None:
        if path:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
