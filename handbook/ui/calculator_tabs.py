"""The four calculator tabs: a form, and the live result (and chart) beside it or below it.

The result sits beside the form when the tab has room for both (a 1024-pixel screen), and
below it when it has not (the same screen at 150 %: 683 logical pixels), so neither the
form nor the result scrolls sideways.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from handbook.scores import (
    AA_FIELDS,
    CCI_FIELDS,
    CITATIONS,
    IPSSM_FIELDS,
    IPSSR_FIELDS,
    FieldSpec,
    ScoreInputError,
    classify_aa,
    corrected_count_increment,
    score_ipssm,
    score_ipssr,
)
from handbook.ui.calculator_forms import NOT_ASSESSED, CalculatorForm
from handbook.ui.contribution_chart import ContributionChart

log = logging.getLogger(__name__)
IPSSR_WORDS = {"Int": "Intermediate"}
RESULT_READABLE_PX = 300  # the narrowest result column worth reading beside the form


def number(value: float, places: int | None = 2) -> str:
    """Two decimals as the IPSS-M's authors print it; ``places=None``: as few as needed."""
    text = f"{value:g}" if places is None else f"{value:.{places}f}"
    return text.replace("-", "−")


def years(value: float) -> str:
    """As the papers print them: 3.0, 2.3, 0.76."""
    return f"{value:.1f} years" if value == round(value) else f"{value:g} years"


@dataclass
class Outcome:
    """What the tab shows: the result in lines (headline first), or a message naming a field."""

    lines: list[str] = field(default_factory=list)
    message: str = ""
    contributions: dict[str, float] | None = None


def _stub(spec: FieldSpec) -> str:
    """A valid value for an empty required field, used only to check the fields typed so far."""
    if spec.kind == "number":
        return f"{spec.minimum if spec.minimum is not None else 0:g}"
    return spec.choices[0] if spec.choices else NOT_ASSESSED


class CalculatorTab(QWidget):
    """One calculator; subclasses give the groups of fields and turn a result into lines."""

    key = ""
    title = ""
    citation_keys: tuple[str, ...] = ()

    def __init__(
        self, groups: list[tuple[str, tuple[FieldSpec, ...], int]], parent: Any = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName(f"calculator_{self.key}")
        self.form = CalculatorForm(groups, self)
        self.form.changed.connect(self.refresh)
        scroll = QScrollArea(self)
        scroll.setWidget(self.form)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.form_scroll = scroll
        self.headline = self._label("Result", bold=True, scale=1.35)
        self.details = self._label("Result details")
        self.message = self._label("Message about the form")
        self.citation = self._label("Model and citation", scale=0.85)
        self.citation.setText("Model: " + " ".join(CITATIONS[k] for k in self.citation_keys))
        result_area = self.result_area = QWidget(self)
        results = QVBoxLayout(result_area)
        results.setContentsMargins(0, 0, 6, 0)
        results.addWidget(self.headline)
        results.addWidget(self.details)
        results.addWidget(self.message)
        self.chart: ContributionChart | None = None
        self.add_to_results(results)
        results.addStretch(1)
        results.addWidget(self.citation)
        result_scroll = QScrollArea(self)
        result_scroll.setWidget(result_area)
        result_scroll.setWidgetResizable(True)
        result_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        result_scroll.setAccessibleName("Result and model")
        self.result_scroll = result_scroll
        self.panes = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.panes.addWidget(scroll, 4)
        self.panes.addWidget(result_scroll, 3)
        self.outcome = Outcome()
        self.refresh()

    # -- layout -------------------------------------------------------------------
    def _form_room(self) -> int:
        """The whole form's width, so that it (the gene grid too) never scrolls sideways."""
        bar = self.form_scroll.verticalScrollBar().sizeHint().width()
        return self.form.sizeHint().width() + bar + 4

    def _result_room(self) -> int:
        bar = self.result_scroll.verticalScrollBar().sizeHint().width()
        needed = self.result_area.minimumSizeHint().width() + bar + 4
        return max(needed, RESULT_READABLE_PX)

    def side_by_side(self) -> bool:
        return self.panes.direction() == QBoxLayout.Direction.LeftToRight

    def arrange(self, width: int) -> None:
        """The result beside the form when both fit across ``width``, else below it."""
        form = self._form_room()
        margins = self.panes.contentsMargins()
        spare = width - margins.left() - margins.right() - self.panes.spacing() - form
        if spare >= self._result_room():
            self.panes.setDirection(QBoxLayout.Direction.LeftToRight)
            # Stretch in proportion to pixels: the form gets its width, the result the rest.
            self.panes.setStretch(0, form)
            self.panes.setStretch(1, spare)
        else:
            self.panes.setDirection(QBoxLayout.Direction.TopToBottom)
            self.panes.setStretch(0, 3)
            self.panes.setStretch(1, 2)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        self.arrange(event.size().width())
        super().resizeEvent(event)

    def _label(self, name: str, bold: bool = False, scale: float = 1.0) -> QLabel:
        label = QLabel()
        label.setAccessibleName(name)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        # Reachable with Tab after the form, so a screen reader reads the result.
        label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        font = QFont(label.font())
        font.setBold(bold)
        if scale != 1.0:
            font.setPointSizeF(font.pointSizeF() * scale)
        label.setFont(font)
        return label

    def add_to_results(self, layout: QVBoxLayout) -> None:
        """Room for more below the result (the IPSS-M chart)."""

    def focus_chain(self) -> list[QWidget]:
        chain: list[QWidget] = [f.widget for f in self.form.inputs.values()]
        chain += [self.headline, self.details, self.message]
        return chain + ([self.chart] if self.chart is not None else [])

    # -- computing ----------------------------------------------------------------
    def score(self, values: Mapping[str, str]) -> Outcome:
        raise NotImplementedError

    def scorer(self) -> Callable[[Mapping[str, str]], object]:
        """The core function that validates this tab's fields (for checking a partial form)."""
        raise NotImplementedError

    def evaluate(self) -> Outcome:
        values = self.form.values()
        missing = [f for f in self.form.inputs.values() if f.spec.required and not f.raw()]
        try:
            if missing:
                # Check what has been typed so far, so a wrong value is named at once.
                self.scorer()({**values, **{f.spec.name: _stub(f.spec) for f in missing}})
                names = ", ".join(f.spec.label for f in missing)
                return Outcome(message=f"Still to fill in: {names}.")
            return self.score(values)
        except ScoreInputError as err:
            return Outcome(message=self.explain(err))
        except Exception as err:  # a fault in the handbook: said plainly, inputs never logged
            log.error("calculator %s could not compute: %s", self.key, type(err).__name__)
            return Outcome(
                message="This result could not be computed because of a fault in the handbook."
            )

    def explain(self, err: ScoreInputError) -> str:
        label = self.form.label_of(err.field)
        return f"{label} ({err.field}): “{err.value}” is not valid; expected {err.expected}."

    def refresh(self) -> None:
        self.outcome = outcome = self.evaluate()
        self.headline.setText(outcome.lines[0] if outcome.lines else "No result yet")
        self.details.setText("\n".join(outcome.lines[1:]))
        self.details.setVisible(len(outcome.lines) > 1)
        self.message.setText(outcome.message)
        self.message.setVisible(bool(outcome.message))
        if self.chart is not None:
            self.chart.set_contributions(outcome.contributions)

    def result_text(self) -> str:
        """Everything the result area says, as one text (for tests and the printed summary)."""
        return "\n".join([*self.outcome.lines, self.outcome.message]).strip()

    def clear(self) -> None:
        self.form.clear()
        self.refresh()


def _ipssr_lines(result: Any, prefix: str = "IPSS-R") -> list[str]:
    """The group and score, then the paper's medians for the group (Greenberg 2012)."""
    words = IPSSR_WORDS.get(result.category, result.category)
    lines = [f"{prefix}: {words} (score {number(result.score, None)})"]
    survival = f"In the paper, {words}: median survival {years(result.median_survival_years)}"
    if result.median_aml25_years is None:
        lines.append(f"{survival}; fewer than 25% progressed to AML during follow-up")
    else:
        lines.append(f"{survival}; 25% had progressed to AML by {years(result.median_aml25_years)}")
    if result.age_adjusted_score is None:
        lines.append("IPSS-R(A), age-adjusted: needs the age")
    else:
        aged = IPSSR_WORDS.get(result.age_adjusted_category, result.age_adjusted_category)
        lines.append(
            f"IPSS-R(A), age-adjusted: {aged} (score {number(result.age_adjusted_score, None)})"
        )
    return lines


class IpssmTab(CalculatorTab):
    key = "ipssm"
    title = "IPSS-M (and IPSS-R)"
    citation_keys = ("ipssm", "ipssr")

    def __init__(self, parent: Any = None) -> None:
        by_name = {spec.name: spec for spec in IPSSM_FIELDS}
        # ANC and age are for the IPSS-R and IPSS-R(A) only: the IPSS-M is computed without them.
        extra = {s.name: replace(s, required=False) for s in IPSSR_FIELDS if s.name not in by_name}
        specs = {**by_name, **extra}

        def pick(*names: str) -> tuple[FieldSpec, ...]:
            return tuple(specs[name] for name in names)

        tp53 = ("TP53mut", "TP53maxvaf", "TP53loh", "MLL_PTD", "FLT3")
        first = ("HB", "PLT", "BM_BLAST", "ANC", "AGE", "CYTO_IPSSR", "del5q", "del7_7q", "complex")
        named = {*first, "del17_17p", *tp53}
        genes = [s for s in IPSSM_FIELDS if s.kind == "gene" and s.name not in named]
        main = tuple(s for s in genes if s.name in MAIN)
        residual = tuple(s for s in genes if s.name not in MAIN)
        groups = [
            ("Blood counts and marrow", pick("HB", "PLT", "BM_BLAST", "ANC", "AGE"), 1),
            ("Cytogenetics", pick("CYTO_IPSSR", "del5q", "del7_7q", "complex", "del17_17p"), 1),
            ("TP53, KMT2A and FLT3", pick(*tp53), 1),
            ("Genes in the model", main, 3),
            ("Other genes (counted together)", residual, 3),
        ]
        super().__init__(groups, parent)

    def add_to_results(self, layout: QVBoxLayout) -> None:
        heading = QLabel("Contribution of each variable to the IPSS-M score", self)
        heading.setWordWrap(True)  # a narrow window must not cut it off
        layout.addWidget(heading)
        self.chart = ContributionChart(self)
        layout.addWidget(self.chart)

    def scorer(self) -> Callable[[Mapping[str, str]], object]:
        return score_ipssm

    def score(self, values: Mapping[str, str]) -> Outcome:
        result = score_ipssm(values)
        mean, best, worst = result.mean, result.best, result.worst
        lines = [f"IPSS-M: {mean.category} (score {number(mean.score)})"]
        if result.not_assessed or (best.score, worst.score) != (mean.score, mean.score):
            lines.append(
                f"Range with what was not tested: best {number(best.score)} ({best.category}), "
                f"worst {number(worst.score)} ({worst.category})"
            )
            names = ", ".join(self.form.label_of(name) for name in result.not_assessed)
            lines.append(f"Not assessed: {names}")
        lines.append(
            f"Median leukaemia-free survival in the paper for {mean.category}: "
            f"{years(result.median_lfs_years)}"
        )
        anc_given = self.form.inputs["ANC"].raw() != ""
        if anc_given:
            lines += _ipssr_lines(score_ipssr(values))
        else:
            lines.append("IPSS-R: needs the absolute neutrophil count")
        return Outcome(lines, contributions=result.contributions)


MAIN: tuple[str, ...] = (
    "ASXL1",
    "CBL",
    "DNMT3A",
    "ETV6",
    "EZH2",
    "IDH2",
    "KRAS",
    "NPM1",
    "NRAS",
    "RUNX1",
)
MAIN += ("SF3B1", "SRSF2", "U2AF1")


class IpssrTab(CalculatorTab):
    key = "ipssr"
    title = "IPSS-R"
    citation_keys = ("ipssr",)

    def __init__(self, parent: Any = None) -> None:
        super().__init__([("Blood counts, marrow and cytogenetics", IPSSR_FIELDS, 1)], parent)

    def scorer(self) -> Callable[[Mapping[str, str]], object]:
        return score_ipssr

    def score(self, values: Mapping[str, str]) -> Outcome:
        result = score_ipssr(values)
        lines = _ipssr_lines(result)
        names = {"CYTO_IPSSR": "cytogenetics", "BM_BLAST": "blasts", "HB": "haemoglobin"}
        names |= {"PLT": "platelets", "ANC": "neutrophils"}
        points = ", ".join(f"{names.get(k, k)} {number(v, None)}" for k, v in result.points.items())
        lines.insert(1, f"Points: {points}")
        return Outcome(lines)


class AaTab(CalculatorTab):
    key = "aa-severity"
    title = "Aplastic anaemia severity"
    citation_keys = ("aa-severity",)

    def __init__(self, parent: Any = None) -> None:
        super().__init__([("Marrow and blood counts", AA_FIELDS, 1)], parent)

    def scorer(self) -> Callable[[Mapping[str, str]], object]:
        return classify_aa

    def score(self, values: Mapping[str, str]) -> Outcome:
        result = classify_aa(values)
        lines = [f"Aplastic anaemia: {result.grade}"]
        lines.append(
            f"Reticulocyte cut-off used: < {result.reticulocyte_cutoff:g} ×10⁹/L "
            f"({result.reticulocyte_method} count)"
        )
        if result.criteria_met:
            lines.append("Criteria met: " + "; ".join(result.criteria_met))
        return Outcome(lines)


class CciTab(CalculatorTab):
    key = "cci"
    title = "Platelet increment (CCI)"
    citation_keys = ("cci",)

    def __init__(self, parent: Any = None) -> None:
        super().__init__([("Counts, patient and dose", CCI_FIELDS, 1)], parent)

    def scorer(self) -> Callable[[Mapping[str, str]], object]:
        return corrected_count_increment

    def score(self, values: Mapping[str, str]) -> Outcome:
        result = corrected_count_increment(values)
        when = "1-hour" if result.interval == "1h" else "24-hour"
        lines = [f"Corrected count increment ({when}): {result.cci:,.0f}"]
        lines.append(
            f"Increment {result.increment:g} ×10⁹/L; "
            f"body surface area {result.bsa:.2f} m² (Mosteller)"
        )
        if result.below_threshold:
            lines.append(
                f"Below the {when} threshold of {result.threshold:,.0f}: after two consecutive "
                "ABO-compatible transfusions of fresh platelets this suggests refractoriness."
            )
        else:
            lines.append(f"At or above the {when} threshold of {result.threshold:,.0f}.")
        return Outcome(lines)


TABS: tuple[type[CalculatorTab], ...] = (IpssmTab, IpssrTab, AaTab, CciTab)
