"""Benchmark: a ten-page handout pack to PDF, against plain QTextDocument.print_() of it."""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
if sys.platform.startswith("linux") and not (
    os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QUrl  # noqa: E402
from PySide6.QtGui import QTextDocument  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from handbook.catalog import Catalog  # noqa: E402
from handbook.pagehtml import ClinicDetails, fill_placeholders, wrap  # noqa: E402
from handbook.printhtml import load_print_stylesheet  # noqa: E402
from handbook.printjob import PrintOptions, compose_job, patient_handouts  # noqa: E402
from handbook.ui.export import write_pdf  # noqa: E402
from handbook.ui.printing import make_printer  # noqa: E402

RUNS = 7
PAGES = 10


def median_seconds(task: Callable[[], object], runs: int = RUNS) -> float:
    task()  # warm-up: fonts, plugins, caches
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        task()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    catalog = Catalog.load(ROOT / "index")
    page_ids = [page.id for page in patient_handouts(catalog)][:PAGES]
    clinic = ClinicDetails("St Elsewhere Haematology", "0161 496 0000")
    options = PrintOptions("a4", False, clinic)
    budget = tomllib.loads((ROOT / "benchmarks" / "budgets.toml").read_text(encoding="utf-8"))[
        "export"
    ]["pack10_s"]
    css = load_print_stylesheet(catalog.index_dir, False)
    plain_html = wrap(
        "".join(
            '<div style="page-break-before: always">'
            + fill_placeholders(catalog.page_html(pid), clinic)
            + "</div>"
            for pid in page_ids
        )
    )

    with tempfile.TemporaryDirectory() as folder:
        pack_pdf = Path(folder) / "pack.pdf"
        plain_pdf = Path(folder) / "plain.pdf"
        sheets: list[int] = []

        def export_pack() -> None:
            sheets.append(write_pdf(compose_job(catalog, page_ids, options), pack_pdf, catalog))

        def plain_print() -> None:
            document = QTextDocument()
            document.setBaseUrl(QUrl.fromLocalFile(str(catalog.index_dir) + os.sep))
            document.setDefaultStyleSheet(css)
            document.setHtml(plain_html)
            document.print_(make_printer("a4", "reference", plain_pdf))

        pack = median_seconds(export_pack)
        reference = median_seconds(plain_print)
        size_kb = pack_pdf.stat().st_size / 1024

    verdict = "PASS" if pack <= budget else "FAIL"
    print(f"handout pack of {len(page_ids)} pages + cover: {sheets[-1]} sheets, {size_kb:.0f} KB")
    print(f"export (header, footer, cover, page-break fixes): median {pack:.3f} s over {RUNS} runs")
    print(f"reference QTextDocument.print_() of the same pages: median {reference:.3f} s")
    print(f"ratio to reference: {pack / reference:.1f}x")
    print(f"{verdict}: {pack:.3f} s against budget [export] pack10_s = {budget} s")
    del app
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    raise SystemExit(main())
