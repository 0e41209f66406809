"""The HTML reader: visible text, one block per line, page metadata, and boilerplate regions.

The reader keeps every visible line (so edit positions can point at it) and reports which
lines came from page furniture: ``<nav>``, ``<footer>``, ``<aside>``, forms, site headers,
and containers whose class or id names a menu, share bar, comment section, cookie banner and
the like. The ``html_structure`` cleaner removes those lines as recorded edits.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

_HTML_SNIFF = re.compile(r"\A(?:\s|<!--.*?-->|<\?xml[^>]*>)*<(?:!doctype\s+html|html|head|body|meta|title)\b", re.I | re.S)
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})
_BLOCKS = frozenset((
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
    "section", "article", "header", "footer", "nav", "aside", "blockquote", "pre", "figure",
    "figcaption", "dd", "dt", "dl", "main", "form", "hr", "td", "th", "caption", "address",
    "details", "summary", "fieldset", "legend", "option", "center",
))
_INVISIBLE = frozenset(("script", "style", "noscript", "template", "svg", "iframe", "head", "object",
                        "embed", "canvas", "map", "math", "select", "datalist", "video", "audio"))
_FURNITURE_TAGS = {"nav": "html_nav", "footer": "html_footer", "aside": "html_aside", "form": "html_form",
                   "button": "html_form", "menu": "html_nav"}
# class/id words naming page furniture; a class or id counts when its first or last word is one
_FURNITURE_WORDS = frozenset("""
nav navbar navigation menu menus submenu breadcrumb breadcrumbs footer sidebar sidebars share sharing
sharebar social socials comment comments commentlist disqus related recommended cookie cookies consent
gdpr newsletter subscribe subscription advert adverts advertisement ads promo popup modal widget widgets
tagcloud pagination pager skiplink masthead topbar toolbar login signup trending mostread outbrain taboola
""".split())
# class prefixes that describe the content rather than the container (WordPress post classes etc.)
_CONTENT_CLASS_PREFIXES = ("tag-", "category-", "has-", "is-", "post-", "format-", "type-", "status-", "wp-")
_WORD_SPLIT = re.compile(r"[-_\s]+")
_CONTENT_TAGS = frozenset(("article", "main", "h1"))
_NEVER_FURNITURE = frozenset(("article", "main", "body", "html", "p", "h1", "h2"))
_MAX_FURNITURE_SHARE = 0.4


@dataclass
class HtmlText:
    """What the reader produced: text, metadata, and (start, end, reason) furniture regions."""

    text: str
    metadata: dict[str, Any]
    regions: list[tuple[int, int, str]] = field(default_factory=list)


def looks_like_html(text: str, path: str | None = None) -> bool:
    """True when ``path`` has an HTML suffix or the text starts like an HTML page."""
    if path is not None:
        lower = path.lower()
        if any(lower.endswith(s) for s in HTML_SUFFIXES):
            return True
    return bool(_HTML_SNIFF.match(text[:4096]))


def read_html(html: str) -> HtmlText:
    """Parse ``html`` and return its visible text, metadata and furniture regions.

    The tree is walked with an explicit stack (no recursion, no tree edits), so deeply
    nested or broken pages cost time linear in their size.
    """
    from bs4 import BeautifulSoup  # heavy: loaded only when HTML is met

    from .html_meta import page_metadata

    soup = BeautifulSoup(html, "html.parser")
    metadata = page_metadata(soup)
    sizes, holds_content = _measure(soup)
    total = max(1, sizes.get(id(soup), 0))
    lines = _lines(soup, sizes, holds_content, total)
    text_parts: list[str] = []
    regions: list[tuple[int, int, str]] = []
    pos = 0
    for i, (line, reason) in enumerate(lines):
        end = pos + len(line) + (1 if i < len(lines) - 1 else 0)
        if reason:
            if regions and regions[-1][1] == pos and regions[-1][2] == reason:
                regions[-1] = (regions[-1][0], end, reason)
            else:
                regions.append((pos, end, reason))
        text_parts.append(line)
        pos = end
    return HtmlText("\n".join(text_parts), metadata, regions)


def html_to_text(html: str) -> tuple[str, dict[str, Any]]:
    """The visible text of ``html`` (a line per block) and its metadata."""
    doc = read_html(html)
    return doc.text, doc.metadata


def _is_hidden(tag: Any) -> bool:
    if tag.has_attr("hidden") or (tag.get("aria-hidden") == "true"):
        return True
    style = tag.get("style")
    return bool(style) and "display:none" in style.replace(" ", "").lower()


def _furniture_reason(tag: Any, inside_content: bool) -> str | None:
    reason = _FURNITURE_TAGS.get(tag.name)
    if reason:
        return reason
    if tag.name == "header" and not inside_content:
        return "html_header"
    attrs = tag.attrs
    if "class" in attrs or "id" in attrs or "role" in attrs:
        role = attrs.get("role")
        if role in ("navigation", "banner", "contentinfo", "complementary", "search"):
            return "html_nav" if role in ("navigation", "search") else "html_furniture"
        if tag.name in _NEVER_FURNITURE:
            return None
        classes = attrs.get("class")
        tokens = list(classes) if isinstance(classes, list) else str(classes or "").split()
        if attrs.get("id"):
            tokens.append(str(attrs["id"]))
        for token in tokens:
            token = token.lower()
            if token.startswith(_CONTENT_CLASS_PREFIXES):
                continue
            words = [w for w in _WORD_SPLIT.split(token) if w]
            if words and (words[0] in _FURNITURE_WORDS or words[-1] in _FURNITURE_WORDS):
                return "html_furniture"
    return None


def _measure(soup: Any) -> tuple[dict[int, int], set[int]]:
    """Visible text length under every tag, and the tags holding an article/main/h1."""
    from bs4.element import NavigableString, Tag  # lazy: bs4 is slow to import
    from bs4.element import PreformattedString

    sizes: dict[int, int] = {}
    holds: set[int] = set()
    stack: list[tuple[Any, Any]] = [(soup, iter(soup.contents))]
    counts = [0]
    flags = [False]
    while stack:
        node, children = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            size = counts.pop()
            flag = flags.pop()
            sizes[id(node)] = size
            if flag:
                holds.add(id(node))
            if counts:
                counts[-1] += size
                flags[-1] = flags[-1] or flag or node.name in _CONTENT_TAGS
            continue
        if isinstance(child, Tag):
            if child.name in _INVISIBLE:
                continue
            stack.append((child, iter(child.contents)))
            counts.append(0)
            flags.append(False)
        elif isinstance(child, NavigableString) and not isinstance(child, PreformattedString):
            counts[-1] += len(child.strip())
    return sizes, holds


def _lines(soup: Any, sizes: dict[int, int], holds: set[int], total: int) -> list[tuple[str, str | None]]:
    from bs4.element import NavigableString, Tag  # lazy: bs4 is slow to import
    from bs4.element import PreformattedString

    lines: list[tuple[str, str | None]] = []
    pieces: list[str] = []
    piece_reasons: set[str | None] = set()

    def flush() -> None:
        if pieces:
            line = " ".join("".join(pieces).split())
            if line:
                reason = piece_reasons.pop() if len(piece_reasons) == 1 else None
                lines.append((line, reason))
            pieces.clear()
            piece_reasons.clear()

    # stack entries: (children iterator, is_block, furniture reason in force, inside article/main)
    stack: list[tuple[Any, bool, str | None, bool]] = [(iter(soup.contents), False, None, False)]
    while stack:
        children, is_block, reason, inside = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            if is_block:
                flush()
            continue
        if isinstance(child, Tag):
            if child.name in _INVISIBLE or _is_hidden(child):
                continue
            block = child.name in _BLOCKS
            if block:
                flush()
            child_reason = reason
            if reason is None:
                found = _furniture_reason(child, inside)
                if found and id(child) not in holds and sizes.get(id(child), 0) <= _MAX_FURNITURE_SHARE * total:
                    child_reason = found
            stack.append((iter(child.contents), block, child_reason, inside or child.name in ("article", "main")))
        elif isinstance(child, NavigableString) and not isinstance(child, PreformattedString):
            pieces.append(str(child))
            if str(child).strip():
                piece_reasons.add(reason)
    flush()
    return lines


_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.I)


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in its first 4 KiB (``<meta charset>`` or http-equiv)."""
    import codecs

    m = _CHARSET.search(data[:4096])
    if not m:
        return None
    name = m.group(1).decode("ascii", "ignore").lower()
    try:
        info = codecs.lookup(name)
    except LookupError:
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name == "undefined":
        return None  # "undefined", "rot13", "base64" ...: not a page encoding, ignore the declaration
    if info.name.startswith(("utf-16", "utf-32")):
        # a page whose bytes could be read to this meta tag is ASCII-compatible: browsers
        # read a declared UTF-16 as UTF-8 (WHATWG HTML, "prescan a byte stream")
        return "utf-8"
    if name == "x-user-defined":
        return "windows-1252"
    # browsers read these labels as Windows-1252 (WHATWG encoding standard)
    return "windows-1252" if name in ("iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii") else name


def bytes_look_like_html(data: bytes, path: str | None = None) -> bool:
    """Like :func:`looks_like_html`, on the first bytes of a file."""
    return looks_like_html(data[:1024].decode("latin-1"), path)
