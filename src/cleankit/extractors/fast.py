"""cleankit's built-in HTML extractor: lexbor (through selectolax) and block scoring.

One walk turns the page into lines (see :mod:`.dom`). Each line gets a weight: long, mostly
unlinked text counts for it, link lists, page furniture and short fragments against it. The
element whose lines weigh most (a maximum subtree sum) is the main content; its lines are the
text, minus furniture and link lists inside it. Comment threads after it are kept as content
unless ``comments=False``. With ``scope="page"`` every visible line is kept and what lies
outside the main content is reported as a region instead, for the chain to remove with a record.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, ClassVar

from .base import Extraction, Extractor, LineEvidence, regions_from_lines
from .dom import HEADINGS, INVISIBLE_WITH_NOSCRIPT, Line, Page, class_key, walk
from .related import is_related_marker

# class/id words naming page furniture: the first or last word of a class or id decides…
FURNITURE_WORDS = frozenset("""
nav navbar navigation menu menus submenu footer sidebar sidebars tags tagcloud banner
masthead topbar toolbar readmore print follow rating ratings reviews ad ads adv bio meta author authors
credit credits copyright disclaimer sitemap skip trending mostread popular tools actions
""".split())
# not in the list, measured on the development pages: "widget" (page builders wrap everything in
# "elementor-widget"), "header" ("entry-header" holds the title), "teaser", "more"
# …and these anywhere in it (post-share-buttons, related-posts-list, cookie-notice)
STRONG_WORDS = frozenset("""
share shares sharing sharebar sharer social socials related recommended recommendations cookie cookies
consent gdpr newsletter subscribe subscription signup login breadcrumb breadcrumbs advert adverts
advertisement advertising sponsored sponsor outbrain taboola pagination pager promo popup modal respond
paywall overlay dropdown megamenu flyout
""".split())
COMMENT_WORDS = frozenset("""
comment comments commentlist disqus replies discussion kommentar kommentare commentaires comentarios
commenti reacties
""".split())
# words of a class that describe the content rather than a container (WordPress post classes…)
# subtrees removed in C before the walk (never visible text); scripts stay for the JSON-LD reader
STRIPPED = ("style", "svg", "template", "iframe", "select", "canvas", "math", "object", "embed", "map")
FURNITURE_TAGS = {"nav": "html_nav", "footer": "html_footer", "aside": "html_aside", "menu": "html_nav",
                  "form": "html_form"}
ROLE_FURNITURE = {"navigation": "html_nav", "search": "html_nav", "banner": "html_furniture",
                  "contentinfo": "html_footer", "complementary": "html_aside"}
NEVER_FURNITURE = frozenset(("article", "main", "body", "html", "p", "h1", "h2", "h3", "li", "td", "a", "span"))
MAX_FURNITURE_SHARE = 0.4
HEADER_PARAGRAPH = 150  # a <header> holding a paragraph this long is no site header
RELATED_BOX_SHARE = 0.3  # a related-links box is at most this share of the main content
INLINE_OR_HEADING = frozenset(("a", "span", "strong", "b", "em", "i", "font", "small", "h1", "h2", "h3", "h4",
                               "h5", "h6", "p", "label"))
AUTHOR_LABEL = re.compile(r"^(?:by|von|autor(?:in)?|autoren|author|authors|auteur(?:\(s\))?|autore|door|text)\s*:?$",
                          re.IGNORECASE)
EDGE_LINES = 8  # first and last lines of the main content searched for a byline
# class words of clock and weather widgets: their dates are today's, not the article's
CLOCK_WORDS = frozenset(("today", "weather", "ticker", "clock", "currentdate", "calendar"))
NOSCRIPT_FALLBACK = 200  # content weight below which <noscript> and hidden content are read too  # a "furniture" element holding more of the page's text is the page
# Chinese, Japanese and Korean say in one character about what other scripts say in three
DENSE_SCRIPT_FACTOR = 3


def _dense_script(text: str) -> bool:
    """True when the line starts in a CJK script (kana, ideographs or hangul)."""
    for ch in text[:12]:
        if "\u3040" <= ch <= "\u9fff" or "\uac00" <= ch <= "\ud7af" or "\uf900" <= ch <= "\ufaff":
            return True
    return False


_SENTENCE_END = tuple(".!?:;\"'»)”。！？")


class FastExtractor(Extractor):
    """Main content by block scoring on a lexbor DOM (selectolax); the default for HTML."""

    name = "fast"
    description = "lexbor DOM, block scoring by link density, text density, class/id path and position"
    defaults: ClassVar[dict[str, Any]] = {
        "comments": True,  # keep comment threads as content (as trafilatura's extract does)
        "scope": "main",  # "main": the main content only; "page": every line, the rest as regions
        "link_density": 0.5,  # lines above it weigh against their container
        "good_chars": 40,  # unlinked characters that make a line count for its container
        # how much a character of each kind of line counts against its container
        "furniture_penalty": 0.5,
        "link_penalty": 0.15,
        "short_penalty": 0.1,
        # below this much weight in the best element, the page has no running text to find
        "min_content": 250,
        # short prose lines before the first and after the last paragraph (labels, credits, "Print")
        "trim_head": True,
        "trim_tail": True,
        "link_headings": True,  # headings that are links (teasers) are left out of the main content
        "related_boxes": True,  # "Related articles", "Mehr zum Thema"… and the box they head
        # short prose lines this many kept lines away from any paragraph go (0: keep them all)
        "isolated": 3,
        "article_bonus": 1.5,  # paragraphs inside an <article> element weigh this much more
        "comment_weight": 0.2,  # and paragraphs of comment threads this much less
    }

    def extract(self, html: str, url: str | None = None) -> Extraction:
        from selectolax.lexbor import LexborHTMLParser

        from .markup import markup_metadata

        tree = LexborHTMLParser(html)
        tree.strip_tags(list(STRIPPED))  # in C, before the Python walk: never text
        body = tree.body or tree.root
        page = walk(body) if body is not None else Page()
        sizes, links = _sizes(page)
        furniture = _furniture(page, sizes)
        weights = self._weights(page, furniture, sizes)
        if sum(w for w in weights if w > 0) < NOSCRIPT_FALLBACK and body is not None:
            # next to nothing to read: read what the page shows readers without scripts, and
            # what it parks in hidden elements for its scripts to show (React streaming, tabs)
            page = walk(body, INVISIBLE_WITH_NOSCRIPT, show_hidden=True)
            sizes, links = _sizes(page)
            furniture = _furniture(page, sizes)
            weights = self._weights(page, furniture, sizes)
        if not page.lines:
            return Extraction("", markup_metadata(tree, url))
        main, best = _main_element(page, weights)
        sparse = best < self.options["min_content"]
        if sparse:
            # no block of running text (a product grid, a listing): the page minus its furniture
            main = 0
        keep = self._select(page, furniture, main, weights, sizes, links, sparse)
        edges = [i for i, line in enumerate(page.lines) if main in line.elements]
        edges = edges[:EDGE_LINES] + edges[-EDGE_LINES:]  # where "Von …"/"By …" lines sit
        bylines = [page.lines[i].text for i in edges] + _labelled_bylines(page.lines)
        metadata = markup_metadata(tree, url, _near_title(page, furniture), (line.text for line in page.lines),
                                   bylines)
        return _assemble(page, keep, furniture, weights, metadata, self.options["scope"] == "page")

    # -- scoring ---------------------------------------------------------------------------

    def _weights(self, page: Page, furniture: list[str | None], sizes: list[int]) -> list[float]:
        """Per line: its weight, text inside an ``<article>`` counting ``article_bonus`` times and
        comments ``comment_weight`` times (a long thread must not outweigh the post it is under)."""
        weights = [self._weight(line, furniture) for line in page.lines]
        thread = _threads(page, sizes)
        if any(thread):
            factor = self.options["comment_weight"]
            for i, line in enumerate(page.lines):
                if weights[i] > 0 and any(thread[e] for e in line.elements):
                    weights[i] *= factor
        bonus = self.options["article_bonus"]
        if bonus != 1:
            articles = {e for e, t in enumerate(page.tags) if t == "article"}
            if articles:
                for i, line in enumerate(page.lines):
                    if weights[i] > 0 and not articles.isdisjoint(line.elements):
                        weights[i] *= bonus
        return weights

    def _weight(self, line: Line, furniture: list[str | None]) -> float:
        o = self.options
        chars = len(line.text)
        if _first_reason(line, furniture):
            furniture_penalty: float = o["furniture_penalty"]
            return -furniture_penalty * chars
        if line.kind in HEADINGS:
            return 0.0
        nonlink = chars - line.link_chars
        if line.link_chars > o["link_density"] * chars:
            link_penalty: float = o["link_penalty"]
            return -link_penalty * chars
        if _dense_script(line.text):
            nonlink *= DENSE_SCRIPT_FACTOR
        if nonlink >= o["good_chars"] or (nonlink >= 15 and line.text.endswith(_SENTENCE_END)):
            return float(nonlink)
        if line.kind == "cell":
            return 0.0
        short_penalty: float = o["short_penalty"]
        return -short_penalty * chars

    def _select(
        self, page: Page, furniture: list[str | None], main: int, weights: list[float], sizes: list[int],
        links: list[int], sparse: bool = False,
    ) -> list[str | None]:
        """Per line: None to keep it as content, else the reason it is left out."""
        out: list[str | None] = []
        comments = self.options["comments"]
        thread = _threads(page, sizes)
        ld_max = 0.8
        seen_main = False
        title_at = -1
        for i, line in enumerate(page.lines):
            elems = line.elements
            in_thread = any(thread[e] for e in elems)
            if main in elems:
                seen_main = True
                reason = _first_reason(line, furniture, after=main)
                if reason is None and in_thread and (not comments or weights[i] <= 0):
                    reason = "html_comments"  # the thread, or its labels, dates, names and forms
                if reason is None and line.kind in HEADINGS and self.options["link_headings"] and not sparse \
                        and line.kind != "h1" and line.link_chars >= 0.9 * len(line.text):
                    reason = "html_links"  # a headline that is a link: a teaser of another page
                if reason is None and line.kind not in HEADINGS and not sparse:
                    if line.link_chars > ld_max * len(line.text) and len(line.text) < 100:
                        reason = "html_links"
                    elif line.kind == "li" and _link_list(line, page, sizes, links):
                        reason = "html_links"
                out.append(reason)
                continue
            if comments and seen_main and in_thread and not _first_reason(line, furniture) \
                    and weights[i] >= 0:
                out.append(None)
                continue
            if not seen_main and line.kind == "h1" and not _first_reason(line, furniture):
                title_at = i
            out.append("html_outside_main")
        if title_at >= 0 and not any(page.lines[j].kind == "h1" for j, r in enumerate(out) if r is None):
            out[title_at] = None
        if self.options["related_boxes"] and not sparse:
            _drop_related_boxes(page, out, main, sizes)
        _drop_repeats(page.lines, out)
        if not sparse:
            _trim_edges(page.lines, out, weights, self.options["trim_head"], self.options["trim_tail"])
            if self.options["isolated"]:
                _drop_isolated(page.lines, out, weights, self.options["isolated"])
        _drop_orphan_headings(page.lines, out)
        return out


def _near_title(page: Page, furniture: list[str | None], before: int = 4, after: int = 8) -> list[str]:
    """Short lines around the first ``<h1>`` (where bylines and datelines sit), nearest first,
    leaving out menus, footers and clock widgets (a "today" box in the site header is no dateline)."""
    lines, words = page.lines, page.words

    def shown(x: Line) -> bool:
        if len(x.text) > 160 or _first_reason(x, furniture) in ("html_nav", "html_footer"):
            return False
        return not any(not CLOCK_WORDS.isdisjoint(words[e]) for e in x.elements)

    for i, line in enumerate(lines):
        if line.kind == "h1":
            around = lines[i + 1 : i + 1 + after] + lines[max(0, i - before) : i][::-1]
            return [x.text for x in around if shown(x)]
    return []


def _labelled_bylines(lines: list[Line]) -> list[str]:
    """"Author:" on a line of its own and the name on the next: given as one "By <name>" line."""
    found = []
    for i, line in enumerate(lines[:-1]):
        if len(line.text) <= 14 and AUTHOR_LABEL.match(line.text):
            found.append("By " + lines[i + 1].text)
            if len(found) >= 3:
                break
    return found


def _threads(page: Page, sizes: list[int]) -> list[bool]:
    """Per element: True for a comment thread (by its class words; not a page-wide body class)."""
    limit = MAX_FURNITURE_SHARE * max(1, sizes[0])
    return [bool(words) and not COMMENT_WORDS.isdisjoint(words) and sizes[e] <= limit
            for e, words in enumerate(page.words)]


def _sizes(page: Page) -> tuple[list[int], list[int]]:
    """Characters and characters inside links under each element."""
    sizes = [0] * len(page.tags)
    links = [0] * len(page.tags)
    for line in page.lines:
        n, k = len(line.text), line.link_chars
        for e in line.elements:
            sizes[e] += n
            links[e] += k
    return sizes, links


def _longest(page: Page) -> dict[int, int]:
    """For each ``<header>`` element: the longest unlinked line under it."""
    headers = {e for e, t in enumerate(page.tags) if t == "header"}
    longest: dict[int, int] = dict.fromkeys(headers, 0)
    if headers:
        for line in page.lines:
            n = len(line.text) - line.link_chars
            for e in line.elements:
                if e in headers and n > longest[e]:
                    longest[e] = n
    return longest


def _link_list(line: Line, page: Page, sizes: list[int], links: list[int]) -> bool:
    """True when the list holding this item is mostly links (a menu or a list of teasers)."""
    for e in reversed(line.elements):
        if page.tags[e] in ("ul", "ol", "dl"):
            return links[e] > 0.6 * sizes[e]
    return False


def _drop_related_boxes(page: Page, out: list[str | None], main: int, sizes: list[int]) -> None:
    """A kept line opening a related-links box goes, with the rest of its box when the box is
    a small part of the main content (its parent element, not the content itself)."""
    lines = page.lines
    limit = RELATED_BOX_SHARE * sizes[main]
    i = 0
    while i < len(lines):
        line = lines[i]
        if out[i] is None and is_related_marker(line.text):
            out[i] = "html_related"
            elems = line.elements
            at = len(elems) - 1
            while at > 0 and page.tags[elems[at]] in INLINE_OR_HEADING:
                at -= 1  # from the heading (or its <a>, <strong>) up to the block holding it
            box = elems[at]
            if box != main and main in elems[:at] and sizes[box] <= limit:
                j = i + 1
                while j < len(lines) and box in lines[j].elements:
                    if out[j] is None:
                        out[j] = "html_related"
                    j += 1
                i = j
                continue
        i += 1


def _drop_repeats(lines: list[Line], out: list[str | None], min_chars: int = 12, run: int = 3) -> None:
    """Kept lines already kept word for word earlier, ``run`` or more in a row: a second copy of
    the page or of a block (print view, mobile copy, a description shown twice). A single
    repeated line stays: documents repeat notes and table headings."""
    seen: set[str] = set()
    repeats: list[int] = []

    def close() -> None:
        if len(repeats) >= run:
            for j in repeats:
                out[j] = "html_repeat"
        repeats.clear()

    for i, line in enumerate(lines):
        if out[i] is not None:
            continue
        text = line.text
        if len(text) >= min_chars and text in seen:
            repeats.append(i)
            continue
        seen.add(text)
        close()
    close()


def _trim_edges(lines: list[Line], out: list[str | None], weights: list[float], head: bool, tail: bool) -> None:
    """Leave out the short prose lines (not headings, list items, cells or code) that come before
    the first or after the last paragraph of the main content: category labels, "Print this",
    photo credits, "Tags:". Structured content (lists, tables, code) is kept wherever it is."""
    kept = [i for i, r in enumerate(out) if r is None]
    good = [i for i in kept if weights[i] > 0 and lines[i].kind in ("p", "quote")]
    if not good:
        return
    first, last = good[0], good[-1]
    for i in kept:
        line = lines[i]
        if weights[i] > 0 or line.kind not in ("p", "caption", "quote"):
            continue
        if (head and i < first) or (tail and i > last):
            out[i] = "html_edge"


def _drop_isolated(lines: list[Line], out: list[str | None], weights: list[float], reach: int) -> None:
    """Short prose lines far from any paragraph (option lists, prices, buttons, badges) go, as in
    jusText: a short line between paragraphs is part of the text, one among short lines is not."""
    kept = [i for i, r in enumerate(out) if r is None]
    good = [k for k, i in enumerate(kept) if weights[i] > 0]
    if not good:
        return
    nearest = [reach + 1] * len(kept)
    for k in good:
        for d in range(-reach, reach + 1):
            j = k + d
            if 0 <= j < len(kept) and abs(d) < nearest[j]:
                nearest[j] = abs(d)
    for k, i in enumerate(kept):
        if nearest[k] > reach and weights[i] <= 0 and lines[i].kind in ("p", "quote"):
            out[i] = "html_isolated"


def _drop_orphan_headings(lines: list[Line], out: list[str | None]) -> None:
    """A kept h2-h6 whose next line was left out headed what was left out ("Related posts")."""
    n = len(lines)
    for i in range(n - 1, -1, -1):
        if out[i] is None and lines[i].kind in HEADINGS and lines[i].kind != "h1":
            nxt = i + 1
            if nxt >= n or (out[nxt] is not None and lines[nxt].kind not in HEADINGS):
                out[i] = "html_orphan_heading"


def _furniture(page: Page, sizes: list[int]) -> list[str | None]:
    """Per element: the furniture reason its own tag, role, class or id gives, else None."""
    total = max(1, sizes[0])
    reasons: list[str | None] = []
    tags, parent = page.tags, page.parent
    longest = _longest(page)
    for e, tag in enumerate(tags):
        reason = _reason(tag, page.words[e], page.attrs[e])
        if reason and (sizes[e] > MAX_FURNITURE_SHARE * total or e == 0):
            reason = None
        elif reason == "html_header" and (_inside(e, parent, tags, ("article", "main"))
                                          or longest[e] >= HEADER_PARAGRAPH):
            reason = None  # an article's own header (title, byline, lead), not the site's
        reasons.append(reason)
    return reasons


def _inside(e: int, parent: list[int], tags: list[str], names: tuple[str, ...]) -> bool:
    e = parent[e]
    while e >= 0:
        if tags[e] in names:
            return True
        e = parent[e]
    return False


def _reason(tag: str, words: tuple[str, ...], attrs: dict[str, Any]) -> str | None:
    reason = FURNITURE_TAGS.get(tag)
    if reason:
        return reason
    if tag == "header":
        return "html_header"
    if not attrs and "-" not in tag:
        return None
    role = attrs.get("role") if attrs else None
    if role in ROLE_FURNITURE:
        return ROLE_FURNITURE[role]
    if tag in NEVER_FURNITURE or not words:
        return None
    return _class_reason(f"{tag} {class_key(attrs)}" if "-" in tag else class_key(attrs))


@lru_cache(maxsize=1 << 16)
def _class_reason(raw: str) -> str | None:
    """"html_furniture" when a class or id names page furniture (cached: pages repeat classes)."""
    for token in raw.lower().split():
        parts = [w for w in token.replace("_", "-").split("-") if w]
        if parts and (parts[0] in FURNITURE_WORDS or parts[-1] in FURNITURE_WORDS):
            return "html_furniture"
        if any(w in STRONG_WORDS for w in parts):
            return "html_furniture"
    return None


def _first_reason(line: Line, furniture: list[str | None], after: int = -1) -> str | None:
    """The furniture reason of the outermost furniture element above the line (below ``after``)."""
    elems = line.elements
    start = elems.index(after) + 1 if after >= 0 else 0
    for e in elems[start:]:
        r = furniture[e]
        if r:
            return r
    return None


def _main_element(page: Page, weights: list[float]) -> tuple[int, float]:
    """The element whose lines weigh most (ties go to the outer one), and its weight."""
    sums = [0.0] * len(page.tags)
    for line, w in zip(page.lines, weights):
        if w:
            for e in line.elements:
                sums[e] += w
    best, best_sum = 0, sums[0]
    for e, s in enumerate(sums):
        if s > best_sum:
            best, best_sum = e, s
    return best, best_sum


def _assemble(
    page: Page, keep: list[str | None], furniture: list[str | None], weights: list[float],
    metadata: dict[str, Any], whole_page: bool,
) -> Extraction:
    parts: list[str] = []
    evidence: list[LineEvidence] = []
    pos = 0
    n = len(page.lines)
    for i, (line, reason) in enumerate(zip(page.lines, keep)):
        if reason is not None and not whole_page:
            continue
        text = line.text
        elem = line.elements[-1]
        evidence.append(LineEvidence(
            start=pos, end=pos + len(text), tag_path=page.path(elem),
            link_density=round(line.link_chars / len(text), 3), text_density=float(len(text)),
            position=round(i / n, 4), furniture=reason, score=weights[i],
        ))
        parts.append(text)
        pos += len(text) + 1
    text = "\n".join(parts)
    return Extraction(text, metadata, evidence, regions_from_lines(evidence, len(text)), main_content=not whole_page)
