"""``index/pages/<id>.html``: each page's stored fragment, with its meta line and disclaimer."""

from __future__ import annotations

from pathlib import Path

from handbook.build.render import Rendered, page_document
from handbook.build.sources import SourceSection
from handbook.disclaimer import PAGE as PAGE_DISCLAIMER
from handbook.indexlayout import PAGES_DIR, page_path
from handbook.textutil import readable_date

AUDIENCE_LABEL = {"clinician": "Clinician reference", "patient": "Patient handout"}


def write_pages(work: Path, sections: list[SourceSection], rendered: dict[str, Rendered]) -> None:
    """Write every page's fragment: title, meta line, summary, body, sources, disclaimer."""
    (work / PAGES_DIR).mkdir()
    for section in sections:
        for page in section.pages:
            result = rendered[page.id]
            reviewed = readable_date(page.reviewed)
            meta_line = f"{AUDIENCE_LABEL[page.audience]} · Last reviewed {reviewed}"
            fragment = page_document(
                page.title, page.summary, meta_line, result.html, page.sources, PAGE_DISCLAIMER
            )
            page_path(work, page.id).write_text(fragment, encoding="utf-8")
