"""Issue 9 in the app, as a user meets it: a starter activity whose values wait as proposals; Visma Lønn added to
«Lønn og personal» through the own-vendor dialog (typed, checked as typed), ticked for a second activity on the
service page and unticked, added from the activity editor by searching, removed (asking about its activities),
every step undoable; a vendor pack imported under File, undoable. Dialogs are driven with exec patched."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QInputDialog, QMessageBox

from tests.ui.keys import CTRL, press, show_window
from ui.app import create_window
from ui.pages.activity_services import ServicePickerDialog
from ui.pages.catalogue_dialog import UserServiceDialog

VISMA = "user-visma/visma-lonn"


@pytest.fixture
def window(qtbot, sample_file, errors):
    from ui.i18n import set_language

    window = show_window(qtbot, create_window([str(sample_file)]))
    yield window
    set_language("nb")


def new_from_template(window, monkeypatch, title: str) -> int:
    page = window.show_page("activities")
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: (title, True))
    page.template_button.click()
    return page.editor.activity_id


def test_a_starter_activity_proposes_and_the_register_waits_for_the_users_yes(window, monkeypatch):
    store = window.session.store
    camera = new_from_template(window, monkeypatch, "Kameraovervåking")
    page = window.pages["activities"]
    editor = page.editor
    assert store.activity(camera)["title"] == "Kameraovervåking"
    assert editor.proposals.isVisible() and "Kameraovervåking" in editor.proposals.caption.text()
    assert set(editor.proposals.buttons) == {"purpose", "data_subjects", "legal_basis", "legal_basis_reference",
                                             "data_categories", "retention"}
    entry = window.session.register().entry(camera)
    assert entry.retention == "" and entry.purpose == "" and entry.legal_basis == ()  # proposals are not answers
    assert editor.rows["retention"].editor.value() in ("", [])

    editor.proposals.buttons["retention"].click()
    retention = store.activity(camera)["retention"]
    assert "7 dager" in retention and "kameraovervåkingsforskriften" in retention
    assert "7 dager" in window.session.register().entry(camera).retention
    assert "retention" not in editor.proposals.buttons
    press(Qt.Key.Key_Z, CTRL, widget=window)
    assert store.activity(camera)["retention"] == "" and "retention" in editor.proposals.buttons

    editor.proposals.accept_all.click()
    assert store.activity(camera)["legal_basis"] == ["f"] and not editor.proposals.isVisible()
    press(Qt.Key.Key_Z, CTRL, widget=window)  # all of them in one step
    assert store.activity(camera)["legal_basis"] == [] and store.activity(camera)["purpose"] == ""
    press(Qt.Key.Key_Z, CTRL, widget=window)  # and the activity itself
    assert camera not in [a["id"] for a in store.activities()]
    press(Qt.Key.Key_Y, CTRL, widget=window)
    assert store.activity(camera)["template"] == "camera"
    page.select(camera)
    assert not editor.proposals.isHidden() and "retention" in editor.proposals.buttons


def test_an_own_service_not_yet_linked_says_where_using_it_would_land(window, monkeypatch):
    def fill(dialog):
        dialog.vendor.setText("Fiken")
        dialog.service.setText("Fiken regnskap")
        return UserServiceDialog.DialogCode.Accepted

    monkeypatch.setattr(UserServiceDialog, "exec", fill)
    page = window.show_page("catalogue")
    page.add_button.click()
    key = "user-fiken/fiken-regnskap"
    assert page.selected_key() == key and not window.session.store.is_adopted(key)
    assert "«Fiken regnskap»" in page.use_hint.text()
    assert not page.checklist.checked()
    page.use.click()
    store = window.session.store
    assert [store.activity(i)["title"] for i in store.activities_of_service(key)] == ["Fiken regnskap"]
    assert "Fiken regnskap" in window.statusBar().currentMessage()


def test_visma_lonn_through_the_dialog_linked_unlinked_and_removed(window, qtbot, monkeypatch, questions):
    store = window.session.store
    payroll = new_from_template(window, monkeypatch, "Lønn og personal")
    second = next(a["id"] for a in store.activities() if a["title"] == "Telefoni og sentralbord")
    seen: dict[str, str] = {}

    def fill(dialog):
        dialog.vendor.setFocus()
        QTest.keyClicks(dialog.vendor, "Visma")
        QTest.keyClicks(dialog.service, "Visma Lønn")
        QTest.keyClicks(dialog.countries, "NO, XK")
        seen["bad_country"] = dialog.countries_note.text()
        QTest.keyClick(dialog.countries, Qt.Key.Key_Backspace)
        QTest.keyClick(dialog.countries, Qt.Key.Key_Backspace)
        QTest.keyClicks(dialog.countries, "IE")
        seen["countries"] = dialog.countries_note.text()
        QTest.keyClicks(dialog.sub_processors, ";US")
        seen["bad_sub"] = dialog.sub_processors_note.text()
        dialog.sub_processors.clear()
        QTest.keyClicks(dialog.sub_processors, "Microsoft Azure; IE, US")
        seen["sub"] = dialog.sub_processors_note.text()
        QTest.keyClicks(dialog.data_categories, "ansatte: lønn og skattetrekk")
        titles = [dialog.activity.itemText(i) for i in range(dialog.activity.count())]
        seen["activities"] = "|".join(titles)
        dialog.activity.setCurrentIndex(dialog.activity.findData(payroll))
        return UserServiceDialog.DialogCode.Accepted

    monkeypatch.setattr(UserServiceDialog, "exec", fill)
    page = window.show_page("catalogue")
    page.add_button.click()

    assert "«XK» er verken et land ROPA kjenner eller en landkode" in seen["bad_country"]
    assert seen["countries"] == "Norge (EU/EØS), Irland (EU/EØS)"
    assert "Linje 1" in seen["bad_sub"] and "mangler navn" in seen["bad_sub"]
    assert seen["sub"] == ("Microsoft Azure: Irland (EU/EØS), "
                           "USA (Tredjeland med betinget adekvansbeslutning)")
    # every activity of the file, not only the telecom templates
    assert "Lønn og personal" in seen["activities"] and "Pasientjournal" in seen["activities"]

    assert page.selected_key() == VISMA
    assert store.activities_of_service(VISMA) == [payroll]
    assert "Lønn og personal" in window.statusBar().currentMessage()
    assert page.checklist.is_checked(payroll) and not page.checklist.is_checked(second)
    press(Qt.Key.Key_Z, CTRL, widget=window)  # adding and linking are one step
    assert not store.catalogue().has(VISMA)
    press(Qt.Key.Key_Y, CTRL, widget=window)
    assert store.activities_of_service(VISMA) == [payroll]
    page.select(VISMA)

    page.checklist.toggle(second)  # a second activity
    assert sorted(store.activities_of_service(VISMA)) == sorted([payroll, second])
    assert "Visma" in [r.name for r in window.session.register().entry(second).recipients]
    page.checklist.toggle(second)  # and out again: still in use for payroll
    assert store.activities_of_service(VISMA) == [payroll] and store.is_adopted(VISMA)
    press(Qt.Key.Key_Z, CTRL, widget=window)
    assert sorted(store.activities_of_service(VISMA)) == sorted([payroll, second])
    press(Qt.Key.Key_Z, CTRL, widget=window)
    assert store.activities_of_service(VISMA) == [payroll]

    page.tree.setFocus()
    page.select(VISMA)
    questions.answer = QMessageBox.StandardButton.No
    press(Qt.Key.Key_Delete, widget=page.tree)
    assert "Den brukes i 1 behandling(er): «Lønn og personal»" in questions[-1]
    assert store.catalogue().has(VISMA)  # No keeps everything
    questions.answer = QMessageBox.StandardButton.Yes
    press(Qt.Key.Key_Delete, widget=page.tree)
    assert not store.catalogue().has(VISMA) and store.activity(payroll)["title"] == "Lønn og personal"
    log = [(e["entity"], e["entity_id"], e["field"]) for e in store.change_log()]
    assert ("user_service", VISMA, "facts") in log and ("activity", str(payroll), "service") in log
    press(Qt.Key.Key_Z, CTRL, widget=window)
    assert store.activities_of_service(VISMA) == [payroll]


def test_the_activity_editor_adds_a_vendor_service_by_searching(window, monkeypatch):
    store = window.session.store
    payroll = new_from_template(window, monkeypatch, "Lønn og personal")
    editor = window.pages["activities"].editor
    offered: list[str] = []

    def search(dialog):
        QTest.keyClicks(dialog.search, "inpli 2involve")
        offered.extend(dialog.list.item(i).text() for i in range(dialog.list.count())
                       if not dialog.list.item(i).isHidden())
        return ServicePickerDialog.DialogCode.Accepted

    monkeypatch.setattr(ServicePickerDialog, "exec", search)
    editor.add_service.click()
    key = "telenor-inpli/2involve-kontaktsenter"
    assert offered and all("2involve" in o for o in offered)
    assert store.activities_of_service(key) == [payroll]
    assert "2involve" in editor.services.text()
    # the catalogue's default activity was not made: the user chose where it goes
    assert not any(a["title"] == "Kundesenter (kontaktsenter)" for a in store.activities())

    def take_out(dialog):
        QTest.keyClicks(dialog.search, "2involve")
        return ServicePickerDialog.DialogCode.Accepted

    monkeypatch.setattr(ServicePickerDialog, "exec", take_out)
    editor.remove_service.click()
    assert store.activities_of_service(key) == [] and store.is_adopted(key)
    press(Qt.Key.Key_Z, CTRL, widget=window)
    assert store.activities_of_service(key) == [payroll]
    press(Qt.Key.Key_Z, CTRL, widget=window)
    assert not store.is_adopted(key)  # linking began its use: undo ends it, the activity stays
    assert store.activity(payroll)["title"] == "Lønn og personal"


def test_a_vendor_pack_is_imported_under_file_and_undone(window, tmp_path, monkeypatch, questions):
    from ropa_app.cli import main
    from ui import vendor_packs

    source = tmp_path / "konsulent.ropa"
    assert main(["init", str(source)]) == 0
    assert main(["vendor", "add", str(source), "--name", "Visma", "--service", "Visma Lønn", "--country", "NO"]) == 0
    pack = tmp_path / "pakke.toml"
    assert main(["pack", "export", str(source), "-o", str(pack)]) == 0
    monkeypatch.setattr(vendor_packs, "open_file_name", lambda *a: str(pack))
    action = next(a for a in window.findChildren(type(window.undo_action))
                  if a.text().replace("&", "") == "Importer leverandørpakke …")
    action.trigger()
    assert "Ny: Visma: Visma Lønn" in questions[-1] and "pakke.toml" in questions[-1]
    store = window.session.store
    service = store.catalogue().service(VISMA)
    assert (service.source.document, service.source.section) == ("pakke.toml", dt.date.today().isoformat())
    pack.write_text(pack.read_text().replace('countries = ["NO"]', 'countries = ["NO", "SE"]'))
    action.trigger()
    assert "Endret: Visma: Visma Lønn (Behandlingssted)" in questions[-1]
    assert store.catalogue().service(VISMA).countries == ("NO", "SE")
    press(Qt.Key.Key_Z, CTRL, widget=window)  # the changed facts go back
    assert store.catalogue().service(VISMA).countries == ("NO",)
    press(Qt.Key.Key_Z, CTRL, widget=window)
    assert not store.catalogue().has(VISMA)


def test_a_broken_pack_is_refused_in_the_app_and_nothing_changes(window, tmp_path, monkeypatch, errors):
    from conftest import checksum

    from ui import vendor_packs

    pack = tmp_path / "pakke.toml"
    pack.write_text('[pack]\nformat = "ropa-vendor-pack"\nversion = "1"\n\n[[vendors]]\nid = "user-x"\n'
                    'name = "X"\n', encoding="utf-8")
    monkeypatch.setattr(vendor_packs, "open_file_name", lambda *a: str(pack))
    window.session.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = checksum(window.session.path)
    vendor_packs.import_pack_dialog(window)
    assert errors and "pakke.toml, linje" in errors[-1] and "vendors[0].services" in errors[-1]
    assert checksum(window.session.path) == before


def test_in_english_the_template_and_its_proposals_are_english(qtbot, sample_file, errors, monkeypatch):
    from ui.i18n import set_language

    window = show_window(qtbot, create_window([str(sample_file), "--lang", "en"]))
    try:
        camera = new_from_template(window, monkeypatch, "Camera surveillance")
        editor = window.pages["activities"].editor
        assert window.session.store.activity(camera)["title"] == "Camera surveillance"
        texts = " ".join(label.text() for label in editor.proposals.findChildren(type(editor.proposals.caption)))
        assert "no later than 7 days after they were made" in texts and "Proposal:" in texts
        assert "Opptak slettes" not in texts and "Forslag" not in texts
        assert editor.proposals.buttons["retention"].text().replace("&", "") == "Accept"
    finally:
        set_language("nb")


def test_the_new_controls_follow_a_language_change(window, monkeypatch):
    camera = new_from_template(window, monkeypatch, "Kameraovervåking")
    catalogue = window.show_page("catalogue")
    catalogue.select("talkmore/bedriftsnett")
    window.change_language("en")
    catalogue = window.show_page("catalogue")
    catalogue.select("talkmore/bedriftsnett")
    assert catalogue.checklist.new_button.text().replace("&", "") == "New activity …"
    assert catalogue.checklist.caption.text().startswith("Activities the service supports")
    activities = window.show_page("activities")
    activities.select(camera)
    assert activities.template_button.text().replace("&", "") == "New from template …"
    assert activities.editor.add_service.text().replace("&", "") == "Add a vendor service …"
    assert "Proposals from the template" in activities.editor.proposals.caption.text()
    assert activities.editor.proposals.accept_all.text().replace("&", "") == "Accept all proposals"
