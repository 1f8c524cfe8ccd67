"""`ropa-app [FILE] [--sample]`: the desktop app. Opens FILE, else the last file, else the default file (made and
seeded on first run)."""
from __future__ import annotations

import argparse
import sys
from functools import lru_cache
from pathlib import Path

from PySide6.QtWidgets import QApplication

from ropa_app import APP_NAME, __version__
from ropa_app.paths import default_file


def parse_args(argv: list[str]) -> argparse.Namespace:
    return _parser().parse_args(argv)


@lru_cache(maxsize=1)
def _parser() -> argparse.ArgumentParser:
    """Made once: main() and create_window() both read the arguments."""
    parser = argparse.ArgumentParser(prog="ropa-app", description="ROPA – protokoll over behandlingsaktiviteter")
    parser.add_argument("file", nargs="?", help="ROPA file to open")
    parser.add_argument("--sample", action="store_true", help="open the sample company")
    parser.add_argument("--lang", choices=("nb", "en"), help="language (remembered)")
    parser.add_argument("--export", metavar="OUT", help="export the opened file (xlsx, pdf or json by suffix) and quit")
    parser.add_argument("--version", action="version", version=f"ropa-app {__version__}")
    return parser


def initial_file(args: argparse.Namespace) -> tuple[Path, bool]:
    """The file to open at start and whether it must be created."""
    from ui import settings

    if args.sample:
        from ropa_app.sample import sample_file

        return sample_file(), False
    if args.file:
        return Path(args.file), False
    last = settings.last_file()
    if last:
        return last, False
    path = default_file()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        return path, True
    return path, False


def create_window(argv: list[str] | None = None):
    """Build the application's main window (used by main() and by the tests)."""
    from ropa_app.errors import RopaError
    from ui import settings
    from ui.crash import install_excepthook
    from ui.i18n import current, set_language, tr
    from ui.main_window import MainWindow

    args = parse_args(list(argv or []))
    lang = args.lang or settings.language()
    set_language(lang)
    if args.lang:
        settings.set_language(args.lang)
    window = MainWindow()

    def report(log_file: Path) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.critical(window, tr("ui.dialog.crash_title"), tr("ui.dialog.crash_text", log=str(log_file)))

    install_excepthook(report)
    try:
        path, create = initial_file(args)
    except RopaError as exc:  # --sample in a build without the sample company
        window.show_error(exc.message(current()))
        path, create = None, False
    if path is None or (not window.open_path(path, create=create) and not create and path != default_file()):
        # The named file could not be opened (the reason was shown): fall back to the default file.
        fallback = default_file()
        fallback.parent.mkdir(parents=True, exist_ok=True)
        if window.open_path(fallback, create=not fallback.exists()) and path is not None:
            window.hub.statusMessage.emit(tr("ui.status.opened_default", path=str(fallback)))  # not silently
    geometry = settings.settings().value("geometry")
    if geometry:
        window.restoreGeometry(geometry)  # saved on another screen it may be too large for this one
        from ui.main_window import fitted_size

        window.resize(fitted_size(window.size()))
    return window


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_NAME)
    app.setDesktopFileName("ropa-app")
    from PySide6.QtGui import QIcon

    from ropa_app.paths import resource_path

    app.setWindowIcon(QIcon(str(resource_path("icons", "app.svg"))))
    window = create_window(argv)
    args = parse_args(argv)
    if args.export:
        return export_and_quit(window, Path(args.export))
    window.show()
    return app.exec()


def export_and_quit(window, target: Path) -> int:
    """Export the window's file the way the export dialog does, for scripts and the bundle's smoke test."""
    from ropa_app.errors import RopaError
    from ropa_app.export import export_register
    from ui.i18n import current

    if window.session.store is None:
        return 1
    try:
        export_register(window.session.register(), target.suffix.lstrip(".").lower(), target, current())
    except RopaError as exc:
        sys.stderr.write(exc.message(current()) + "\n")
        return 1
    sys.stdout.write(f"{target}\n")
    window.close()
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
