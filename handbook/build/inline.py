"""Build-time rewrites of a page's running text: values kept whole, citations linked."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable

from handbook.build.citations import _CITATION as CITATION  # the pattern the build checks
from handbook.nobreak import join_values

# Text inside these keeps its characters: code as typed; links are already links.
NO_TEXT_CHANGES = frozenset({"a", "code", "pre"})


def _rewrite_text(root: etree.Element, rewrite: Callable[[etree.Element, str, bool], None]) -> None:
    """Call ``rewrite(element, text, is_tail)`` for every text and tail outside
    NO_TEXT_CHANGES (tails of those elements are ordinary text)."""

    def walk(element: etree.Element) -> None:
        if element.tag not in NO_TEXT_CHANGES:
            if element.text:
                rewrite(element, element.text, False)
            for child in list(element):
                walk(child)
        if element.tail:
            rewrite(element, element.tail, True)

    for child in list(root):
        walk(child)


def keep_values_whole(root: etree.Element) -> None:
    def rewrite(element: etree.Element, text: str, is_tail: bool) -> None:
        if is_tail:
            element.tail = join_values(text)
        else:
            element.text = join_values(text)

    _rewrite_text(root, rewrite)


def link_citations(root: etree.Element) -> None:
    """[2] links to source 2 of the page's list; [2, 5] and [4-6] link each number."""
    parents = {child: parent for parent in root.iter() for child in parent}

    def rewrite(element: etree.Element, text: str, is_tail: bool) -> None:
        if not CITATION.search(text):
            return
        pieces: list[str | etree.Element] = []
        at = 0
        for match in CITATION.finditer(text):
            pieces.append(text[at : match.start()])
            pieces.extend(_citation_links(match))
            at = match.end()
        pieces.append(text[at:])
        # Rebuild: the leading text stays where it was, each link carries the text after it.
        head = pieces[0] if isinstance(pieces[0], str) else ""
        links: list[etree.Element] = []
        for piece in pieces[1:]:
            if isinstance(piece, str):
                if links:
                    links[-1].tail = (links[-1].tail or "") + piece
                else:
                    head += piece
            else:
                links.append(piece)
        if is_tail:
            element.tail = head
            parent = parents.get(element, root)
            index = list(parent).index(element) + 1
        else:
            element.text = head
            parent, index = element, 0
        for offset, link in enumerate(links):
            parent.insert(index + offset, link)

    _rewrite_text(root, rewrite)


def _citation_links(match: re.Match[str]) -> list[str | etree.Element]:
    """The pieces of one citation: "[2]" as one link, "[2, 5]" with a link per number."""

    def link(number: str, label: str) -> etree.Element:
        element = etree.Element("a", {"class": "cite", "href": f"#{source_anchor(int(number))}"})
        element.text = label
        return element

    inner = match.group(1)
    if inner.isdigit():
        return [link(inner, match.group(0))]
    pieces: list[str | etree.Element] = ["["]
    at = 0
    for number in re.finditer(r"\d+", inner):
        pieces.append(inner[at : number.start()])
        pieces.append(link(number.group(0), number.group(0)))
        at = number.end()
    pieces.append(inner[at:] + "]")
    return pieces


def source_anchor(number: int) -> str:
    """The anchor of the ``number``-th entry of a page's source list."""
    return f"source-{number}"
