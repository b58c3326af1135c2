"""The strip above a visit: who the patient is, whether the draft is saved, the documents; and the
notice under it (signed, amended, not saved) with the amendment's reason."""

from __future__ import annotations

from datetime import UTC, date, datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from clinic_desktop.domain.assessment import Patient
from clinic_desktop.ui.patients.labels import sex_label

NOTICE_STYLE = "QFrame#notice { background: #e8eef7; }"
ERROR_NOTICE_STYLE = "QFrame#notice { background: #fde2e1; }"


def local_time(moment: datetime) -> str:
    """A stored moment (UTC; naive means UTC) as the clinician's wall-clock time."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.astimezone().strftime("%Y-%m-%d %H:%M")


class VisitBanner(QFrame):
    """The patient's name, age, sex, MRN and birth date, the visit date, the save state, documents."""

    document_requested = Signal(str)
    """"careplan", "requisition", "summary" or "referral"."""

    def __init__(self, patient: Patient, visit_date: date | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("visit_banner")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        self.patient_label = QLabel(self.patient_text(patient, visit_date), self)
        self.patient_label.setObjectName("patient_banner")
        self.patient_label.setTextFormat(Qt.TextFormat.PlainText)
        self.patient_label.setWordWrap(True)
        self.patient_label.setStyleSheet("font-weight: 600;")
        layout.addWidget(self.patient_label, 1)
        self.save_status = QLabel(self)
        self.save_status.setObjectName("save_status")
        self.save_status.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.save_status)
        self.care_plan_pdf_button = QPushButton(self.tr("Care plan &PDF…"), self)
        self.care_plan_pdf_button.setObjectName("care_plan_pdf")
        self.care_plan_pdf_button.clicked.connect(lambda: self.document_requested.emit("careplan"))
        layout.addWidget(self.care_plan_pdf_button)
        self.requisition_button = QPushButton(self.tr("Lab &requisition…"), self)
        self.requisition_button.setObjectName("requisition_pdf")
        self.requisition_button.clicked.connect(lambda: self.document_requested.emit("requisition"))
        layout.addWidget(self.requisition_button)
        self.summary_button = QPushButton(self.tr("Visit su&mmary…"), self)
        self.summary_button.setObjectName("summary_pdf")
        self.summary_button.setToolTip(self.tr("The visit's record for the file or a colleague"))
        self.summary_button.clicked.connect(lambda: self.document_requested.emit("summary"))
        layout.addWidget(self.summary_button)
        self.referral_button = QPushButton(self.tr("Referral le&tter…"), self)
        self.referral_button.setObjectName("referral_pdf")
        self.referral_button.clicked.connect(lambda: self.document_requested.emit("referral"))
        layout.addWidget(self.referral_button)
        self.show_referrals(())

    def show_referrals(self, services: tuple[str, ...]) -> None:
        """A letter can be written only to a service a red flag of the visit names."""
        self.referral_button.setEnabled(bool(services))
        self.referral_button.setToolTip(
            self.tr("A letter to each service a red flag names")
            if services
            else self.tr("No red flag of this visit names a referral")
        )

    def patient_text(self, patient: Patient, visit_date: date | None) -> str:
        day = visit_date or date.today()
        parts = [
            patient.display_name,
            self.tr("{0} y").format(patient.age_on(day)),
        ]
        if patient.sex:
            parts.append(sex_label(patient.sex))
        parts += [
            self.tr("MRN {0}").format(patient.mrn),
            self.tr("born {0}").format(patient.birth_date.isoformat()),
            self.tr("visit {0}").format(visit_date.isoformat() if visit_date else "—"),
        ]
        return " · ".join(parts)

    def show_patient(self, patient: Patient, visit_date: date | None) -> None:
        text = self.patient_text(patient, visit_date)
        if self.patient_label.text() != text:
            self.patient_label.setText(text)


class VisitNotice(QFrame):
    """A line over the visit: signed or amended (with Amend and its reason), or a problem."""

    amend_requested = Signal(str)
    """The reason typed; empty when none was given (the field then asks for one)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("notice")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        self.text = QLabel(self)
        self.text.setObjectName("notice_text")
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setWordWrap(True)
        layout.addWidget(self.text, 1)
        self.amend_reason = QLineEdit(self)
        self.amend_reason.setObjectName("amend_reason")
        self.amend_reason.setPlaceholderText(self.tr("Reason for the amendment"))
        layout.addWidget(self.amend_reason, 1)
        self.amend_button = QPushButton(self.tr("Amend"), self)
        self.amend_button.setObjectName("amend")
        self.amend_button.clicked.connect(self.on_amend_clicked)
        layout.addWidget(self.amend_button)
        self.hide()

    def show_message(
        self, text: str, *, error: bool = False, amendable: bool = False, refused: str | None = None
    ) -> None:
        """`refused`: why this user may not amend (Amend is shown disabled, with it as tooltip)."""
        self.text.setText(text)
        self.amend_reason.setVisible(amendable)
        self.amend_button.setVisible(amendable)
        for widget in (self.amend_reason, self.amend_button):
            widget.setEnabled(refused is None)
            widget.setToolTip(refused or "")
        self.setStyleSheet(ERROR_NOTICE_STYLE if error else NOTICE_STYLE)
        self.show()

    def on_amend_clicked(self) -> None:
        reason = self.amend_reason.text().strip()
        if not reason:
            self.amend_reason.setPlaceholderText(self.tr("A reason is required to amend"))
            self.amend_reason.setFocus()
        self.amend_requested.emit(reason)
