"""A tampered index: pages with scripts, remote images and stylesheets, frames, an SVG with
remote references, nested tables and huge pages. The window opens every one of them
without a socket and without a hang."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.adversarial.figures import FIGURES
from tests.helpers import ROOT

REMOTE = "198.51.100.7"  # TEST-NET-2: never routed
NESTED = "<div><table><tr><td>" * 60 + "deep" + "</td></tr></table></div>" * 60
HOSTILE = {
    "aplastic-anaemia": (
        "<h1>Scripts</h1><script>alert(1)</script><p onload='alert(2)'>text</p>"
        "<a href='javascript:alert(3)'>js</a><iframe src='http://{r}/f'></iframe>"
        "<object data='http://{r}/o'></object><embed src='http://{r}/e'>"
    ),
    "azacitidine": (
        "<h1>Images</h1><img src='http://{r}/a.png'><img src='https://{r}/b.png'>"
        "<img src='ftp://{r}/c.png'><img src='//{r}/share/d.png'>"
        "<img src='file://{r}/share/e.png'><img src='file:///etc/passwd'>"
        "<img src='images/remote.svg'><table background='http://{r}/t.png'><tr><td>x</td></tr>"
        "</table>"
    ),
    "alcohol": (
        "<h1>Styles</h1><link rel='stylesheet' href='http://{r}/s.css'>"
        "<style>@import url(http://{r}/i.css); p {{ background-image: url(http://{r}/p.png) }}"
        "</style><p>styled</p>"
    ),
    "aa-pregnancy": "<h1>Nested tables</h1>" + NESTED,
    "atg-administration": "<h1>A large page</h1>" + "<p>aplastic anaemia</p>" * 40_000,
    "about-this-handbook": "<h1>Huge</h1>" + "x" * 20_000_000,
}
REMOTE_SVG = (
    '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "http://{r}/entity">]>'
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
    'width="10" height="10"><image xlink:href="http://{r}/x.png" width="10" height="10"/>'
    "<text>&x;</text></svg>"
)

OPEN_SCRIPT = r"""
import json, socket, sys, time
from pathlib import Path
attempts = []
def refuse(*args, **kwargs):
    attempts.append(repr(args)[:80])
    raise OSError("network refused by the test")
socket.socket.connect = refuse
socket.getaddrinfo = refuse
from handbook.ui.app import create_window, make_application
from handbook.ui.mainwindow import Notice
Notice.show = classmethod(lambda cls, parent, message: None)
app = make_application()
window = create_window(Path(sys.argv[1]), finish_after_paint=False)
window.show()
seconds = {}
for page_id in sys.argv[2:]:
    started = time.perf_counter()
    window.open_page(page_id)
    window.page_view.document().documentLayout().documentSize()
    app.processEvents()
    seconds[page_id] = time.perf_counter() - started
shown = {p: window.page_view.document().characterCount() for p in sys.argv[2:][-1:]}
window.close()
print(json.dumps({"seconds": seconds, "attempts": attempts, "shown": shown}))
"""


def _hostile_index(index: Path) -> list[str]:
    pages = []
    for page_id, html in HOSTILE.items():
        path = index / "pages" / f"{page_id}.html"
        if path.exists():
            path.write_text(html.replace("{r}", REMOTE), encoding="utf-8")
            pages.append(page_id)
    (index / "images" / "remote.svg").write_text(REMOTE_SVG.replace("{r}", REMOTE), "utf-8")
    css = index / "styles" / "page.css"
    css.write_text(
        css.read_text(encoding="utf-8") + f"\nbody {{ background: url(http://{REMOTE}/bg.png) }}\n",
        encoding="utf-8",
    )
    return pages


def test_hostile_pages_open_without_network_or_hang(index_copy: Path, tmp_path: Path) -> None:
    pages = _hostile_index(index_copy)
    FIGURES.faults += len(pages) + 2
    trace = tmp_path / "trace.txt"
    strace = (
        ["strace", "-f", "-qq", "-e", "trace=socket,connect", "-o", str(trace)]
        if shutil.which("strace")
        else []
    )
    env = {
        **os.environ,
        "HOME": str(tmp_path),
        "HANDBOOK_USER_DIR": str(tmp_path / "u"),
        "QT_QPA_PLATFORM": "offscreen",
    }
    try:
        done = subprocess.run(
            [*strace, sys.executable, "-c", OPEN_SCRIPT, str(index_copy), *pages],
            cwd=ROOT,
            capture_output=True,
            text=True,
            env=env,
            timeout=90,
        )
    except subprocess.TimeoutExpired:
        FIGURES.hangs += 1
        raise
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout.splitlines()[-1])
    assert report["attempts"] == []
    slow = {page: s for page, s in report["seconds"].items() if s > 5}
    FIGURES.hangs += len(slow)
    assert slow == {}
    if strace:
        sockets = [
            line
            for line in trace.read_text().splitlines()
            if ("socket(" in line or "connect(" in line) and "AF_UNIX" not in line
        ]
        assert sockets == []
    slowest = max(report["seconds"].items(), key=lambda item: item[1])
    FIGURES.notes.append(f"hostile pages: {len(pages)}, slowest {slowest[1]:.2f} s ({slowest[0]})")
