"""Stored MRNs in their normalised form, as new ones are stored (domain.identifiers).

Before, "WC-012", "wc-012", "WC‐012" (Unicode hyphen) and "WC-012" followed by a
zero-width space were four patients. Each stored MRN is rewritten as NFKC, without
invisible characters, dashes as "-", spaces collapsed, upper case, and its search text
with it. Where two patients' MRNs come out the same, the one already written that way
keeps it, else the earliest registered patient takes it, and the others keep theirs as
stored, so no record changes owner and none is merged by a program: `clinic-desktop check` lists them for a person to
merge or correct. An MRN with nothing usable left (only invisible or control
characters) is kept as stored and listed too.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07
"""

from __future__ import annotations

from datetime import date

from alembic import op
from sqlalchemy import text

from clinic_desktop.domain.identifiers import IdentifierError, normalise_mrn
from clinic_desktop.persistence.search import search_text_for

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    connection = op.get_bind()
    rows = connection.execute(
        text("SELECT id, mrn, family_name, given_name, birth_date FROM patients ORDER BY id")
    ).all()
    taken = {row.mrn for row in rows}
    changes = []
    for row in rows:
        try:
            normal = normalise_mrn(row.mrn)
        except IdentifierError:
            continue
        if normal == row.mrn or normal in taken:
            continue
        taken.add(normal)
        birth_date = row.birth_date
        if isinstance(birth_date, str):  # SQLite hands dates back as text here
            birth_date = date.fromisoformat(birth_date)
        changes.append(
            {
                "id": row.id,
                "mrn": normal,
                "search_text": search_text_for(row.family_name, row.given_name, normal, birth_date),
            }
        )
    if changes:
        connection.execute(
            text("UPDATE patients SET mrn = :mrn, search_text = :search_text WHERE id = :id"),
            changes,
        )


def downgrade() -> None:
    # The typed spellings are not kept: a downgrade leaves the normalised MRNs in place.
    pass
