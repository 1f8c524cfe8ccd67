"""Screenshots of every page for the README, in bokmål at 1366x768, on the sample company, plus an own vendor's
service page with its activity checklist and a starter template's proposals, «Kom i gang» on a new file and the
activities page at 150 % scaling (run again in a subprocess with QT_SCALE_FACTOR=1.5):

    xvfb-run -s "-screen 0 1366x768x24" .venv/bin/python docs/screenshots/make.py

Under Xvfb this is a real X11 window (not offscreen); the whole screen is grabbed, as a user would see it.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))
os.environ.setdefault("ROPA_DATA_DIR", tempfile.mkdtemp())

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402


def main() -> None:
    scaled = "--scaled" in sys.argv
    app = QApplication(sys.argv[:1])
    from ui.app import create_window
    from ui.export_dialog import ExportDialog

    window = create_window(["--sample", "--lang", "nb"])
    if not scaled:
        window.setGeometry(0, 0, 1366, 768)
    else:  # Xvfb has no window manager to maximise the window: fill the (scaled) screen as one would
        window.setGeometry(app.primaryScreen().availableGeometry())
    window.showMaximized()
    shots = [("oversikt", "overview", None), ("virksomhet", "organisation", None),
             ("leverandorkatalog", "catalogue", "talkmore/bedriftsnett"), ("behandlinger", "activities", 1),
             ("som-databehandler", "processor", 1), ("endringslogg", "changelog", None)]

    def settle() -> None:
        for _ in range(5):
            app.processEvents()

    def grab(name: str) -> None:
        settle()
        app.primaryScreen().grabWindow(0).save(str(HERE / f"{name}.png"))
        print(HERE / f"{name}.png")

    def run_scaled() -> None:
        window.navigate("activities", 1, "title")
        grab("behandlinger-150")
        window.navigate("catalogue", None, "talkmore/bedriftsnett")
        grab("leverandorkatalog-150")
        app.quit()

    def whole_register() -> None:
        """Issue 9: an own vendor's service page with its activity checklist, and a starter template's proposals."""
        from ropa_app.own_vendors import build_own_service
        from ui.commands import AddActivityFromTemplate, LinkService, SaveUserService

        session = window.session
        payroll = session.store.activity_by_title("Lønn og personal")  # the sample company has one
        vendor, service = build_own_service(
            {"vendor": "Visma", "service": "Visma Lønn", "countries": "NO",
             "sub_processors": "Microsoft Azure; IE, NL", "data_categories": "ansatte: lønn og skattetrekk",
             "retention": "Lønnsdokumentasjon slettes 5 år etter regnskapsårets slutt"}, session.store.catalogue())
        session.push(SaveUserService(session, vendor, service))
        session.push(LinkService(session, service.key, payroll))
        window.navigate("catalogue", None, service.key)
        grab("tjeneste-behandlinger")
        camera = AddActivityFromTemplate(session, "camera")
        session.push(camera)
        window.navigate("activities", camera.activity_id, "")
        grab("behandling-fra-mal")

    def run() -> None:
        for name, page, target in shots:
            if page == "catalogue":
                window.navigate(page, None, target)
            elif page in ("activities", "processor"):
                window.navigate(page, target, "title" if page == "activities" else "served_controller.name")
            else:
                window.show_page(page)
            grab(name)
        # the data-flow map (issue 11): the whole company on the overview, one activity in its editor
        from PySide6.QtWidgets import QScrollArea

        overview = window.show_page("overview")
        settle()
        scroll = overview.findChild(QScrollArea)
        top = overview.flow_map.mapTo(scroll.widget(), overview.flow_map.rect().topLeft()).y()
        scroll.verticalScrollBar().setValue(top - 70)  # the map's heading in view, not the page's top
        settle()
        grab("dataflytkart")
        window.navigate("activities", 1, "title")
        editor = window.pages["activities"].editor
        settle()
        editor.scroll.verticalScrollBar().setValue(editor.flow_box.y() - 10)
        grab("behandling-dataflyt")
        overview.findChild(QScrollArea).verticalScrollBar().setValue(0)
        window.show_page("overview")
        dialog = ExportDialog(window.session, window, fmt="pdf")
        dialog.show()
        dialog.move(window.geometry().center() - dialog.rect().center())
        grab("eksport")
        dialog.close()
        whole_register()
        window.open_path(Path(tempfile.mkdtemp()) / "Ny protokoll.ropa", create=True)
        window.show_page("overview")
        grab("kom-i-gang")
        app.quit()

    QTimer.singleShot(500, run_scaled if scaled else run)
    app.exec()
    if not scaled:  # the same screen at 150 %: 911×512 logical pixels
        subprocess.run([sys.executable, __file__, "--scaled"], env={**os.environ, "QT_SCALE_FACTOR": "1.5"},
                       check=True)


if __name__ == "__main__":
    main()
