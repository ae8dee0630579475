"""The local emergency number printed on handouts: the clinic's own, or one for the locale.

Handouts send true emergencies (chest pain, a fit, suspected meningococcal sepsis) to
``{{emergency_number}}``. A clinic can type its own number; without one, the number
follows the workstation's country (999 in the UK, 112 in the EU, 911 in the US and
Canada), and anywhere else the handout says "your local emergency number" rather than
guess.
"""

from __future__ import annotations

UNKNOWN = "your local emergency number"
_UK = {"GB", "UK", "IM", "JE", "GG"}
_NORTH_AMERICA = {"US", "CA", "PR"}
# The 27 EU member states use 112 (many also keep national numbers, which 112 reaches).
_EU = {
    "AT",
    "BE",
    "BG",
    "HR",
    "CY",
    "CZ",
    "DK",
    "EE",
    "FI",
    "FR",
    "DE",
    "GR",
    "HU",
    "IE",
    "IT",
    "LV",
    "LT",
    "LU",
    "MT",
    "NL",
    "PL",
    "PT",
    "RO",
    "SK",
    "SI",
    "ES",
    "SE",
}


def region_of(locale_name: str) -> str:
    """The two-letter region of a locale name (``en_GB.UTF-8`` -> ``GB``), or ''.

    Plain string work, no regular expression: this runs while the first window is made.
    """
    name = locale_name.strip()
    for stop in ".@":
        name = name.split(stop, 1)[0]
    language, separator, region = name.replace("-", "_").partition("_")
    letters = language + region
    if separator and 2 <= len(language) <= 3 and len(region) == 2 and letters.isascii():
        return region.upper() if letters.isalpha() else ""
    return ""


def default_number(region: str) -> str:
    """The emergency number for a region code, or the words for an unknown region."""
    code = region.strip().upper()
    if code in _UK:
        return "999"
    if code in _NORTH_AMERICA:
        return "911"
    if code in _EU:
        return "112"
    return UNKNOWN


def emergency_number(own: str, region: str) -> str:
    """What handouts print: the clinic's own number when set, else the locale's."""
    return own.strip() or default_number(region)


def environment_region() -> str:
    """The region of the process locale from the environment (command line, no Qt)."""
    import os

    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        region = region_of(os.environ.get(variable, ""))
        if region:
            return region
    return ""
