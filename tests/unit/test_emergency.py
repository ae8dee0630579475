"""The emergency number handouts print: the clinic's own, else the one for the country."""

from __future__ import annotations

import pytest

from handbook.emergency import (
    UNKNOWN,
    default_number,
    emergency_number,
    environment_region,
    region_of,
)
from handbook.pagehtml import ClinicDetails, fill_placeholders


@pytest.mark.parametrize(
    ("locale_name", "number"),
    [
        ("en_GB.UTF-8", "999"),
        ("en_US", "911"),
        ("fr_CA.utf8", "911"),
        ("de_DE@euro", "112"),
        ("ga_IE", "112"),
        ("en_AU.UTF-8", UNKNOWN),
        ("C.UTF-8", UNKNOWN),
        ("", UNKNOWN),
        ("POSIX", UNKNOWN),
    ],
)
def test_default_by_locale(locale_name: str, number: str) -> None:
    assert default_number(region_of(locale_name)) == number


def test_the_clinics_own_number_wins() -> None:
    assert emergency_number(" 000 ", "GB") == "000"
    assert emergency_number("", "GB") == "999"


def test_region_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    assert environment_region() == "GB"
    monkeypatch.setenv("LC_ALL", "C.UTF-8")  # no region there: the next variable decides
    assert environment_region() == "GB"


def test_placeholder_is_filled_and_escaped() -> None:
    fragment = "<p>Call {{emergency_number}} now; then {{clinic_phone}}.</p>"
    assert (
        fill_placeholders(fragment, ClinicDetails("", "0113 000", "999"))
        == "<p>Call 999 now; then 0113 000.</p>"
    )
    assert "your local emergency number" in fill_placeholders(fragment, ClinicDetails())
    assert "&lt;b&gt;" in fill_placeholders(fragment, ClinicDetails(emergency="<b>"))
