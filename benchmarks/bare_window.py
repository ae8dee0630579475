"""Reference for start-up and memory: a bare PySide6 window showing one handbook page.

Usage:
    python benchmarks/bare_window.py                  # show one page, quit after its first paint
    python benchmarks/bare_window.py --memory         # also print this process's peak RSS
    python benchmarks/bare_window.py --page pnh       # another page from index/pages/

One QMainWindow holding one QTextBrowser, the page's HTML from index/pages/ and
index/styles/page.css as the default stylesheet, the same window size as the app. The
first frame is detected the way the app does it (handbook/ui/firstpaint.py): an
event filter on the viewport sees QEvent.Paint, then QTimer.singleShot(0, quit).

Deliberately self-contained: it imports nothing from handbook/ or benchmarks/, so it
costs what a bare Qt window costs.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PAGE = "aplastic-anaemia"


def peak_rss_kib() -> int:
    """Peak resident set size of this process in KiB (ru_maxrss is bytes on macOS)."""
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--memory", action="store_true", help="print 'peak_rss_kib N' at exit")
    parser.add_argument(
        "--page", default=DEFAULT_PAGE, help=f"page id in index/pages/ (default {DEFAULT_PAGE})"
    )
    parser.add_argument(
        "--index", type=Path, default=ROOT / "index", help="index folder (default: the checkout's)"
    )
    args = parser.parse_args()
    headless = not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    if sys.platform.startswith("linux") and headless:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow, QTextBrowser

    class FirstPaint(QObject):
        def __init__(self, callback) -> None:  # type: ignore[no-untyped-def]
            super().__init__()
            self._callback = callback
            self._done = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
            if not self._done and event.type() == QEvent.Type.Paint:
                self._done = True
                QTimer.singleShot(0, self._callback)
            return False

    app = QApplication(sys.argv[:1])
    page = (args.index / "pages" / f"{args.page}.html").read_text(encoding="utf-8")
    css = (args.index / "styles" / "page.css").read_text(encoding="utf-8")
    window = QMainWindow()
    window.resize(1180, 780)  # the app's window size, so both paint the same area
    browser = QTextBrowser(window)
    browser.setSearchPaths([str(args.index)])
    browser.document().setDefaultStyleSheet(css)
    browser.setHtml(f"<html><head><meta charset='utf-8'></head><body>{page}</body></html>")
    window.setCentralWidget(browser)
    watcher = FirstPaint(app.quit)
    browser.viewport().installEventFilter(watcher)
    window.show()
    code = app.exec()
    if args.memory:
        print(f"peak_rss_kib {peak_rss_kib()}", flush=True)
    return int(code)


if __name__ == "__main__":
    sys.exit(main())
