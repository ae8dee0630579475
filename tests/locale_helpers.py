"""A German LC_TIME for date tests: the real locale where installed, else a stand-in."""

from __future__ import annotations

import contextlib
import locale
import time
from collections.abc import Iterator

import pytest

GERMAN_MONTHS = (
    "Januar", "Februar", "März", "April", "Mai", "Juni", "Juli",
    "August", "September", "Oktober", "November", "Dezember",
)  # fmt: skip
GERMAN_LOCALES = ("de_DE.UTF-8", "simulated")


@contextlib.contextmanager
def german_month_names(which: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """strftime('%B') says "Dezember" inside: ``which`` is a locale name, or "simulated" for a
    stand-in (``date.strftime`` calls ``time.strftime``, which the stand-in replaces).
    Skips the test when the named locale is not installed."""
    if which == "simulated":
        real = time.strftime

        def german(fmt: str, *when: time.struct_time) -> str:
            month = (when[0] if when else time.localtime()).tm_mon
            return real(fmt.replace("%B", GERMAN_MONTHS[month - 1]), *when)

        with monkeypatch.context() as patch:
            patch.setattr(time, "strftime", german)
            yield
        return
    saved = locale.setlocale(locale.LC_TIME)
    try:
        locale.setlocale(locale.LC_TIME, which)
    except locale.Error:
        pytest.skip(f"the {which} locale is not installed here")
    try:
        yield
    finally:
        locale.setlocale(locale.LC_TIME, saved)
