"""The Linux desktop entry and its installer: a menu entry that starts this bundle, with its icon."""

from __future__ import annotations

import configparser
import os
import shutil
import stat
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ENTRY = ROOT / "packaging" / "linux" / "clinic-desktop.desktop"
ICONS = ROOT / "resources" / "icons"


def read_entry(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def test_the_desktop_entry_starts_the_program_with_its_icon_in_the_menu() -> None:
    entry = read_entry(ENTRY)
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Clinic Desktop"
    assert entry["Exec"] == "clinic-desktop" and entry["Terminal"] == "false"
    assert entry["Icon"] == "clinic-desktop"
    # The window says which entry it belongs to (QGuiApplication.desktopFileName).
    assert entry["StartupWMClass"] == "clinic-desktop"
    assert "Office" in entry["Categories"].split(";")
    assert entry["Comment[es]"] and entry["GenericName[es]"]
    for size in (16, 32, 48, 64, 128, 256):
        assert (ICONS / f"clinic-desktop-{size}.png").stat().st_size > 0


def test_installing_the_entry_points_the_menu_at_the_bundle_and_uninstalling_removes_it(
    tmp_path: Path,
) -> None:
    bundle = tmp_path / "clinic-desktop"
    shutil.copytree(ROOT / "packaging" / "linux", bundle / "packaging" / "linux")
    shutil.copytree(ICONS, bundle / "_internal" / "clinic_desktop" / "_resources" / "icons")
    program = bundle / "clinic-desktop"
    program.write_text("#!/bin/sh\n")
    program.chmod(program.stat().st_mode | stat.S_IXUSR)
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "share")}
    script = bundle / "packaging" / "linux" / "install-desktop-entry"

    subprocess.run([script], env=env, check=True, capture_output=True)
    installed = read_entry(tmp_path / "share" / "applications" / "clinic-desktop.desktop")
    assert installed["Exec"] == f'"{program}"'
    assert installed["TryExec"] == str(program)
    icon = tmp_path / "share" / "icons" / "hicolor" / "48x48" / "apps" / "clinic-desktop.png"
    assert icon.read_bytes() == (ICONS / "clinic-desktop-48.png").read_bytes()

    subprocess.run([script, "--uninstall"], env=env, check=True, capture_output=True)
    assert not (tmp_path / "share" / "applications" / "clinic-desktop.desktop").exists()
    assert not icon.exists()
