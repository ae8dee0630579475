"""Calculator form fields built from the scores' FieldSpecs: numbers, choices and genes."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QRegularExpression, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QComboBox, QGridLayout, QGroupBox, QLabel, QLineEdit, QWidget

from handbook.scores import FieldSpec

NOT_ASSESSED = "NA"
# What the official column values mean, in words (the value sent to the scorer stays official).
VALUE_WORDS = {
    "gene": {NOT_ASSESSED: "not tested", "0": "not mutated", "1": "mutated"},
    "feature": {"0": "absent", "1": "present", NOT_ASSESSED: "not assessed"},
    "TP53mut": {"0": "none", "1": "1", "2 or more": "2 or more", NOT_ASSESSED: "not assessed"},
    "INTERVAL": {"1h": "1 hour", "24h": "24 hours"},
    "RETIC_METHOD": {"manual": "manual count", "automated": "automated analyser"},
}
FEATURES = ("del5q", "del7_7q", "complex", "del17_17p", "TP53loh")
# Optional choices start at "not assessed"; required ones start unchosen, so nothing is assumed.
_NUMBER = QRegularExpression(r"^\s*\d{0,5}([.,]\d{0,4})?\s*$")


def _words(spec: FieldSpec) -> dict[str, str]:
    if spec.name in FEATURES:
        return VALUE_WORDS["feature"]
    if spec.kind == "gene":
        return VALUE_WORDS["gene"]
    return VALUE_WORDS.get(spec.name, {})


def range_text(spec: FieldSpec) -> str:
    def shown(value: float) -> str:
        return f"{value:g}"

    if spec.minimum is None or spec.maximum is None:
        return ""
    return f"{shown(spec.minimum)}–{shown(spec.maximum)}"


class FieldInput:
    """One field's widget and its value as the scorer wants it ("" when not filled in)."""

    def __init__(self, spec: FieldSpec, parent: QWidget) -> None:
        self.spec = spec
        self.label = QLabel(spec.label + ":", parent)
        self.unit = QLabel(spec.unit, parent)
        words = _words(spec)
        self.widget: QLineEdit | QComboBox
        if spec.kind == "number":
            edit = QLineEdit(parent)
            edit.setValidator(QRegularExpressionValidator(_NUMBER, edit))
            edit.setPlaceholderText(range_text(spec) + ("" if spec.required else " (optional)"))
            edit.setMaxLength(12)
            edit.setMaximumWidth(140)
            self.widget = edit
            description = f"{spec.unit}, {range_text(spec)}".strip(", ")
        else:
            box = QComboBox(parent)
            values = list(spec.choices)
            if not spec.required and NOT_ASSESSED not in values:
                values.insert(0, NOT_ASSESSED)
            if NOT_ASSESSED in values:  # "not tested" first: the value a new form starts with
                values.remove(NOT_ASSESSED)
                values.insert(0, NOT_ASSESSED)
            for value in values:
                box.addItem(words.get(value, value), value)
            if NOT_ASSESSED in values:
                box.setCurrentIndex(0)
            else:
                box.setPlaceholderText("choose…")
                box.setCurrentIndex(-1)
            self.widget = box
            description = "one of: " + ", ".join(box.itemText(i) for i in range(box.count()))
        self.widget.setObjectName(f"field_{spec.name}")
        self.widget.setAccessibleName(spec.label)
        self.widget.setAccessibleDescription(description)
        self.widget.setToolTip(f"{spec.label} ({spec.name}); {description}")
        self.label.setBuddy(self.widget)

    def raw(self) -> str:
        """The value as typed or chosen; "" when the field is empty or unchosen."""
        if isinstance(self.widget, QLineEdit):
            return self.widget.text().strip().replace(",", ".")
        data = self.widget.currentData()
        return "" if data is None else str(data)

    def shown(self) -> str:
        """The value as the user sees it, for the printed summary."""
        if isinstance(self.widget, QLineEdit):
            text = self.widget.text().strip()
            return f"{text} {self.spec.unit}".strip() if text else "not given"
        return self.widget.currentText() or "not chosen"

    def clear(self) -> None:
        if isinstance(self.widget, QLineEdit):
            self.widget.setText("")  # unlike clear(), also empties the undo history
        else:
            at = self.widget.findData(NOT_ASSESSED)
            self.widget.setCurrentIndex(at)


class CalculatorForm(QWidget):
    """Groups of fields; ``changed`` fires on every keystroke or choice."""

    changed = Signal()

    def __init__(
        self, groups: Iterable[tuple[str, Iterable[FieldSpec], int]], parent: Any = None
    ) -> None:
        super().__init__(parent)
        self.inputs: dict[str, FieldInput] = {}
        outer = QGridLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        for row, (title, specs, columns) in enumerate(groups):
            box = QGroupBox(title, self)
            grid = QGridLayout(box)
            for at, spec in enumerate(specs):
                field = FieldInput(spec, box)
                self.inputs[spec.name] = field
                line, column = divmod(at, columns)
                grid.addWidget(field.label, line, column * 3)
                grid.addWidget(field.widget, line, column * 3 + 1)
                grid.addWidget(field.unit, line, column * 3 + 2)
                if isinstance(field.widget, QLineEdit):
                    field.widget.textChanged.connect(self.changed)
                else:
                    field.widget.currentIndexChanged.connect(self.changed)
            grid.setColumnStretch(columns * 3 - 1, 1)
            outer.addWidget(box, row, 0)
        outer.setRowStretch(len(self.inputs) + 1, 1)
        widgets = [field.widget for field in self.inputs.values()]
        for first, second in zip(widgets, widgets[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def values(self) -> dict[str, str]:
        """Every field's value; optional empty ones are "NA" (not assessed)."""
        out = {}
        for name, field in self.inputs.items():
            raw = field.raw()
            out[name] = raw if raw or field.spec.required else NOT_ASSESSED
        return out

    def missing(self, names: Iterable[str] | None = None) -> list[str]:
        """Labels of required fields still empty (of ``names``, or all)."""
        chosen = self.inputs if names is None else {n: self.inputs[n] for n in names}
        return [f.spec.label for f in chosen.values() if f.spec.required and not f.raw()]

    def label_of(self, name: str) -> str:
        field = self.inputs.get(name)
        return field.spec.label if field else name

    def first_widget(self) -> QWidget:
        return next(iter(self.inputs.values())).widget

    def clear(self) -> None:
        for field in self.inputs.values():
            field.clear()
