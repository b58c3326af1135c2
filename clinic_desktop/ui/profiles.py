"""The clinic's profile (Administration > Clinic, and at the first run) and a clinician's own
profile (Account > Clinician profile): what every document prints about who issues it.

Each field shows its own problem where it was typed or chosen; a picture is checked to be a
real PNG or JPEG before it is kept. Saving runs off the GUI thread; the dialog closes when the
profile is stored, and stays open with the message if it could not be.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clinic_desktop.domain.clinic import ClinicianProfile, ClinicProfile
from clinic_desktop.services.profiles import (
    ProfileError,
    ProfileService,
    check_clinic,
    check_clinician,
    read_image,
)
from clinic_desktop.ui.operations import run_in_background

PREVIEW_HEIGHT = 48


def _error_label(name: str, parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setStyleSheet("color: #b00020;")
    label.hide()
    return label


class PictureField(QWidget):
    """A picture the profile keeps (logo, signature): its preview, Choose… and Remove."""

    def __init__(self, field: str, data: bytes | None, parent: QWidget) -> None:
        super().__init__(parent)
        self.field = field
        self.data = data
        self.preview = QLabel(self)
        self.preview.setObjectName(f"{field}_preview")
        self.preview.setMinimumHeight(PREVIEW_HEIGHT)
        self.choose = QPushButton(self.tr("Choose…"), self)
        self.choose.setObjectName(f"{field}_choose")
        self.choose.clicked.connect(self.on_choose_clicked)
        self.remove = QPushButton(self.tr("Remove"), self)
        self.remove.setObjectName(f"{field}_remove")
        self.remove.clicked.connect(self.on_remove_clicked)
        self.error = _error_label(f"{field}_error", self)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.preview, 1)
        row.addWidget(self.choose)
        row.addWidget(self.remove)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.error)
        self._show()

    def _show(self) -> None:
        picture = QPixmap()
        if self.data and picture.loadFromData(self.data):
            self.preview.setPixmap(
                picture.scaledToHeight(PREVIEW_HEIGHT, Qt.TransformationMode.SmoothTransformation)
            )
        else:
            self.preview.setPixmap(QPixmap())
            self.preview.setText(self.tr("None"))
        self.remove.setEnabled(self.data is not None)

    def load(self, path: str) -> None:
        """Take the picture at `path` if it is a real PNG or JPEG; else say why, keep the old one."""
        try:
            data = read_image(Path(path), self.field)
        except ProfileError as error:
            self.show_error(str(error))
            return
        self.show_error(None)
        self.data = data
        self._show()

    def show_error(self, message: str | None) -> None:
        self.error.setText(message or "")
        self.error.setVisible(message is not None)

    def on_choose_clicked(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Choose a picture"), "", self.tr("Pictures (*.png *.jpg *.jpeg)")
        )
        if path:
            self.load(path)

    def on_remove_clicked(self) -> None:
        self.data = None
        self.show_error(None)
        self._show()


class ProfileDialog(QDialog):
    """A form of profile fields with an error line under each, and Save and Cancel."""

    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.form = QFormLayout()
        self.errors: dict[str, QLabel] = {}
        self.pictures: dict[str, PictureField] = {}
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.rejected.connect(self.reject)
        self.message = _error_label("profile_message", self)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.intro.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def showEvent(self, event: QShowEvent) -> None:
        """The cursor starts in the first field: typing goes there, never into a button."""
        super().showEvent(event)
        self.activateWindow()
        first = next(iter(self.errors), None)
        widget = self.findChild(QWidget, first) if first else None
        if widget is not None:
            widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def add_line(self, field: str, label: str, value: str) -> QLineEdit:
        edit = QLineEdit(value, self)
        edit.setObjectName(field)
        self._add(field, label, edit)
        return edit

    def add_text(self, field: str, label: str, value: str) -> QPlainTextEdit:
        edit = QPlainTextEdit(value, self)
        edit.setObjectName(field)
        edit.setTabChangesFocus(True)
        edit.setFixedHeight(72)
        self._add(field, label, edit)
        return edit

    def add_picture(self, field: str, label: str, data: bytes | None) -> PictureField:
        picture = PictureField(field, data, self)
        self.pictures[field] = picture
        self.form.addRow(label, picture)
        return picture

    def _add(self, field: str, label: str, widget: QLineEdit | QPlainTextEdit) -> None:
        error = _error_label(f"{field}_error", self)
        self.errors[field] = error
        # A message stays only while the text it is about is unchanged.
        widget.textChanged.connect(error.hide)
        self.form.addRow(label, widget)
        self.form.addRow("", error)

    def show_problem(self, error: ProfileError) -> None:
        """The message under the field it concerns (or at the foot), and that field focused."""
        for shown in self.errors.values():
            shown.hide()
        if error.field in self.pictures:
            self.pictures[error.field].show_error(str(error))
            return
        label = self.errors.get(error.field)
        if label is None:
            self.message.setText(str(error))
            self.message.show()
            return
        label.setText(str(error))
        label.show()
        widget = self.findChild(QWidget, error.field)
        if widget is not None:
            widget.setFocus()

    def save_in_background(self, job: Callable[..., None], *args: object) -> None:
        self.buttons.setEnabled(False)
        self.message.hide()

        def failed(error: BaseException) -> None:
            self.buttons.setEnabled(True)
            if isinstance(error, ProfileError):
                self.show_problem(error)
                return
            self.message.setText(self.tr("The profile could not be saved: {0}").format(str(error)))
            self.message.show()

        run_in_background(job, *args, on_done=lambda _none: self.accept(), on_error=failed)


class ClinicProfileDialog(ProfileDialog):
    """Administration > Clinic: the letterhead, contact lines, logo and footer of every document."""

    def __init__(
        self,
        profiles: ProfileService,
        username: str,
        profile: ClinicProfile | None,
        *,
        first_run: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("clinic_profile_dialog")
        self.setWindowTitle(self.tr("Clinic"))
        self.profiles = profiles
        self.username = username
        shown = profile or ClinicProfile()
        if first_run:
            self.intro.setText(
                self.tr(
                    "Tell us about your clinic: its name, address, phone and logo print on "
                    "every care plan, requisition, summary and letter. You can change them later "
                    "in Administration > Clinic."
                )
            )
            self.intro.show()
        self.name = self.add_line("name", self.tr("Clinic name"), shown.name)
        self.address = self.add_text("address", self.tr("Address"), shown.address)
        self.phone = self.add_line("phone", self.tr("Phone"), shown.phone)
        self.email = self.add_line("email", self.tr("Email"), shown.email)
        self.website = self.add_line("website", self.tr("Website"), shown.website)
        self.logo = self.add_picture("logo", self.tr("Logo"), shown.logo)
        self.footer = self.add_line("footer", self.tr("Footer text"), shown.footer)
        self.footer.setPlaceholderText(self.tr("Printed at the foot of every page (optional)"))
        self.buttons.accepted.connect(self.on_save_clicked)
        self.resize(560, self.sizeHint().height())

    def profile(self) -> ClinicProfile:
        return ClinicProfile(
            name=self.name.text(),
            address=self.address.toPlainText(),
            phone=self.phone.text(),
            email=self.email.text(),
            website=self.website.text(),
            logo=self.logo.data,
            footer=self.footer.text(),
        )

    def on_save_clicked(self) -> None:
        profile = self.profile()
        try:
            check_clinic(profile)
        except ProfileError as error:
            self.show_problem(error)
            return
        self.save_in_background(self.profiles.save_clinic, profile, self.username)


class ClinicianProfileDialog(ProfileDialog):
    """Account > Clinician profile: how this clinician's name prints on what they sign."""

    def __init__(
        self,
        profiles: ProfileService,
        profile: ClinicianProfile,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("clinician_profile_dialog")
        self.setWindowTitle(self.tr("Clinician profile"))
        self.profiles = profiles
        self.username = profile.username
        self.intro.setText(self.tr("Printed instead of your user name on every document you sign."))
        self.intro.show()
        self.display_name = self.add_line(
            "display_name", self.tr("Name to print"), profile.display_name
        )
        self.credentials = self.add_line("credentials", self.tr("Credentials"), profile.credentials)
        self.credentials.setPlaceholderText(self.tr("For example MD, PT"))
        self.licence_number = self.add_line(
            "licence_number", self.tr("Licence number"), profile.licence_number
        )
        self.licence_number.setPlaceholderText(self.tr("Optional"))
        self.signature = self.add_picture("signature", self.tr("Signature"), profile.signature)
        self.buttons.accepted.connect(self.on_save_clicked)
        self.resize(520, self.sizeHint().height())

    def profile(self) -> ClinicianProfile:
        return ClinicianProfile(
            username=self.username,
            display_name=self.display_name.text(),
            credentials=self.credentials.text(),
            licence_number=self.licence_number.text(),
            signature=self.signature.data,
        )

    def on_save_clicked(self) -> None:
        profile = self.profile()
        try:
            check_clinician(profile)
        except ProfileError as error:
            self.show_problem(error)
            return
        self.save_in_background(self.profiles.save_clinician, profile)
