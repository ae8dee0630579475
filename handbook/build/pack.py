"""``handbook build --pack FILE --key KEY``: build the edition, then sign it into one pack file.

The pack holds what the app reads at run time (pages, catalog, search documents, lexicon,
styles, images, icons, manifest) and the change list; never the Whoosh index, whose
segments hold pickles: the workstation builds it from the documents on install. Before
building, the edition's page fingerprints are recorded in ``content/editions.json`` so
the next edition can say what changed since this one.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nacl.signing import SigningKey

from handbook import APP_NAME, __version__
from handbook.build.builder import BuildReport, build, collect
from handbook.build.changes import change_list, content_dir_of, write_record
from handbook.build.problems import BuildFailed, Problem
from handbook.editions import PackRefused
from handbook.editions.container import PACK_SUFFIX, build_pack_bytes
from handbook.editions.keys import key_id, load_signing_key
from handbook.indexlayout import MANIFEST_NAME, WHOOSH_DIR
from handbook.manifest import SCHEMA_VERSION, Manifest

# The oldest app that can install and show packs of this schema; raise it when pages
# come to rely on something older apps cannot show.
MIN_APP_VERSION = "0.1.0"


@dataclass
class PackReport:
    path: Path
    edition: str
    entries: int
    unpacked: int
    size: int
    key_id: str
    changes: int
    compared_with: str | None
    seconds: float


def index_files(index_dir: Path) -> dict[str, bytes]:
    """Every file of a built index except the Whoosh folder, by its relative path."""
    files: dict[str, bytes] = {}
    for path in sorted(index_dir.rglob("*")):
        rel = path.relative_to(index_dir)
        if rel.parts[0] == WHOOSH_DIR:
            continue
        if path.is_symlink():
            raise PackRefused(f"Cannot make the pack: {rel.as_posix()} is a symbolic link.")
        if path.is_file():
            files[rel.as_posix()] = path.read_bytes()
    if MANIFEST_NAME in files:
        # The build's record of its Whoosh files does not describe the index a workstation
        # builds for itself; the install records that one beside it (whoosh/files.json).
        data = json.loads(files[MANIFEST_NAME])
        data["whoosh_files"] = {}
        files[MANIFEST_NAME] = (json.dumps(data, indent=2, sort_keys=True) + "\n").encode()
    return files


def pack_index(
    index_dir: Path,
    target: Path,
    signing_key: SigningKey,
    changes: dict[str, Any],
    min_app_version: str = MIN_APP_VERSION,
) -> PackReport:
    """Sign the built ``index_dir`` into ``target`` (written whole, or not at all)."""
    started = time.perf_counter()
    manifest = Manifest.read(index_dir)
    files = index_files(index_dir)
    meta = {
        "title": APP_NAME,
        "edition": manifest.content_version,
        "built": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "schema_version": SCHEMA_VERSION,
        "min_app_version": min_app_version,
        "app_version": __version__,
        "pages": manifest.pages,
        "changes": changes,
    }
    blob = build_pack_bytes(files, meta, signing_key)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(blob)
        os.chmod(temp, 0o644)  # mkstemp makes it owner-only; IT copies it for every workstation
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    entries = changes.get("entries", [])
    return PackReport(
        path=target,
        edition=manifest.content_version,
        entries=len(files),
        unpacked=sum(len(d) for d in files.values()),
        size=len(blob),
        key_id=key_id(bytes(signing_key.verify_key)).hex(),
        changes=len(entries),
        compared_with=changes.get("compared_with"),
        seconds=time.perf_counter() - started,
    )


def build_pack(
    resources: Path, out: Path, target: Path, key_path: Path
) -> tuple[BuildReport, PackReport]:
    """Check the sources, record the edition, build ``out`` and sign it into ``target``."""
    signing_key = load_signing_key(key_path)
    sections, _glossary, _rendered, _asked = collect(resources)
    problems: list[Problem] = []
    since, changes = change_list(sections, problems)
    if problems:
        raise BuildFailed(problems)
    content_dir = content_dir_of(sections)
    if content_dir is not None:
        content_version = max(p.reviewed for s in sections for p in s.pages)  # as the catalog
        write_record(content_dir, sections, content_version)
    report = build(resources, out)
    listed = {"compared_with": since, "entries": [c.to_json() for c in changes]}
    return report, pack_index(out, target, signing_key, listed)


def run_build_pack(resources: Path, out: Path, target: Path, key_path: Path | None) -> int:
    """The command line's ``build --pack``: exit 0, 1 (sources broken) or 2 (refused)."""
    if key_path is None:
        print("handbook: --pack needs --key KEYFILE (see 'handbook pack keygen').", file=sys.stderr)
        return 2
    if target.suffix != PACK_SUFFIX:
        print(f"handbook: the pack file's name must end in {PACK_SUFFIX}.", file=sys.stderr)
        return 2
    try:
        report, packed = build_pack(resources, out, target, key_path)
    except PackRefused as exc:
        print(f"handbook: {exc}", file=sys.stderr)
        return 2
    except BuildFailed as exc:
        print(exc, file=sys.stderr)
        return 1
    since = f"compared with {packed.compared_with}" if packed.compared_with else "first recorded"
    print(
        f"built {report.pages} pages into {report.out} in {report.seconds:.2f} s; "
        f"packed edition {packed.edition} ({packed.entries} files, "
        f"{packed.unpacked / 2**20:.1f} MB) into {packed.path}: {packed.size / 2**20:.2f} MB, "
        f"signed with key {packed.key_id}; {packed.changes} changes listed ({since})"
    )
    return 0
