"""A first, simple HTML reader: visible text, one block per line, and page metadata."""
from __future__ import annotations

import re
from typing import Any

_HTML_SNIFF = re.compile(r"\A(?:\s|<!--.*?-->)*<(?:!doctype\s+html|html|head|body|meta|title)\b", re.I | re.S)
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})
_BLOCKS = (
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
    "section", "article", "header", "footer", "nav", "aside", "blockquote", "pre", "figure",
    "figcaption", "dd", "dt", "dl", "main", "form", "hr", "td", "th",
)
_BLOCK_SET = frozenset(_BLOCKS)
_DROP = ("script", "style", "noscript", "template", "svg", "iframe", "head")
_META_KEYS: dict[str, str] = {
    "og:title": "title",
    "twitter:title": "title",
    "og:site_name": "site",
    "article:published_time": "published",
    "og:published_time": "published",
    "datepublished": "published",
    "date": "published",
    "dc.date": "published",
    "dc.date.issued": "published",
    "pubdate": "published",
    "author": "authors",
    "article:author": "authors",
    "dc.creator": "authors",
    "article:section": "section",
    "og:url": "url",
}


def looks_like_html(text: str, path: str | None = None) -> bool:
    """True when ``path`` has an HTML suffix or the text starts like an HTML page."""
    if path is not None:
        lower = path.lower()
        if any(lower.endswith(s) for s in HTML_SUFFIXES):
            return True
    return bool(_HTML_SNIFF.match(text[:4096]))


def html_to_text(html: str) -> tuple[str, dict[str, Any]]:
    """Return the visible text of ``html`` (a line per block) and the metadata its head gives.

    The tree is walked with an explicit stack (no recursion, no tree edits), so deeply
    nested or broken pages cost time linear in their size.
    """
    from bs4 import BeautifulSoup, NavigableString, Tag  # heavy: loaded only when HTML is met
    from bs4.element import Comment, Declaration, Doctype, ProcessingInstruction

    soup = BeautifulSoup(html, "html.parser")
    meta = _page_metadata(soup)
    skipped = (Comment, Declaration, Doctype, ProcessingInstruction)
    parts: list[str] = []
    stack: list[tuple[Any, bool]] = [(iter(soup.contents), False)]
    while stack:
        children, is_block = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            if is_block:
                parts.append("\n")
            continue
        if isinstance(child, Tag):
            if child.name in _DROP:
                continue
            block = child.name in _BLOCK_SET
            if block:
                parts.append("\n")
            stack.append((iter(child.contents), block))
        elif isinstance(child, NavigableString) and not isinstance(child, skipped):
            parts.append(str(child))
    lines = (" ".join(line.split()) for line in "".join(parts).splitlines())
    text = "\n".join(line for line in lines if line)
    return text, meta


def _page_metadata(soup: Any) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    html_tag = soup.find("html")
    if html_tag is not None and html_tag.get("lang"):
        meta["language"] = str(html_tag.get("lang")).split("-")[0].lower()
    for tag in soup.find_all("meta"):
        key = (tag.get("property") or tag.get("name") or tag.get("itemprop") or "").strip().lower()
        value = (tag.get("content") or "").strip()
        target = _META_KEYS.get(key)
        if not target or not value:
            continue
        if target == "authors":
            meta.setdefault("authors", [])
            if value not in meta["authors"] and not value.startswith("http"):
                meta["authors"].append(value)
        else:
            meta.setdefault(target, value)
    canonical = soup.find("link", rel="canonical")
    if canonical is not None and canonical.get("href"):
        meta.setdefault("url", canonical["href"])
    if "title" not in meta and soup.title is not None and soup.title.string:
        meta["title"] = " ".join(soup.title.string.split())
    return meta
