"""The medical disclaimer, written once: its general sentence, the printed line, the full text."""

from __future__ import annotations

from handbook.placeholders import EMERGENCY_NUMBER, placeholder

GENERAL = "General information that supports, and does not replace, advice from your clinical team."
EMERGENCY = "In an emergency, call your local emergency number."

# At the foot of every printed sheet, and under a calculator's printed result.
PRINTED_LINE = f"{GENERAL} {EMERGENCY}"

# At the foot of every page on screen (written into the pages at build time).
PAGE = (
    "This handbook supports, and does not replace, the judgement of the clinical team "
    f"and local protocols. Check doses against the current product label. {EMERGENCY}"
)

# A patient handout's own closing line, in place of the page's disclaimer for staff; the
# placeholder becomes the clinic's emergency number (handbook/pagehtml.py).
HANDOUT = (
    "This sheet gives general information. It does not replace advice from your own care "
    f"team. In an emergency, call {placeholder(EMERGENCY_NUMBER)}."
)

# The first-run dialog and Help → About: the general sentence, then what it means here.
FULL = (
    f"{GENERAL} This handbook is a reference to support trained healthcare professionals. "
    "It does not replace clinical judgement, specialist advice or the protocols of your own "
    "hospital or clinic, which take precedence where they differ.",
    "Doses and regimens are examples from published sources: check them against the current "
    "product label, your local formulary and protocol, and the patient's own circumstances.",
    "The handbook works offline and does not update itself: each page shows the date of its "
    "last clinical review, and evidence may have changed since.",
    "Patient handouts give general information only and are meant to be talked through by "
    "a member of the team.",
    EMERGENCY,
)
