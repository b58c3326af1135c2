"""The clinic's profile and each clinician's: what every document prints about who issues it.

The clinic profile (name, address, phone, email, website, logo, footer) is one row every
workstation of the database shares; it is asked for at the first run and edited in
Administration > Clinic. A clinician profile (display name, credentials, optional licence number
and signature image) replaces the account name on what that clinician signs. Images are
checked to be real PNG or JPEG pictures before they are kept; each change is audited.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from clinic_desktop.domain.clinic import ClinicianProfile, ClinicProfile
from clinic_desktop.persistence.database import Database
from clinic_desktop.persistence.models import ClinicianProfileRow, ClinicProfileRow, UserRow
from clinic_desktop.services.audit import AuditLog

CLINIC_ROW = 1
IMAGE_FORMATS = ("PNG", "JPEG")
MAX_IMAGE_BYTES = 2 * 1024 * 1024
MAX_IMAGE_SIDE = 4000
# What fits where it prints: one line of the letterhead or signature block; the footer, two lines.
FIELD_LIMITS = {
    "name": 200,
    "address": 500,
    "footer": 240,
    "phone": 64,
    "email": 200,
    "website": 200,
    "display_name": 200,
    "credentials": 200,
    "licence_number": 100,
}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class ProfileError(Exception):
    """A message for the person at the keyboard, naming the field it concerns."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True, slots=True)
class ImageInfo:
    format: str
    width: int
    height: int


def checked_image(data: bytes, field: str) -> ImageInfo:
    """What `data` is when it is a whole PNG or JPEG picture; ProfileError naming `field` if not."""
    from PIL import Image, UnidentifiedImageError

    if not data:
        raise ProfileError("The file is empty.", field)
    if len(data) > MAX_IMAGE_BYTES:
        raise ProfileError(
            f"The picture is larger than {MAX_IMAGE_BYTES // (1024 * 1024)} MB; use a smaller one.",
            field,
        )
    try:
        with Image.open(io.BytesIO(data)) as picture:
            kind = picture.format or ""
            picture.verify()
        # verify() leaves the image unusable and does not decode the pixels: a file cut short
        # passes it, so decode once more.
        with Image.open(io.BytesIO(data)) as picture:
            picture.load()
            width, height = picture.size
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise ProfileError("The file is not a PNG or JPEG picture.", field) from None
    if kind not in IMAGE_FORMATS:
        raise ProfileError(
            f"The picture is {kind or 'of an unknown kind'}: use PNG or JPEG.", field
        )
    if not (0 < width <= MAX_IMAGE_SIDE and 0 < height <= MAX_IMAGE_SIDE):
        raise ProfileError(
            f"The picture is {width} x {height} pixels; at most {MAX_IMAGE_SIDE} a side.", field
        )
    return ImageInfo(kind, width, height)


def read_image(path: Path, field: str) -> bytes:
    """The bytes of the picture at `path`, checked; ProfileError naming `field` otherwise."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ProfileError(f"The file cannot be read: {error.strerror or error}.", field) from None
    checked_image(data, field)
    return data


def _check_lengths(values: dict[str, str]) -> None:
    for field, value in values.items():
        limit = FIELD_LIMITS.get(field)
        if limit is not None and len(value) > limit:
            raise ProfileError(f"At most {limit} characters ({len(value)} typed).", field)


def check_clinic(profile: ClinicProfile) -> None:
    """ProfileError for the first field a document could not print as it is."""
    if not profile.name.strip():
        raise ProfileError("The clinic's name is required: every document prints it.", "name")
    _check_lengths(
        {
            "name": profile.name,
            "address": profile.address,
            "footer": profile.footer,
            "phone": profile.phone,
            "email": profile.email,
            "website": profile.website,
        }
    )
    if profile.email.strip() and not _EMAIL.match(profile.email.strip()):
        raise ProfileError("This is not an email address (name@example.org).", "email")
    if profile.logo is not None:
        checked_image(profile.logo, "logo")


def check_clinician(profile: ClinicianProfile) -> None:
    if not profile.display_name.strip():
        raise ProfileError("The name to print is required.", "display_name")
    _check_lengths(
        {
            "display_name": profile.display_name,
            "credentials": profile.credentials,
            "licence_number": profile.licence_number,
        }
    )
    if profile.signature is not None:
        checked_image(profile.signature, "signature")


class ProfileService:
    """Reads and keeps the clinic's and the clinicians' profiles, auditing each change."""

    def __init__(self, database: Database, audit: AuditLog) -> None:
        self.database = database
        self.audit = audit

    def clinic(self) -> ClinicProfile | None:
        """The clinic's profile; None until someone has saved it (the first run asks)."""
        with self.database.session() as session:
            row = session.get(ClinicProfileRow, CLINIC_ROW)
            if row is None:
                return None
            return ClinicProfile(
                name=row.name,
                address=row.address,
                phone=row.phone,
                email=row.email,
                website=row.website,
                logo=row.logo,
                footer=row.footer,
            )

    def save_clinic(self, profile: ClinicProfile, username: str) -> None:
        check_clinic(profile)
        with self.database.session() as session:
            row = session.get(ClinicProfileRow, CLINIC_ROW)
            if row is None:
                row = ClinicProfileRow(id=CLINIC_ROW, name=profile.name)
                session.add(row)
            row.name = profile.name.strip()
            row.address = profile.address.strip()
            row.phone = profile.phone.strip()
            row.email = profile.email.strip()
            row.website = profile.website.strip()
            row.logo = profile.logo
            row.footer = profile.footer.strip()
            row.updated_by = username
            entry = self._append(session, "clinic_profile_update", username, "clinic_profile", 1)
        self.audit.anchor(entry)

    def clinician(self, username: str) -> ClinicianProfile:
        """How `username` prints: their profile, else their account's full name, else the name."""
        with self.database.session() as session:
            user = session.scalars(select(UserRow).where(UserRow.username == username)).first()
            if user is None:
                return ClinicianProfile(username=username, display_name=username)
            row = session.scalars(
                select(ClinicianProfileRow).where(ClinicianProfileRow.user_id == user.id)
            ).first()
            if row is None:
                return ClinicianProfile(username=username, display_name=user.display_name)
            return ClinicianProfile(
                username=username,
                display_name=row.display_name,
                credentials=row.credentials,
                licence_number=row.licence_number,
                signature=row.signature,
            )

    def save_clinician(self, profile: ClinicianProfile) -> None:
        check_clinician(profile)
        with self.database.session() as session:
            user = session.scalars(
                select(UserRow).where(UserRow.username == profile.username)
            ).first()
            if user is None:
                raise ProfileError(f"No user {profile.username!r}.", "username")
            row = session.scalars(
                select(ClinicianProfileRow).where(ClinicianProfileRow.user_id == user.id)
            ).first()
            if row is None:
                row = ClinicianProfileRow(user_id=user.id, display_name=profile.display_name)
                session.add(row)
            row.display_name = profile.display_name.strip()
            row.credentials = profile.credentials.strip()
            row.licence_number = profile.licence_number.strip()
            row.signature = profile.signature
            session.flush()
            entry = self._append(
                session, "clinician_profile_update", profile.username, "clinician_profile", row.id
            )
        self.audit.anchor(entry)

    def _append(
        self, session: Session, action: str, username: str, entity: str, entity_id: int
    ) -> tuple[int, str]:
        return self.audit.append(
            session, action, username=username, entity=entity, entity_id=entity_id
        )
