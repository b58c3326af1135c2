"""Every key of the program does one thing: no key bound twice on what is on screen together.

Ctrl+L was bound twice (the Account menu and the lock), Qt logged "Ambiguous shortcut
overload" and locked nothing. These tests walk every action, shortcut, button and label
mnemonic of the main window, with the patient list and then a visit on screen, in English and
in Spanish, and press Ctrl+L as a clinician would.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractButton, QApplication, QGroupBox, QLabel, QWidget
from pytestqt.qtbot import QtBot

from clinic_desktop.persistence.database import Database
from clinic_desktop.ui.main_window import MainWindow
from clinic_desktop.ui.session import ClinicSession
from clinic_desktop.ui.shortcuts import SHORTCUTS
from clinic_desktop.ui.translation import install_translators
from clinic_desktop.ui.wizard.wizard import AssessmentWizard
from tests.gui.conftest import add_patient

PASSWORD = "Correct-Horse-7391"
GLOBAL_CONTEXTS = (Qt.ShortcutContext.WindowShortcut, Qt.ShortcutContext.ApplicationShortcut)

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support raise", "This plugin does not support grabbing"
)


def key_text(sequence: QKeySequence) -> str:
    return sequence.toString(QKeySequence.SequenceFormat.PortableText)


def shown(widget: QWidget) -> bool:
    return widget.isVisible() and widget.isEnabled()


def live_keys(window: MainWindow) -> dict[str, list[str]]:
    """Key -> what it does now, over everything that can take a key while `window` shows.

    Actions and shortcuts of window or application reach; buttons, check boxes and group
    boxes on screen (their own shortcut or the mnemonic of their text); a label's mnemonic
    that moves the focus to its buddy; the menu titles of the menu bar.
    """
    bound: dict[str, list[str]] = defaultdict(list)

    def owner_shown(owner: QObject) -> bool:
        return not isinstance(owner, QWidget) or owner.isVisible()

    for action in window.findChildren(QAction):
        if not action.isEnabled() or action.menu() is not None:
            continue
        hosts = [w for w in action.associatedObjects() if isinstance(w, QWidget)]
        reach = action.shortcutContext()
        if reach in GLOBAL_CONTEXTS or any(owner_shown(w) for w in hosts):
            for sequence in action.shortcuts():
                bound[key_text(sequence)].append(f"action {action.text() or action.objectName()}")
    for shortcut in window.findChildren(QShortcut):
        parent = shortcut.parent()
        if shortcut.isEnabled() and owner_shown(parent) and shortcut.context() in GLOBAL_CONTEXTS:
            bound[key_text(shortcut.key())].append(f"shortcut on {type(parent).__name__}")
    for button in window.findChildren(QAbstractButton):
        if shown(button) and not button.shortcut().isEmpty():
            bound[key_text(button.shortcut())].append(f"button {button.text()}")
    for box in window.findChildren(QGroupBox):
        if shown(box) and box.isCheckable() and "&" in box.title():
            bound[key_text(QKeySequence.mnemonic(box.title()))].append(f"group {box.title()}")
    for label in window.findChildren(QLabel):
        if shown(label) and label.buddy() is not None:
            mnemonic = QKeySequence.mnemonic(label.text())
            if not mnemonic.isEmpty():
                bound[key_text(mnemonic)].append(f"label {label.text()}")
    for action in window.menuBar().actions():
        mnemonic = QKeySequence.mnemonic(action.text())
        if action.isVisible() and not mnemonic.isEmpty():
            bound[key_text(mnemonic)].append(f"menu {action.text()}")
    return bound


def misleading_underlines(window: MainWindow) -> list[str]:
    """Buttons whose text underlines a letter that is not their key (an explicit shortcut won)."""
    found = []
    for button in window.findChildren(QAbstractButton):
        mnemonic = QKeySequence.mnemonic(button.text())
        if shown(button) and not mnemonic.isEmpty() and button.shortcut() != mnemonic:
            found.append(f"{button.text()}: {key_text(button.shortcut())}")
    return found


def duplicates(bound: dict[str, list[str]]) -> dict[str, list[str]]:
    return {key: what for key, what in bound.items() if len(what) > 1}


def listed_keys() -> set[str]:
    return {key_text(QKeySequence(keys)) for s in SHORTCUTS for keys in s.keys}


@pytest.fixture(params=["en", "es"])
def language(request: pytest.FixtureRequest, app: QApplication) -> Iterator[str]:
    install_translators(app, request.param)
    yield request.param
    install_translators(app, "en")


@pytest.fixture
def signed_in(
    qtbot: QtBot, app: QApplication, database: Database, language: str
) -> Iterator[ClinicSession]:
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1366, 768)
    session = ClinicSession(window, database, "test records")
    admin = session.accounts.create_first_administrator("admin", "Ana Admin", PASSWORD)
    doctor = session.accounts.add_user(admin, "dr.ruiz", "Dr Ruiz", "clinician", PASSWORD)
    session.begin(doctor)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    yield session
    for wizard in window.findChildren(AssessmentWizard):
        wizard.shutdown()
    session.close()


def test_no_key_is_bound_twice_on_the_patient_list_or_in_a_visit(
    qtbot: QtBot, signed_in: ClinicSession
) -> None:
    window = signed_in.window
    assert signed_in.registry is not None
    patient = add_patient(signed_in.registry, "K-1", "Keys", "Kim")
    registry = window.registry_widget
    registry.open_patient(patient)
    qtbot.waitUntil(lambda: registry.panel.patient is not None, timeout=5000)
    on_the_list = live_keys(window)
    assert duplicates(on_the_list) == {}
    assert misleading_underlines(window) == []

    wizard = signed_in.open_assessment(patient_id=patient.id)
    assert isinstance(wizard, AssessmentWizard)
    window.show_page(wizard)
    qtbot.waitUntil(lambda: wizard.view is not None, timeout=5000)
    view = wizard.view
    assert view is not None
    for step in view.pages:
        view.go_to(step)
        qtbot.waitUntil(lambda s=step: view.pages.is_built(s), timeout=5000)
        qtbot.waitUntil(lambda s=step: view.pages[s].isVisible(), timeout=5000)
        in_the_visit = live_keys(window)
        assert duplicates(in_the_visit) == {}, step
        assert misleading_underlines(window) == [], step

    # Every key that is not a mnemonic is in the table the user guide lists.
    keys = set(on_the_list) | set(in_the_visit)
    unlisted = {k for k in keys if not k.startswith("Alt+") or k[4:] in "1234567"} - listed_keys()
    assert unlisted == set()
    assert "Ctrl+L" in keys


def test_ctrl_l_locks_the_window_from_a_visit(qtbot: QtBot, signed_in: ClinicSession) -> None:
    window = signed_in.window
    assert signed_in.registry is not None and signed_in.lock is not None
    patient = add_patient(signed_in.registry, "L-1", "Lock", "Lea")
    wizard = signed_in.open_assessment(patient_id=patient.id)
    assert isinstance(wizard, AssessmentWizard)
    window.show_page(wizard)
    qtbot.waitUntil(lambda: wizard.view is not None and wizard.view.pages.is_built("history"))
    history = wizard.view.pages["history"]  # type: ignore[union-attr]
    qtbot.waitUntil(history.isVisible)
    field = history.episodes.edit  # type: ignore[attr-defined]
    field.setFocus()
    qtbot.keyClicks(field, "4")

    with qtbot.waitSignal(signed_in.lock.locked, timeout=2000):
        qtbot.keyClick(field, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)

    screen = signed_in.lock.screen
    assert screen is not None and screen.isVisible()
    assert screen.password.hasFocus()
    assert not window.centralWidget().isEnabled()
    assert field.text() == "4", "the draft under the lock is kept as typed"


def test_f1_opens_the_user_guide_with_every_shortcut(
    qtbot: QtBot, signed_in: ClinicSession, language: str
) -> None:
    from clinic_desktop.ui.user_guide import UserGuideDialog

    window = signed_in.window
    qtbot.keyClick(window.registry_widget.search_edit, Qt.Key.Key_F1)
    guide = window.findChild(UserGuideDialog)
    assert guide is not None
    qtbot.waitUntil(guide.isVisible, timeout=2000)
    text = guide.text.toPlainText()
    for shortcut in SHORTCUTS:
        assert shortcut.native_text() in text
        assert shortcut.description() in text
    if language == "en":
        assert "Ctrl+PgDown" in text and "Next step of the visit" in text
    else:
        assert "Paso siguiente de la visita" in text and "Atajos de teclado" in text
    guide.close()


def test_alt_and_a_number_goes_to_that_step(qtbot: QtBot, signed_in: ClinicSession) -> None:
    window = signed_in.window
    assert signed_in.registry is not None
    patient = add_patient(signed_in.registry, "S-1", "Steps", "Sol")
    wizard = signed_in.open_assessment(patient_id=patient.id)
    assert isinstance(wizard, AssessmentWizard)
    window.show_page(wizard)
    qtbot.waitUntil(lambda: wizard.view is not None and wizard.view.pages.is_built("history"))
    view = wizard.view
    assert view is not None
    qtbot.waitUntil(view.pages["history"].isVisible)
    view.focus_page()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_5, Qt.KeyboardModifier.AltModifier)
    assert view.flow.step == "vascular"
    qtbot.waitUntil(lambda: view.pages.is_built("vascular") and view.pages["vascular"].isVisible())
    qtbot.waitUntil(lambda: view.pages["vascular"].isAncestorOf(QApplication.focusWidget()))
    qtbot.keyClick(
        QApplication.focusWidget(), Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier
    )
    assert view.flow.step == "hormonal"
