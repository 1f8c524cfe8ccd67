"""The Qt binding the app runs on survives what a long session does to it. PySide6 6.12 on Python 3.11 lost a
reference to None at every data() call a view made on a Python model, and aborted the app after some 100,000
of them; pyproject.toml keeps it out, and this test keeps it out for good."""
from __future__ import annotations

import subprocess
import sys
import textwrap

SESSION = textwrap.dedent("""
    import os, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt, Signal
    from PySide6.QtWidgets import QApplication

    app = QApplication([])

    class Model(QAbstractTableModel):
        def rowCount(self, parent=QModelIndex()): return 10
        def columnCount(self, parent=QModelIndex()): return 3
        def data(self, index, role=Qt.ItemDataRole.DisplayRole): return None

    model = Model()
    index = model.index(0, 0)
    none, true = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(300_000):  # what hours of scrolling and repainting ask of a model
        index.data()
        model.dataChanged.emit(index, index)
    print(sys.getrefcount(None) - none, sys.getrefcount(True) - true)
""")


def test_hours_of_table_paints_leave_none_and_true_alone():
    done = subprocess.run([sys.executable, "-c", SESSION], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    lost_none, lost_true = (int(n) for n in done.stdout.split())
    assert abs(lost_none) < 100 and abs(lost_true) < 100
