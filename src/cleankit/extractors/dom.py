"""One walk over a lexbor DOM: the page's visible text as blocks, with what each block sits in.

Every block element ends a line. For each line the walk keeps the elements above it (as
integer ids into :class:`Page` tables), the characters inside links, and the kind of block
(heading, list item, table cell, code, caption, quote). Nothing is removed from the tree.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

BLOCKS = frozenset((
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "tbody", "thead",
    "section", "article", "header", "footer", "nav", "aside", "blockquote", "pre", "figure",
    "figcaption", "dd", "dt", "dl", "main", "form", "hr", "td", "th", "caption", "address",
    "details", "summary", "fieldset", "legend", "option", "center", "menu", "body", "html", "noframes",
))
INVISIBLE = frozenset((
    "script", "style", "noscript", "template", "svg", "iframe", "head", "object", "embed", "canvas",
    "map", "math", "select", "datalist", "video", "audio", "title", "meta", "link", "button", "input",
    "textarea", "-comment", "!doctype", "rt", "rp",  # ruby readings (furigana) are not the text
))
#: what a reader without scripts shows: ``<noscript>`` content too (Discourse forums put posts there)
INVISIBLE_WITH_NOSCRIPT = INVISIBLE - {"noscript"}
HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
_KINDS = {"li": "li", "dd": "li", "dt": "li", "td": "cell", "th": "cell", "pre": "code", "code": "code",
          "figcaption": "caption", "caption": "caption", "blockquote": "quote"}
_SPLIT = re.compile(r"[-_\s:/.]+")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


@dataclass(slots=True)
class Line:
    """A line of visible text and where it came from."""

    text: str
    link_chars: int
    elements: tuple[int, ...]  # ids of the enclosing elements, outermost first
    kind: str  # "h1".."h6", "li", "cell", "code", "caption", "quote" or "p"


@dataclass
class Page:
    """The walk's result: lines, and per element its tag, class/id words and parent."""

    lines: list[Line] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    words: list[tuple[str, ...]] = field(default_factory=list)
    attrs: list[dict[str, Any]] = field(default_factory=list)
    parent: list[int] = field(default_factory=list)

    def path(self, element: int, depth: int = 5) -> str:
        """``div.content>article>p``: the last ``depth`` elements down to ``element``."""
        parts: list[str] = []
        e = element
        while e >= 0 and len(parts) < depth:
            w = self.words[e]
            parts.append(self.tags[e] + ("." + w[0] if w else ""))
            e = self.parent[e]
        return ">".join(reversed(parts))


def class_key(attrs: dict[str, Any]) -> str:
    """An element's class and id as one string (the key of the cached word splits)."""
    c, i = attrs.get("class"), attrs.get("id")
    if c and i:
        return f"{c} {i}"
    return c or i or ""


def class_words(attrs: dict[str, Any]) -> tuple[str, ...]:
    """Lower-case words of an element's class and id (``post-content`` -> post, content)."""
    return words_of(class_key(attrs))


@lru_cache(maxsize=1 << 16)
def words_of(raw: str) -> tuple[str, ...]:
    """The words of a class/id string; pages repeat the same few, so splits are cached."""
    if not raw.strip():
        return ()
    raw = _CAMEL.sub(" ", raw)
    return tuple(w for w in _SPLIT.split(raw.lower()) if w)


def is_hidden(attrs: dict[str, Any]) -> bool:
    """True when the element says it is not shown (``hidden``, ``aria-hidden``, ``display:none``)."""
    if "hidden" in attrs or attrs.get("aria-hidden") == "true":
        return True
    style = attrs.get("style")
    if not style:
        return False
    return "display:none" in style.replace(" ", "").lower()


class _LineBuilder:
    """The line being gathered during a walk: its text pieces, link characters, elements and kind."""

    __slots__ = ("lines", "pieces", "link_chars", "elems", "kind")

    def __init__(self, lines: list[Line]) -> None:
        self.lines = lines
        self.pieces: list[str] = []
        self.link_chars = 0
        self.elems: tuple[int, ...] = ()
        self.kind = "p"

    def add_text(self, value: str, in_pre: int, in_link: int, ancestry: list[int], kind: str) -> None:
        """Add a text node's ``value``; inside ``<pre>`` each of its line breaks ends a line."""
        parts = value.split("\n") if in_pre and "\n" in value else (value,)
        pieces = self.pieces
        for k, part in enumerate(parts):
            if k:
                self.flush(in_pre)
            if not pieces:
                self.elems = tuple(ancestry)
                self.kind = kind
            pieces.append(part)
            if in_link:
                self.link_chars += len(part.strip())

    def flush(self, in_pre: int) -> None:
        """End the current line: append it to ``lines`` when it has text."""
        pieces = self.pieces
        if pieces:
            text = _line_text("".join(pieces), in_pre)
            if text:
                self.lines.append(Line(text, min(self.link_chars, len(text)), self.elems, self.kind))
            pieces.clear()
        self.link_chars = 0
        self.elems = ()


def _line_text(raw: str, in_pre: int) -> str:
    """A line's text with white space collapsed; code (inside ``<pre>``) keeps its indentation."""
    if in_pre and raw.strip():
        text = raw.rstrip().expandtabs(4)
        return " " * (len(text) - len(text.lstrip())) + " ".join(text.split())
    return " ".join(raw.split())


def walk(root: Any, skip: frozenset[str] = INVISIBLE, show_hidden: bool = False) -> Page:
    """Walk the tree under ``root`` (a selectolax node) once, without recursion.

    Elements whose tag is in ``skip`` are left out with everything under them, and so are
    elements marked hidden unless ``show_hidden`` (streaming renderers park the page there).
    """
    page = Page()
    tags, words, attrs_of, parent = page.tags, page.words, page.attrs, page.parent
    line = _LineBuilder(page.lines)
    flush, add_text = line.flush, line.add_text
    # the open elements: (node, element id); the ids form the current ancestry
    ancestry: list[int] = []
    kinds: list[str] = []
    in_link = 0
    in_pre = 0  # inside <pre>: its line breaks are lines of the text

    # the root itself is element 0, so the whole page is a candidate too
    tags.append(root.tag or "body")
    words.append(class_words(root.attributes or {}))
    attrs_of.append(root.attributes or {})
    parent.append(-1)
    ancestry.append(0)
    kinds.append("p")
    stack: list[tuple[Any, bool, bool, bool]] = []  # (node, is_block, is_link, is_pre) of the open elements
    push, pop = stack.append, stack.pop
    node = root.child
    while node is not None:
        tag = node.tag
        if tag == "-text":
            value = node.text_content
            if value and (line.pieces or not value.isspace()):
                add_text(value, in_pre, in_link, ancestry, kinds[-1])
        elif tag and tag not in skip and tag[0] != "-":
            attrs = node.attributes
            if show_hidden or not (attrs and is_hidden(attrs)):
                custom = "-" in tag  # a custom element (<dropdown-item>): a component, laid out as a block
                block = custom or tag in BLOCKS
                if block:
                    flush(in_pre)
                eid = len(tags)
                tags.append(tag)
                key = class_key(attrs) if attrs else ""
                words.append(words_of(f"{tag} {key}" if custom else key) if key or custom else ())
                attrs_of.append(attrs)
                parent.append(ancestry[-1])
                child = node.child
                if child is not None:  # open it; empty elements are only recorded
                    ancestry.append(eid)
                    kind = tag if tag in HEADINGS else _KINDS.get(tag)
                    kinds.append(kind or kinds[-1])
                    is_link = tag == "a"
                    is_pre = tag == "pre"
                    in_link += is_link
                    in_pre += is_pre
                    push((node, block, is_link, is_pre))
                    node = child
                    continue
        while True:  # the next sibling, else climb to the parent and try its sibling
            nxt = node.next
            if nxt is not None:
                node = nxt
                break
            if not stack:
                node = None
                break
            node, block, is_link, is_pre = pop()
            in_pre -= is_pre
            in_link -= is_link
            ancestry.pop()
            kinds.pop()
            if block:
                flush(in_pre)
    flush(in_pre)
    return page
