"""Whole HTML documents for the page view: placeholders filled, home page composed (Qt-free)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from handbook import APP_NAME
from handbook.catalog import Catalog
from handbook.emergency import UNKNOWN
from handbook.indexlayout import PAGE_CSS, STYLES_DIR
from handbook.placeholders import (
    CLINIC_NAME,
    CLINIC_PHONE,
    DEFAULT_CLINIC,
    DEFAULT_PHONE,
    EMERGENCY_NUMBER,
    placeholder,
)

_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"})


def escape(text: str) -> str:
    """What ``html.escape`` does; the ``html`` module costs about 1.5 ms to import at start-up."""
    return text.translate(_ESCAPES)


@dataclass(frozen=True)
class ClinicDetails:
    name: str = ""
    phone: str = ""
    emergency: str = ""  # already resolved: the clinic's own number or the locale's


def fill_placeholders(fragment: str, clinic: ClinicDetails) -> str:
    """Replace ``{{clinic_phone}}``, ``{{clinic_name}}`` and ``{{emergency_number}}``."""
    phone = escape(clinic.phone.strip()) if clinic.phone.strip() else DEFAULT_PHONE
    name = escape(clinic.name.strip()) if clinic.name.strip() else DEFAULT_CLINIC
    emergency = escape(clinic.emergency.strip()) if clinic.emergency.strip() else UNKNOWN
    return (
        fragment.replace(placeholder(CLINIC_PHONE), phone)
        .replace(placeholder(CLINIC_NAME), name)
        .replace(placeholder(EMERGENCY_NUMBER), emergency)
    )


def wrap(fragment: str, title: str = "") -> str:
    return (
        "<html><head><meta charset='utf-8'>"
        f"<title>{escape(title)}</title></head><body>{fragment}</body></html>"
    )


def home_fragment(catalog: Catalog) -> str:
    """The home page: urgent links first, then every section with its pages."""
    esc = escape
    parts = [
        f'<h1><a name="top"></a>{esc(APP_NAME)}</h1>',
        '<p class="summary">A sourced reference on bone marrow failure for clinic staff, '
        "with plain-language handouts for patients and families. Works without internet.</p>",
    ]
    quick = [
        ("red-flags", "Red flags: when to act urgently"),
        ("febrile-neutropenia", "Febrile neutropenia"),
        ("handout-get-help-urgently", "Handout: when to get help urgently"),
        ("glossary", "Glossary and abbreviations"),
    ]
    links = [
        f'<a href="{pid}.html">{esc(label)}</a>' for pid, label in quick if pid in catalog.pages
    ]
    if links:
        parts.append(
            '<table class="callout warning" width="100%" cellpadding="8"><tr><td>'
            '<p class="callout-title">Quick links</p><p>'
            + " &nbsp;·&nbsp; ".join(links)
            + "</p></td></tr></table>"
        )
    for section in catalog.sections:
        parts.append(f'<h2><a name="{esc(section.id)}"></a>{esc(section.title)}</h2>')
        if section.summary:
            parts.append(f'<p class="meta">{esc(section.summary)}</p>')
        items = "".join(
            f'<li><a href="{pid}.html">{esc(catalog.pages[pid].title)}</a></li>'
            for pid in section.page_ids
            if pid in catalog.pages
        )
        parts.append(f"<ul>{items}</ul>")
    parts.append(
        f'<p class="meta">Content version {esc(catalog.content_version)} (date of the latest '
        "clinical review). "
        "Each page shows its own review date and sources.</p>"
    )
    return "\n".join(parts)


def read_stylesheet(index_dir: Path) -> str:
    """The pages' stylesheet, or nothing when it cannot be read (pages stay readable)."""
    try:
        return (index_dir / STYLES_DIR / PAGE_CSS).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""
