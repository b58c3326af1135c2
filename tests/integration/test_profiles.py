"""The clinic's and the clinicians' profiles in real databases: kept, read back, checked, audited."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from clinic_desktop.domain.clinic import ClinicianProfile, ClinicProfile
from clinic_desktop.persistence.database import Database
from clinic_desktop.services.accounts import AccountService
from clinic_desktop.services.audit import AuditLog
from clinic_desktop.services.audit_chain import AuditKey
from clinic_desktop.services.profiles import ProfileError, ProfileService, checked_image
from tests.golden import cases

PASSWORD = "Correct-Horse-7391"


@pytest.fixture
def audit(database: Database, tmp_path: Path) -> AuditLog:
    return AuditLog(database, AuditKey(tmp_path / "keys" / "audit.key"))


@pytest.fixture
def profiles(database: Database, audit: AuditLog) -> ProfileService:
    return ProfileService(database, audit)


def picture(kind: str, size: tuple[int, int] = (40, 20)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (29, 91, 121)).save(out, kind)
    return out.getvalue()


def test_the_clinic_profile_is_asked_for_until_saved_and_then_read_back(
    profiles: ProfileService, audit: AuditLog
) -> None:
    assert profiles.clinic() is None
    saved = cases.clinic()
    profiles.save_clinic(saved, "admin")
    assert profiles.clinic() == saved
    changed = ClinicProfile(name="  Clínica Nueva  ", phone="+34 600", logo=None)
    profiles.save_clinic(changed, "admin")
    again = profiles.clinic()
    assert again is not None and (again.name, again.phone, again.logo) == (
        "Clínica Nueva",
        "+34 600",
        None,
    )
    assert [e.action for e in audit.query()].count("clinic_profile_update") == 2


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": "  "}, "name"),
        ({"email": "no at sign"}, "email"),
        ({"logo": b"<svg>not a picture</svg>"}, "logo"),
        ({"logo": picture("GIF")}, "logo"),
        ({"logo": picture("PNG")[:60]}, "logo"),
        ({"footer": "x" * 241}, "footer"),
    ],
)
def test_a_bad_clinic_field_is_named_and_nothing_is_saved(
    profiles: ProfileService, change: dict[str, object], field: str
) -> None:
    profile = ClinicProfile(**{"name": "Clínica", **change})  # type: ignore[arg-type]
    with pytest.raises(ProfileError) as caught:
        profiles.save_clinic(profile, "admin")
    assert caught.value.field == field
    assert profiles.clinic() is None


def test_a_clinician_prints_by_profile_else_by_account_name(
    database: Database, audit: AuditLog, profiles: ProfileService
) -> None:
    accounts = AccountService(database, audit)
    admin = accounts.create_first_administrator("admin", "Ana Admin", PASSWORD)
    accounts.add_user(admin, "mlopez", "Marta López", "clinician", PASSWORD)
    assert profiles.clinician("mlopez").printed_name == "Marta López"
    assert profiles.clinician("nobody").printed_name == "nobody"
    signature = picture("JPEG", (200, 60))
    profiles.save_clinician(
        ClinicianProfile("mlopez", "Dra. Marta López", "MD", "28/123", signature)
    )
    kept = profiles.clinician("mlopez")
    assert kept.printed_name == "Dra. Marta López, MD"
    assert (kept.licence_number, kept.signature) == ("28/123", signature)
    with pytest.raises(ProfileError) as caught:
        profiles.save_clinician(ClinicianProfile("mlopez", "M", signature=b"GIF89a not really"))
    assert caught.value.field == "signature"
    assert profiles.clinician("mlopez").signature == signature
    assert "clinician_profile_update" in [e.action for e in audit.query()]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_any_bytes_are_a_checked_picture_or_refused_by_name(data: bytes) -> None:
    try:
        info = checked_image(data, "logo")
    except ProfileError as error:
        assert error.field == "logo" and str(error)
    else:
        assert info.format in ("PNG", "JPEG")
