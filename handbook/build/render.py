"""Render one Markdown page to the HTML subset QTextBrowser shows and prints well.

Besides HTML it returns what the build checks and indexes: the headings with their
anchors, the links and images the page uses, and plain text split by heading (one
search document per section).
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from handbook.build.inline import keep_values_whole, link_citations, source_anchor
from handbook.placeholders import PLACEHOLDERS, placeholder, placeholder_span
from handbook.textutil import slugify

EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.I)


@dataclass
class Heading:
    level: int
    title: str
    anchor: str


@dataclass
class TextSection:
    """Plain text under one heading (anchor '' is the text before the first heading)."""

    anchor: str
    heading: str
    text: str


@dataclass
class Rendered:
    html: str
    headings: list[Heading] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)  # (page id, anchor)
    images: list[str] = field(default_factory=list)
    sections: list[TextSection] = field(default_factory=list)
    words: int = 0


@dataclass(frozen=True)
class GlossaryTerm:
    """An abbreviation the glossary explains: where its entry is and what it stands for."""

    anchor: str
    hint: str  # shown on hover, e.g. "ANC: absolute neutrophil count"


# Text inside these is never linked to the glossary: headings, links, code, table headers.
NO_GLOSSARY_LINKS = frozenset({"a", "h1", "h2", "h3", "h4", "h5", "h6", "code", "pre", "th"})


def _text_of(element: etree.Element) -> str:
    return " ".join("".join(element.itertext()).split())


class _PageTreeprocessor(Treeprocessor):
    """Rewrite links and boxes for Qt, and collect headings, links, images and text."""

    def __init__(
        self, md: markdown.Markdown, result: Rendered, terms: Mapping[str, GlossaryTerm]
    ) -> None:
        super().__init__(md)
        self.result = result
        self.terms = dict(terms)
        self.pattern = (
            re.compile(
                r"(?<![\w-])("
                + "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
                + r")(?![\w-])"
            )
            if terms
            else None
        )

    def run(self, root: etree.Element) -> None:
        self._boxes_to_tables(root)
        if self.pattern is not None:
            self._link_glossary_terms(root)
        for element in root.iter():
            if element.tag == "a":
                self._link(element)
            elif element.tag == "img":
                self._image(element)
            elif element.tag in ("th", "td"):
                element.attrib.pop("style", None)
        self._collect_sections(root)  # the index gets the text as written
        keep_values_whole(root)
        link_citations(root)

    def _link_glossary_terms(self, root: etree.Element) -> None:
        """Link the first use of each glossary abbreviation on the page to its entry."""
        unused = dict(self.terms)

        def link_in(text: str | None) -> tuple[str | None, list[etree.Element]]:
            """``text`` cut before its first unused term, and a link for each unused term in it
            (each link's tail holds the text up to the next link, or to the end)."""
            if not text or not unused or self.pattern is None:
                return text, []
            head, at = text, 0
            made: list[etree.Element] = []
            for match in self.pattern.finditer(text):
                term = match.group(1)
                if term not in unused:
                    continue
                found = unused.pop(term)
                link = etree.Element(
                    "a",
                    {
                        "class": "glossary",
                        "href": f"glossary.md#{found.anchor}",
                        "title": found.hint,
                    },
                )
                link.text = term
                link.tail = text[match.end() :]
                if made:
                    made[-1].tail = text[at : match.start()]
                else:
                    head = text[: match.start()]
                made.append(link)
                at = match.end()
            return head, made

        def walk(element: etree.Element) -> None:
            if element.tag in NO_GLOSSARY_LINKS:
                return
            element.text, children = link_in(element.text)
            for child in list(element):
                walk(child)
                child.tail, after = link_in(child.tail)
                children += [child, *after]
            element[:] = children

        walk(root)

    def _link(self, element: etree.Element) -> None:
        href = element.get("href", "")
        if EXTERNAL.match(href):
            element.set("class", "external")
            return
        if href.startswith("#"):
            self.result.links.append(("", href[1:]))
            return
        target, _, anchor = href.partition("#")
        page_id = target[:-3] if target.endswith(".md") else target
        self.result.links.append((page_id, anchor))
        element.set("href", f"{page_id}.html" + (f"#{anchor}" if anchor else ""))

    def _image(self, element: etree.Element) -> None:
        src = element.get("src", "")
        self.result.images.append(src)
        element.set("class", "figure")

    def _boxes_to_tables(self, root: etree.Element) -> None:
        # QTextBrowser draws no border or padding on <div>; a one-cell table it does.
        for parent in list(root.iter()):
            for index, child in enumerate(list(parent)):
                classes = child.get("class", "").split()
                if child.tag != "div" or "admonition" not in classes:
                    continue
                kind = next((c for c in classes if c != "admonition"), "note")
                table = etree.Element(
                    "table", {"class": f"callout {kind}", "width": "100%", "cellpadding": "8"}
                )
                cell = etree.SubElement(etree.SubElement(table, "tr"), "td")
                for grandchild in list(child):
                    if "admonition-title" in grandchild.get("class", ""):
                        grandchild.set("class", "callout-title")
                    cell.append(grandchild)
                parent.remove(child)
                parent.insert(index, table)

    def _collect_sections(self, root: etree.Element) -> None:
        current = TextSection("", "", "")
        parts: list[str] = []
        words = 0
        for element in list(root):
            if element.tag in ("h2", "h3", "h4"):
                title = _text_of(element)
                anchor = element.get("id") or slugify(title)
                element.set("id", anchor)
                # QTextBrowser scrolls to <a name>, not to id attributes.
                name = etree.Element("a", {"name": anchor})
                name.tail, element.text = element.text, None
                element.insert(0, name)
                self.result.headings.append(Heading(int(element.tag[1]), title, anchor))
                current.text = " ".join(parts)
                self.result.sections.append(current)
                current, parts = TextSection(anchor, title, ""), []
                words += len(title.split())
            else:
                text = _text_of(element)
                if text:
                    parts.append(text)
                    words += len(text.split())
        current.text = " ".join(parts)
        self.result.sections.append(current)
        self.result.words = words


class _PageExtension(Extension):
    def __init__(self, result: Rendered, terms: Mapping[str, GlossaryTerm]) -> None:
        super().__init__()
        self.result = result
        self.terms = terms

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's name)
        # After 'toc' (which sets heading ids, priority 5), before inline serialisation.
        md.treeprocessors.register(
            _PageTreeprocessor(md, self.result, self.terms), "handbook_page", 4
        )


def _toc_slug(value: str, separator: str) -> str:
    return slugify(value, separator)


def make_markdown(
    result: Rendered, terms: Mapping[str, GlossaryTerm] | None = None
) -> markdown.Markdown:
    extensions: list[Any] = [
        "tables",
        "admonition",
        "attr_list",
        "def_list",
        "sane_lists",
        "toc",
        _PageExtension(result, terms or {}),
    ]
    return markdown.Markdown(
        extensions=extensions,
        extension_configs={
            # Aligned cells get style="text-align" otherwise, and Qt then drops their borders.
            "tables": {"use_align_attribute": True},
            "toc": {"slugify": _toc_slug, "permalink": False},
        },
        output_format="html",
    )


def render_markdown(body: str, terms: Mapping[str, GlossaryTerm] | None = None) -> Rendered:
    """Render a page; the first use of each abbreviation in ``terms`` links to the glossary."""
    result = Rendered(html="")
    md = make_markdown(result, terms)
    result.html = md.convert(body)
    return result


def mark_placeholders(page_html: str) -> str:
    for name in PLACEHOLDERS:
        page_html = page_html.replace(placeholder(name), placeholder_span(name))
    return page_html


def page_document(
    title: str,
    summary: str,
    meta_line: str,
    body_html: str,
    sources: list[str],
    disclaimer: str,
) -> str:
    """The stored page fragment: title, summary, body, numbered sources, disclaimer."""
    esc = html.escape
    parts = [f'<h1><a name="top"></a>{esc(title)}</h1>', f'<p class="meta">{esc(meta_line)}</p>']
    if summary:
        parts.append(f'<p class="summary">{esc(summary)}</p>')
    parts.append(mark_placeholders(body_html))
    if sources:
        items = "".join(
            f'<li><a name="{source_anchor(number)}"></a>{_linkify(esc(s))}</li>'
            for number, s in enumerate(sources, start=1)
        )
        parts.append(
            f'<h2 id="sources"><a name="sources"></a>Sources</h2><ol class="sources">{items}</ol>'
        )
    parts.append(f'<p class="disclaimer">{esc(disclaimer)}</p>')
    return "\n".join(parts) + "\n"


_URL = re.compile(r"https?://[^\s<>\"]+[^\s<>\".,;:)]")


def _linkify(escaped: str) -> str:
    return _URL.sub(lambda m: f'<a class="external" href="{m.group(0)}">{m.group(0)}</a>', escaped)
