"""Screenshots of every page for the README, in bokmål at 1366x768, on the sample company:

    xvfb-run -s "-screen 0 1366x768x24" .venv/bin/python docs/screenshots/make.py

Under Xvfb this is a real X11 window (not offscreen); the whole screen is grabbed, as a user would see it.
"""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))
os.environ.setdefault("ROPA_DATA_DIR", tempfile.mkdtemp())

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402


def main() -> None:
    app = QApplication(sys.argv)
    from ui.app import create_window
    from ui.export_dialog import ExportDialog

    window = create_window(["--sample", "--lang", "nb"])
    window.setGeometry(0, 0, 1366, 768)
    window.showMaximized()
    shots = [("oversikt", "overview", None), ("virksomhet", "organisation", None),
             ("leverandorkatalog", "catalogue", "talkmore/bedriftsnett"), ("behandlinger", "activities", 1),
             ("endringslogg", "changelog", None)]

    def settle() -> None:
        for _ in range(5):
            app.processEvents()

    def grab(name: str) -> None:
        settle()
        app.primaryScreen().grabWindow(0).save(str(HERE / f"{name}.png"))
        print(HERE / f"{name}.png")

    def run() -> None:
        for name, page, target in shots:
            if page == "catalogue":
                window.navigate(page, None, target)
            elif page == "activities":
                window.navigate(page, target, "title")
            else:
                window.show_page(page)
            grab(name)
        window.show_page("overview")
        dialog = ExportDialog(window.session, window, fmt="pdf")
        dialog.show()
        dialog.move(window.geometry().center() - dialog.rect().center())
        grab("eksport")
        dialog.close()
        app.quit()

    QTimer.singleShot(500, run)
    app.exec()


if __name__ == "__main__":
    main()
