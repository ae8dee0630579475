"""Canary for the PySide6 6.12.0 / CPython 3.11 bug: each signal delivery lost a ref to None."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot


def test_signal_delivery_keeps_none_alive(qtbot: QtBot) -> None:
    field = QLineEdit()
    qtbot.addWidget(field)
    seen: list[str] = []
    field.textChanged.connect(seen.append)
    before = sys.getrefcount(None)
    for number in range(3000):
        field.setText(str(number))
    after = sys.getrefcount(None)
    assert len(seen) == 3000
    # On an affected build the count falls by one per delivery (and the process later aborts).
    assert after >= before - 100, (
        f"None lost {before - after} references during 3000 signal deliveries"
    )
