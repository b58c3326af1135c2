"""What Help > About says of the software the program is built on, and the application icon."""

from __future__ import annotations

import PySide6
from PySide6.QtCore import QCoreApplication, qVersion
from PySide6.QtGui import QIcon

from clinic_desktop import paths

# Component names and licence identifiers are not translated. The full list, with the
# licence texts, is resources/licenses/THIRD-PARTY-NOTICES.md (in the installer too).
PERMISSIVE = (
    "SQLAlchemy, Alembic (MIT)",
    "ReportLab (BSD)",
    "pydantic (MIT)",
    "PyYAML (MIT)",
    "platformdirs (MIT)",
    "argon2-cffi (MIT)",
    "fhir.resources (BSD)",
    "Pillow (MIT-CMU)",
    "Python (PSF-2.0)",
    "DejaVu fonts (Bitstream Vera)",
    "arabic-reshaper (MIT)",
    "WenQuanYi Micro Hei font (Apache-2.0)",
    "Symbola font (free licence)",
)
ICON_SIZES = (16, 32, 48, 64, 128, 256)


def notices_file() -> str:
    return str(paths.resource_path("licenses", "THIRD-PARTY-NOTICES.md"))


def licence_notice() -> str:
    """The About box's paragraph on Qt's and the other components' licences."""
    return QCoreApplication.translate(
        "About",
        "Built with Qt {qt} and PySide6 {pyside}, used under the GNU LGPL v3, as are psycopg and python-bidi. "
        "Other components: {components}.\nTheir licences and notices: {path}",
    ).format(
        qt=qVersion(),
        pyside=PySide6.__version__,
        components=", ".join(PERMISSIVE),
        path=notices_file(),
    )


def application_icon() -> QIcon:
    """The program's icon in every size it is drawn at (window, task bar, dialogs)."""
    icon = QIcon()
    for size in ICON_SIZES:
        icon.addFile(str(paths.resource_path("icons", f"clinic-desktop-{size}.png")))
    return icon
