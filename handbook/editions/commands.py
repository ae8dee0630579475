"""Command line for content updates: ``pack keygen`` and ``update install|list|rollback``.

Exit codes: 0 when done, 2 with one sentence on stderr when refused (nothing changed).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from handbook.editions import PackRefused

KEY_NAME = "handbook-editors"


def add_build_options(build: argparse.ArgumentParser) -> None:
    """``build --pack FILE --key KEYFILE``."""
    build.add_argument(
        "--pack", type=Path, metavar="FILE", help="also sign the edition into a content pack FILE"
    )
    build.add_argument(
        "--key", type=Path, metavar="KEYFILE", help="the editors' private key for --pack"
    )


def register(sub: Any) -> None:
    """Add the ``pack`` and ``update`` commands to the top-level subparsers."""
    pack = sub.add_parser("pack", help="content packs: make the editors' signing key")
    pack_sub = pack.add_subparsers(dest="pack_command", metavar="COMMAND", required=True)
    keygen = pack_sub.add_parser("keygen", help="write a new signing key pair")
    keygen.add_argument(
        "--out", type=Path, default=Path("."), help="folder for the two key files (default: here)"
    )
    keygen.add_argument("--name", default=KEY_NAME, help=f"file name (default {KEY_NAME})")

    update = sub.add_parser("update", help="install a signed content update, list, roll back")
    update_sub = update.add_subparsers(dest="update_command", metavar="COMMAND", required=True)
    install = update_sub.add_parser("install", help="verify and install a content pack")
    install.add_argument("file", type=Path, help="the .hbpack file (USB stick, shared folder)")
    install.add_argument(
        "--allow-older", action="store_true", help="install even if not newer than the one in use"
    )
    update_sub.add_parser("list", help="the editions on this workstation and the one in use")
    update_sub.add_parser("rollback", help="go back to the edition before the one in use")


def run(args: argparse.Namespace) -> int:
    try:
        if args.command == "pack":
            return _keygen(args)
        commands = {"install": _install, "list": _list, "rollback": _rollback}
        return commands[args.update_command](args)
    except PackRefused as exc:
        print(f"handbook: {exc}", file=sys.stderr)
        return 2


def _keygen(args: argparse.Namespace) -> int:
    from handbook.editions.keys import generate

    pair = generate(args.out, args.name)
    print(f"wrote the private key {pair.private_path}: keep it secret and never commit it")
    print(
        f"wrote the public key {pair.public_path} (key {pair.key_id}): copy it into "
        "resources/keys/ so the app trusts packs signed with it"
    )
    return 0


def _install(args: argparse.Namespace) -> int:
    from handbook.editions.install import carry_out, plan

    chosen = plan(args.file, allow_older=args.allow_older)
    print(chosen.summary())
    done = carry_out(chosen)
    for removed in done.removed:
        print(f"removed the newer {removed.describe()} so that this one is used")
    print(
        f"installed the {done.edition.describe()} in {done.seconds:.1f} s; "
        f"it replaces the {done.previous.describe()}"
    )
    return 0


def _list(args: argparse.Namespace) -> int:
    from handbook.editions.store import all_editions, problem_of, select
    from handbook.editions.watch import watched_offer

    in_use = select().edition
    for edition in all_editions():
        problem = problem_of(edition)
        mark = "*" if edition.path == in_use.path else " "
        state = "in use" if mark == "*" else ("damaged: " + problem if problem else "available")
        print(f"{mark} {edition.edition or 'unknown':<10}  {edition.where():<60}  {state}")
    offer = watched_offer(in_use)
    if offer is not None:
        print(offer.sentence())
    return 0


def _rollback(args: argparse.Namespace) -> int:
    from handbook.editions.install import rollback

    removed, now = rollback()
    print(f"removed the {removed.describe()}; the handbook now shows the {now.describe()}")
    return 0
