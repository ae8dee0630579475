"""A bar per IPSS-M variable: what it adds to (right) or takes from (left) the score."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

# Mid-lightness colours that read on the light and the dark window and on paper; the side
# of the axis and the printed value carry the meaning too, so colour is never needed alone.
RAISES = QColor("#d0563b")
LOWERS = QColor("#3f86c9")
ROW_PX = 17
TOP_PX = 24  # the legend line
BOTTOM_PX = 6

VARIABLE_LABELS = {
    "CYTOVEC": "Cytogenetics",
    "BLAST5": "Marrow blasts",
    "TRANSF_PLT100": "Platelets",
    "HB1": "Haemoglobin",
    "SF3B1_alpha": "SF3B1 (alpha)",
    "SF3B1_5q": "SF3B1 with del(5q)",
    "MLL_PTD": "KMT2A-PTD",
    "TP53multi": "TP53 multi-hit",
    "FLT3": "FLT3",
    "Nres2": "Other genes (residual)",
}


def label_for(variable: str) -> str:
    return VARIABLE_LABELS.get(variable, variable)


def ordered(contributions: dict[str, float]) -> list[tuple[str, float]]:
    """Largest rise in risk first, largest fall last (as the official calculator sorts them)."""
    return sorted(contributions.items(), key=lambda item: -item[1])


def chart_height(rows: int) -> int:
    return TOP_PX + ROW_PX * max(rows, 1) + BOTTOM_PX


LEGEND = ("Lowers the score ◀", "▶ Raises the score")
PLOT_MIN_PX = 48


def minimum_width(font: QFont) -> int:
    """Room for the longest label, a value each side of a short plot, and both legend texts
    side by side: narrower, and they would be drawn over one another."""
    from handbook.scores.ipssm import MODEL

    metrics = QFontMetricsF(font)
    labels = max(metrics.horizontalAdvance(label_for(name)) for name in MODEL) + 8
    values = metrics.horizontalAdvance("−0.00") + 8
    legend = sum(metrics.horizontalAdvance(text) for text in LEGEND) + 16
    return round(max(labels + 2 * values + PLOT_MIN_PX, legend))


def draw_chart(
    painter: QPainter,
    rect: QRectF,
    contributions: dict[str, float] | None,
    text: QColor,
    grid: QColor,
    font: QFont,
) -> None:
    """Draw the chart into ``rect`` (logical pixels); ``text`` and ``grid`` come from a palette."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setFont(font)
    painter.setPen(text)
    if not contributions:
        painter.drawText(
            rect,
            Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
            "The chart of each variable's contribution appears when the IPSS-M can be computed.",
        )
        painter.restore()
        return
    rows = ordered(contributions)
    metrics = QFontMetricsF(font)
    label_width = max(metrics.horizontalAdvance(label_for(name)) for name, _ in rows) + 8
    value_width = metrics.horizontalAdvance("−0.00") + 8
    plot = QRectF(
        rect.left() + label_width + value_width,
        rect.top() + TOP_PX,
        max(rect.width() - label_width - 2 * value_width, 40.0),
        ROW_PX * len(rows),
    )
    extent = max(max(abs(value) for _, value in rows), 0.25)
    scale = plot.width() / 2 / extent
    axis = plot.center().x()
    legend = QRectF(rect.left(), rect.top(), rect.width(), TOP_PX - 6)
    painter.drawText(legend, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, LEGEND[0])
    painter.drawText(legend, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, LEGEND[1])
    for row, (name, value) in enumerate(rows):
        top = plot.top() + row * ROW_PX
        line = QRectF(rect.left(), top, label_width - 8, ROW_PX)
        painter.setPen(text)
        painter.drawText(
            line, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label_for(name)
        )
        width = value * scale
        bar = QRectF(min(axis, axis + width), top + 3, abs(width), ROW_PX - 6)
        painter.fillRect(bar, RAISES if value > 0 else LOWERS)
        shown = f"{value:+.2f}".replace("-", "−")
        if value >= 0:
            where = QRectF(bar.right() + 4, top, value_width, ROW_PX)
            align = Qt.AlignmentFlag.AlignLeft
        else:
            where = QRectF(bar.left() - value_width - 4, top, value_width, ROW_PX)
            align = Qt.AlignmentFlag.AlignRight
        painter.drawText(where, align | Qt.AlignmentFlag.AlignVCenter, shown)
    painter.setPen(QPen(grid, 1))
    painter.drawLine(QPointF(axis, plot.top()), QPointF(axis, plot.bottom()))
    painter.restore()


class ContributionChart(QWidget):
    """The chart on screen, in the window's palette; ``print_image`` draws it black on white."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("contributionChart")
        self.setAccessibleName("Contribution of each variable to the IPSS-M score")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.contributions: dict[str, float] | None = None
        self.setMinimumHeight(chart_height(6))
        self.setMinimumWidth(minimum_width(self.font()))

    def set_contributions(self, contributions: dict[str, float] | None) -> None:
        self.contributions = dict(contributions) if contributions else None
        rows = len(self.contributions) if self.contributions else 3
        self.setFixedHeight(chart_height(rows))
        self.setAccessibleDescription(describe(self.contributions))
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(420, self.minimumHeight())

    def paintEvent(self, _event: Any) -> None:  # noqa: N802 (Qt's name)
        palette = self.palette()
        painter = QPainter(self)
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Base))
        draw_chart(
            painter,
            QRectF(self.rect()).adjusted(6, 2, -6, -2),
            self.contributions,
            palette.color(QPalette.ColorRole.Text),
            palette.color(QPalette.ColorRole.Mid),
            self.font(),
        )
        painter.end()

    def print_image(self, width_px: int = 620, scale: float = 3.0) -> QImage:
        """The chart for paper: black text on white, ``scale`` times the CSS size for sharpness."""
        rows = len(self.contributions) if self.contributions else 3
        height_px = chart_height(rows)
        image = QImage(
            round(width_px * scale), round(height_px * scale), QImage.Format.Format_RGB32
        )
        image.fill(QColor("#ffffff"))
        painter = QPainter(image)
        painter.scale(scale, scale)
        font = QFont(self.font())
        font.setPointSizeF(8.5)
        painter.setFont(font)
        draw_chart(
            painter,
            QRectF(0, 0, width_px, height_px),
            self.contributions,
            QColor("#000000"),
            QColor("#606060"),
            font,
        )
        painter.end()
        return image


def describe(contributions: dict[str, float] | None) -> str:
    """The chart in words, for screen readers."""
    if not contributions:
        return "No chart yet: the IPSS-M cannot be computed from the form as it is."
    parts = [f"{label_for(name)} {value:+.2f}" for name, value in ordered(contributions)]
    return "Contributions, largest rise first: " + ", ".join(parts)
