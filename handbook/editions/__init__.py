"""Signed content packs and the editions installed from them (Qt-free)."""

from __future__ import annotations


class PackRefused(RuntimeError):
    """A content pack (or an action on editions) was refused; the message is one sentence."""
