"""Issue 8.13: English mode shows no bokmål the app wrote itself, and bokmål mode no English: every page (every
activity in the editor, every service in the catalogue) and every dialog is walked in both languages. Vendor quotes
stay in the document's language, marked as quotes."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QLabel

from tests.ui.language_walk import data_strings, foreign, shown_texts
from ui.app import create_window
from ui.main_window import PAGE_KEYS


def walk(window) -> list[str]:
    texts: list[str] = []
    for key in PAGE_KEYS:
        page = window.show_page(key)
        QApplication.processEvents()
        texts += shown_texts(window)
        if key == "activities":
            for activity in window.session.store.activities():
                page.select(activity["id"])
                texts += shown_texts(window)
        if key == "catalogue":
            for service in page.model.service_keys():
                page.select(service)
                texts += shown_texts(window)
    return texts


def dialogs(window) -> list[str]:
    from ui.export_dialog import ExportDialog
    from ui.pages.activity_recipient import RecipientDialog
    from ui.pages.activity_services import ServicePickerDialog
    from ui.pages.catalogue_dialog import UserServiceDialog
    from ui.pages.organisation import JointControllerDialog

    store = window.session.store
    shown = [ExportDialog(window.session, window), UserServiceDialog(window, None, [(a['id'], a['title']) for a in store.activities()]),
             JointControllerDialog(window), RecipientDialog(window, "Google Analytics", ["US"], "", ""),
             ServicePickerDialog(window, [("talkmore/bedriftsnett", "Talkmore: Bedriftsnett")],
                                 "ui.activities.services.picker_add")]
    texts = []
    for dialog in shown:
        dialog.show()
        QApplication.processEvents()
        texts += shown_texts(dialog)
        dialog.close()
    return texts


@pytest.mark.parametrize("lang", ["en", "nb"])
def test_every_page_and_dialog_speaks_one_language(qtbot, sample_file, errors, lang, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    about = []
    monkeypatch.setattr(QMessageBox, "about", lambda parent, title, text: about.extend([title, text]))
    window = create_window([str(sample_file), "--lang", lang])
    qtbot.addWidget(window)
    window.show()
    other = "nb" if lang == "en" else "en"
    data = data_strings(window.session.store.catalogue())
    window.about()
    texts = walk(window) + dialogs(window) + about
    assert len(texts) > 1000
    assert ("Processing activities" if lang == "en" else "Behandlinger") in texts
    assert ("About ROPA" if lang == "en" else "Om ROPA") in texts
    assert foreign(texts, other, data) == []


def test_the_walk_notices_a_stray_message(qtbot, sample_file, errors):
    window = create_window([str(sample_file), "--lang", "en"])
    qtbot.addWidget(window)
    window.show()
    QLabel("Kom i gang", window.centralWidget()).show()
    assert foreign(shown_texts(window), "nb") == [("Kom i gang", "ui.start.heading")]


def test_switching_language_on_the_processor_page_shows_it_in_the_new_language(qtbot, sample_file, errors):
    """The page «Som databehandler» writes its words once; a language switch builds it again, and the pages after
    it in the window are retranslated too (a switch once stopped at it)."""
    from PySide6.QtWidgets import QLabel

    from ropa_app.i18n import t
    from ui.app import create_window

    window = create_window([str(sample_file)])
    qtbot.addWidget(window)
    window.show_page("processor")
    window.show_page("changelog")
    window.show_page("processor")
    window.change_language("en")
    page = window.pages["processor"]
    assert window.stack.currentWidget() is page
    assert t("ui.processor.title", "en") in [label.text() for label in page.findChildren(QLabel)]
    assert window.pages["changelog"].filter.placeholderText() == t("ui.log.filter", "en")
    window.change_language("nb")
