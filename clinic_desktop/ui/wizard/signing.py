"""Signing a visit: what will be signed, shown first, and the clinician's password to sign it.

The user name of the signed-in clinician and their password are the signature's two
components (as electronic-signature rules such as 21 CFR 11.200 ask); the password is checked
off the GUI thread (argon2 takes tens of milliseconds and counts failed tries).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from clinic_desktop.services.visit_flow import SignatureSummary
from clinic_desktop.ui.controls import caption
from clinic_desktop.ui.operations import run_in_background
from clinic_desktop.ui.wizard.fields import ERROR_STYLE, label, number_text

LANGUAGE_NAMES = {"en": "English", "es": "Español"}


class SignDialog(QDialog):
    """Emits `password_confirmed(print_after)` once the password is right; the view then signs.

    "Sign and print" (the default: a visit ends with the plan in the patient's hands) signs and
    opens the print dialog once the plan is ready; "Sign only" signs.
    """

    password_confirmed = Signal(bool)

    def __init__(
        self,
        summary: SignatureSummary,
        signer: str,
        patient: str,
        check_password: Callable[[str], bool] | None,
        missing_text: Callable[[object], str],
        test_name: Callable[[str], str],
        parent: QWidget | None = None,
        step_text: Callable[[str, object], str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("sign_dialog")
        self.setWindowTitle(self.tr("Sign the visit"))
        self.setMinimumWidth(520)
        self._check = check_password
        self.summary = summary
        intro = QLabel(
            self.tr("You sign the assessment and care plan of {0} as {1}.").format(patient, signer),
            self,
        )
        intro.setTextFormat(Qt.TextFormat.PlainText)
        intro.setWordWrap(True)
        self.contents = QPlainTextEdit(self)
        self.contents.setObjectName("signed_contents")
        self.contents.setReadOnly(True)
        self.contents.setTabChangesFocus(True)
        self.contents.setAccessibleName(self.tr("What will be signed"))
        self.contents.setPlainText(self.describe(summary, missing_text, test_name, step_text))
        after = QLabel(
            self.tr(
                "Once signed, the visit is read-only (a correction is an amendment) and the "
                "care plan opens for printing."
            ),
            self,
        )
        after.setWordWrap(True)
        self.password = QLineEdit(self)
        self.password.setObjectName("sign_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel(self)
        self.error.setObjectName("sign_error")
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.hide()
        form = QFormLayout()
        form.addRow(caption(QLabel(self.tr("&Password"), self), self.password), self.password)
        form.addRow("", self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.sign_button = self.buttons.addButton(
            self.tr("Sign and &print…"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.sign_button.setObjectName("confirm_sign")
        self.sign_button.setDefault(True)
        self.sign_only_button = self.buttons.addButton(
            self.tr("&Sign only"), QDialogButtonBox.ButtonRole.ApplyRole
        )
        self.sign_only_button.setObjectName("confirm_sign_only")
        self.sign_button.clicked.connect(lambda: self.on_sign_clicked(print_after=True))
        self.sign_only_button.clicked.connect(lambda: self.on_sign_clicked(print_after=False))
        self.buttons.rejected.connect(self.reject)
        self.password.returnPressed.connect(lambda: self.on_sign_clicked(print_after=True))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.contents, 1)
        layout.addWidget(after)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        blocked = bool(summary.missing) or check_password is None
        self.sign_button.setEnabled(not blocked)
        self.sign_only_button.setEnabled(not blocked)
        self.password.setEnabled(not blocked)
        if check_password is None:
            self._show_error(self.tr("Signing needs a signed-in clinician."))
        if blocked:
            self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setFocus()
        else:
            self.password.setFocus()
        self.resize(640, 520)
        self.finished.connect(self.on_finished)

    def on_finished(self, _result: int) -> None:
        # Without a window manager (or a slow one) the visit's window would stay inactive and
        # its shortcuts dead until clicked: give it the keyboard back.
        owner = self.parentWidget()
        if owner is not None:
            owner.window().activateWindow()

    def describe(
        self,
        summary: SignatureSummary,
        missing_text: Callable[[object], str],
        test_name: Callable[[str], str],
        step_text: Callable[[str, object], str] | None = None,
    ) -> str:
        """The signed contents as plain text, section by section (also what a screen reader reads)."""
        none = self.tr("none")
        lines: list[str] = []
        if summary.missing:
            lines.append(self.tr("Still missing (signing is not possible yet):"))
            lines += [f"  • {missing_text(item)}" for item in summary.missing]
            lines.append("")
        if summary.missing_doses:
            lines.append(
                self.tr("No dose written (the printed plan will say that you will give it):")
            )
            lines += [f"  • {label(item.section)}: {item.text}" for item in summary.missing_doses]
            lines.append("")
        if summary.unfinished_steps:
            lines.append(self.tr("Not complete (signed as recorded):"))
            lines += [
                f"  • {step_text(step, state) if step_text else step}"
                for step, state in summary.unfinished_steps
            ]
        lines.append(self.tr("Red flags acknowledged:"))
        lines += [f"  • {flag.text}" for flag in summary.acknowledged_red_flags] or [f"  {none}"]
        lines.append(self.tr("Lab tests ordered:"))
        lines += [f"  • {test_name(test)}" for test in summary.ordered_tests] or [f"  {none}"]
        lines.append(self.tr("Results entered:"))
        lines += [
            f"  • {test_name(r.test)}: {number_text(r.value)} {r.unit}" for r in summary.results
        ] or [f"  {none}"]
        language = LANGUAGE_NAMES.get(summary.plan_language, summary.plan_language)
        lines.append(
            self.tr("Care plan ({0}), {1} items:").format(language, len(summary.plan_items))
        )
        for item in summary.plan_items:
            lines.append(f"  • {label(item.section)}: {item.text}")
            if (item.dose or "").strip():
                lines.append("    " + self.tr("Dose: {0}").format(item.dose))
        return "\n".join(lines)

    def on_sign_clicked(self, *, print_after: bool) -> None:
        check = self._check
        if check is None or not self.sign_button.isEnabled():
            return
        self.sign_button.setEnabled(False)
        self.sign_only_button.setEnabled(False)
        self._show_error(None)
        run_in_background(
            check,
            self.password.text(),
            on_done=lambda right: self.on_checked(right, print_after),
            on_error=lambda _error: self.on_checked(False, print_after),
            context=self,
        )

    def on_checked(self, right: bool, print_after: bool = True) -> None:
        if right:
            self.password.clear()
            self.password_confirmed.emit(print_after)
            self.accept()
            return
        self.sign_button.setEnabled(True)
        self.sign_only_button.setEnabled(True)
        self.password.clear()
        self.password.setFocus()
        self._show_error(
            self.tr(
                "That is not your password; nothing was signed. After five wrong tries the "
                "account is locked for a while."
            )
        )

    def _show_error(self, message: str | None) -> None:
        self.error.setText(message or "")
        self.error.setVisible(message is not None)
