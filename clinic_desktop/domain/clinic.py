"""Who issues a document: the clinic's letterhead and the clinician who signs it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(slots=True)
class ClinicProfile:
    """The clinic as every document prints it: letterhead, contact lines and page footer.

    `logo` holds the bytes of a PNG or JPEG image, checked when it was saved."""

    name: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    logo: bytes | None = None
    footer: str = ""


@dataclass(slots=True)
class ClinicianProfile:
    """The clinician as a signed document names them, instead of their account name.

    `signature` holds the bytes of a PNG or JPEG image of their signature, checked when saved."""

    username: str
    display_name: str
    credentials: str = ""
    licence_number: str = ""
    signature: bytes | None = None

    @property
    def printed_name(self) -> str:
        """ "Marta López, MD": the name, and the credentials when there are any."""
        name = self.display_name.strip() or self.username
        credentials = self.credentials.strip()
        return f"{name}, {credentials}" if credentials else name
