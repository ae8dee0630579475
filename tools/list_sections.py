"""List the sections of content folders, for writing the questions each section answers.

    python tools/list_sections.py 08-living 09-handouts   (folders or page ids)

Prints, per page, its id and audience, then each section's anchor, heading and the start of
its text, from the built index (its documents and catalog).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from handbook.indexlayout import CATALOG_NAME, DOCUMENTS_NAME

ROOT = Path(__file__).resolve().parent.parent


def main(folders: list[str]) -> int:
    catalog = json.loads((ROOT / "index" / CATALOG_NAME).read_text(encoding="utf-8"))
    docs = [
        json.loads(line)
        for line in (ROOT / "index" / DOCUMENTS_NAME).read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    for page_id, page in sorted(catalog["pages"].items(), key=lambda p: p[1]["source_file"]):
        source = page["source_file"]
        if folders and page_id not in folders and not any(f"/{f}/" in source for f in folders):
            continue
        print(f"\n=== {page_id}  ({page['audience']})  {source}")
        for doc in docs:
            if doc["page"] != page_id:
                continue
            anchor = doc.get("anchor") or "top"
            heading = doc.get("heading") or doc.get("title")
            body = " ".join(doc.get("body", "").split())[:260]
            print(f"  {anchor}: [{heading}] {body}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
