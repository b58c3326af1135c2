"""The Qt runtime survives the call patterns the window relies on."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication


def test_process_events_survives_fifty_thousand_calls(qapp: QApplication) -> None:
    # PySide6 6.12 on Python 3.11 drops a reference to None on every call that
    # returns None and aborts (none_dealloc) within a few thousand calls.
    for _ in range(50_000):
        qapp.processEvents()
    assert qapp.applicationName() is not None
