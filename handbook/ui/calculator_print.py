"""A calculator's result on paper: inputs, result, chart, model and citation, date, disclaimer.

Privacy: what was typed goes into the printed sheets only. The job's title (the PDF's
metadata), the suggested file name and the status message name the calculator, never an input.
"""

from __future__ import annotations

import datetime
import html
from pathlib import Path
from typing import TYPE_CHECKING

from handbook import APP_NAME
from handbook.disclaimer import PRINTED_LINE
from handbook.printhtml import load_print_stylesheet
from handbook.printjob import PageFrame, PrintJob, PrintOptions, PrintPart, clinic_line
from handbook.scores import CITATIONS
from handbook.textutil import readable_date

if TYPE_CHECKING:
    from PySide6.QtGui import QImage

    from handbook.ui.calculator_tabs import CalculatorTab
    from handbook.ui.host import CalculatorHost

CHART_SRC = "calculator-chart.png"  # drawn from memory by the print image handler
CHART_WIDTH_PX = 620
# The calculator's own sentence; the general disclaimer follows it (handbook/disclaimer.py).
CALCULATOR_DISCLAIMER = (
    "This calculation supports, and does not replace, clinical judgement. Check the inputs "
    "against the source reports before acting on the result."
)
MODEL_NAMES = {
    "ipssm": "IPSS-M (Molecular International Prognostic Scoring System), Bernard et al. 2022",
    "ipssr": "IPSS-R (Revised International Prognostic Scoring System), Greenberg et al. 2012",
    "aa-severity": "Aplastic anaemia severity (modified Camitta criteria; very severe: Bacigalupo)",
    "cci": "Corrected count increment, body surface area by Mosteller",
}


def job_title(tab: CalculatorTab) -> str:
    return f"{tab.title} calculation"


def file_name(tab: CalculatorTab) -> str:
    return f"{tab.key}-calculation.pdf"


def summary_html(tab: CalculatorTab, chart: QImage | None, today: datetime.date) -> str:
    esc = html.escape
    parts = [f"<h1>{esc(job_title(tab))}</h1>"]
    lines = tab.outcome.lines
    parts.append("<h2>Result</h2>")
    if lines:
        parts.append(f"<p><b>{esc(lines[0])}</b></p>")
        parts.append("".join(f"<p>{esc(line)}</p>" for line in lines[1:]))
    if chart is not None:
        height = round(chart.height() * CHART_WIDTH_PX / max(chart.width(), 1))
        parts.append("<h2>Contribution of each variable to the IPSS-M score</h2>")
        parts.append(f'<p><img src="{CHART_SRC}" width="{CHART_WIDTH_PX}" height="{height}"></p>')
    cells = [
        f"<td>{esc(field.spec.label)}</td><td><b>{esc(field.shown())}</b></td>"
        for field in tab.form.inputs.values()
    ]
    if len(cells) % 2:
        cells.append("<td></td><td></td>")
    rows = "".join(f"<tr>{cells[at]}{cells[at + 1]}</tr>" for at in range(0, len(cells), 2))
    parts.append("<h2>Inputs</h2>")  # two to a row, so a long form stays on few sheets
    parts.append(f'<table width="100%" cellpadding="2"><tbody>{rows}</tbody></table>')
    parts.append("<h2>Model and citation</h2>")
    for key in tab.citation_keys:
        parts.append(f"<p><b>{esc(MODEL_NAMES[key])}.</b> {esc(CITATIONS[key])}</p>")
    parts.append(
        f'<p class="meta">Calculated with the {esc(APP_NAME)} on '
        f"{esc(readable_date(today.isoformat()))}. {esc(CALCULATOR_DISCLAIMER)} "
        f"{esc(PRINTED_LINE)}</p>"
    )
    return "\n".join(parts)


def summary_job(
    tab: CalculatorTab,
    window: CalculatorHost,
    chart: QImage | None,
    today: datetime.date | None = None,
) -> PrintJob:
    """One part, with the handbook's running header and footer; nothing typed is in the title."""
    today = today or datetime.date.today()
    settings = window.settings
    options = PrintOptions(settings.paper, settings.large_print, window.clinic)
    title = job_title(tab)
    frame = PageFrame(
        title=title,
        header_left=APP_NAME,
        header_right=clinic_line(window.clinic),
        footer_left=f"Calculated {readable_date(today.isoformat())} · "
        f"Content version {window.catalog.content_version}",
    )
    part = PrintPart("calculator", title, summary_html(tab, chart, today), frame)
    css = load_print_stylesheet(window.catalog.index_dir, options.large_print)
    return PrintJob(title, (part,), ("calculator",), options, False, css)


def chart_images(tab: CalculatorTab) -> tuple[QImage | None, dict[str, QImage]]:
    if tab.chart is None or not tab.chart.contributions:
        return None, {}
    image = tab.chart.print_image(CHART_WIDTH_PX)
    return image, {CHART_SRC: image}


def print_result(tab: CalculatorTab, window: CalculatorHost) -> bool:
    from handbook.ui.printdialogs import Notice, PrinterDialogs
    from handbook.ui.printing import PrintError, make_printer, render_job

    chart, images = chart_images(tab)
    job = summary_job(tab, window, chart)
    printer = make_printer(job.options.paper, job.title)
    if not PrinterDialogs.ask_printer(tab, printer):
        return False
    try:
        render_job(job, printer, window.catalog, images)
    except PrintError as exc:
        Notice.warn(tab, f"Printing failed: {exc}")
        return False
    return True


def export_result(tab: CalculatorTab, window: CalculatorHost) -> Path | None:
    from handbook.ui.export import write_pdf
    from handbook.ui.printdialogs import Notice, SavePdfDialog
    from handbook.ui.printing import PrintError

    path = SavePdfDialog.ask(tab, file_name(tab))
    if path is None:
        return None
    chart, images = chart_images(tab)
    try:
        write_pdf(summary_job(tab, window, chart), path, window.catalog, images)
    except (OSError, PrintError) as exc:
        Notice.warn(tab, f"The PDF could not be written: {exc}")
        return None
    return path
