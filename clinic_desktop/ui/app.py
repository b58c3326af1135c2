"""Starts the window: the QApplication, the main window and its event loop."""

from __future__ import annotations

import argparse
import sys

from PySide6.QtWidgets import QApplication, QLabel, QMainWindow


def run_gui(args: argparse.Namespace) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    window = QMainWindow()
    window.setWindowTitle("Clinic Desktop")
    window.setCentralWidget(QLabel("Clinic Desktop"))
    window.show()
    return app.exec()
