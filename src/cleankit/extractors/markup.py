"""Page metadata from the markup of a lexbor tree: JSON-LD, meta tags, ``<time>``, bylines.

Publication dates are taken in this order, the first found wins: a full date in the URL; the date
the page shows for the article: an element marked ``itemprop=datePublished``, a ``<time datetime>``
or an element whose class names a date, outside page widgets (site header, "today" boxes, related
articles, comments, sidebars, footers), a date in the lines near the title; then the declared
dates: the article's JSON-LD ``datePublished``, publication meta tags (OpenGraph
``article:published_time``, Dublin Core, ``name=date``…); last, the first full date written on
the page. Modified dates are never used.
Authors come from JSON-LD, author meta tags, and ``rel=author``/``itemprop=author``/byline
elements, all of them in order, never the site's or publisher's own name.
"""
from __future__ import annotations

import re
from typing import Any, Iterable

from ..dates import normalize_published, parse_date
from ..jsonld import json_ld_objects
from .dom import class_words

PUBLISHED_META = (
    "article:published_time", "og:article:published_time", "og:published_time", "article:published",
    "datepublished", "dc.date.issued", "dcterms.issued", "dc.date", "dc.date.created", "dcterms.created",
    "dcterms.date", "dc:date", "dc.created", "citation_publication_date", "citation_date", "date",
    "pubdate", "publishdate", "publish-date", "publish_date", "published_date", "date_published",
    "sailthru.date", "parsely-pub-date", "article.published", "article_date_original", "datecreated",
    "dateposted", "displaydate", "originalpublicationdate", "og:pubdate", "og:publish_date", "created",
)
_PUBLISHED_RANK = {k: i for i, k in enumerate(PUBLISHED_META)}
AUTHOR_META = ("author", "article:author", "dc.creator", "dc:creator", "dcterms.creator", "parsely-author",
               "sailthru.author", "citation_author", "byl", "twitter:creator", "og:article:author")
ARTICLE_TYPES = frozenset((
    "article", "newsarticle", "blogposting", "reportagenewsarticle", "analysisnewsarticle",
    "opinionnewsarticle", "scholarlyarticle", "report", "liveblogposting", "techarticle", "webpage",
    "backgroundnewsarticle", "reviewnewsarticle", "review", "socialmediaposting", "discussionforumposting",
    "posting", "medicalwebpage", "itempage", "creativework", "videoobject", "recipe", "howto", "qapage",
))
# ancestors whose dates are not the article's: widgets, related lists, comments, site chrome
_WIDGET_WORDS = frozenset("""
comment comments commentlist reply replies respond related recommended sidebar
footer nav navbar menu masthead topbar today weather ticker trending mostread popular
more latest archive calendar aside promo newsletter
""".split())
# where a byline is someone else's: comments, related articles, sidebars (a post's footer is its own)
_NOT_BYLINE_WORDS = frozenset("""
comment comments commentlist reply replies respond related recommended sidebar teaser teasers popular
mostread trending
""".split())
_WIDGET_TAGS = frozenset(("header", "footer", "nav", "aside"))
_DATE_CLASS = re.compile(r"date|datum|time|publish|posted|byline|meta|fecha|parution|submitted|created", re.I)
# /2016/12/23/, /2017/7/12/, /2020-04-13-…, /20200413/ (separators, or none with two-digit parts)
_DATE_SELECTOR = ", ".join(
    f"[{attr}*={cue}]" for cue in ("date", "Date", "datum", "time", "Time", "publish", "posted", "byline", "meta", "fecha",
                                   "parution", "submitted", "created") for attr in ("class", "id"))
_URL_DATE = re.compile(
    r"/((?:19|20)\d\d)(?:[/_-](0?[1-9]|1[0-2])[/_-](0?[1-9]|[12]\d|3[01])|(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01]))"
    r"(?:[/_.-]|$)")
MIN_YEAR = 1995  # a date written on a web page before this is a misreading (or not the page's)
_BY = re.compile(
    r"^\s*(?:(?:written|posted|published|text|story|words|photos?|artikel|ein beitrag|veröffentlicht|"
    r"geschrieben|verfasst|erstellt|eingestellt|publié|escrito|publicado)\s+)?(?:by|von|par|por|di|door|av|af|przez|"
    r"autor(?:in)?|author|auteur|texte|text|interview|fotos?)\s*[:\-–]?\s+", re.I)
# where a byline's name ends: a date, a time, a separator, "am"/"on"/"le" before a date
_NAME_END = re.compile(r"\s+(?:am|on|le|el|il|vom|à|at|um|\|)\s+|\s*[|·•]\s*|\s+\d|\s+[-–—]\s+")
_WRITTEN_BY = frozenset(("written by", "verfasst von", "geschrieben von", "écrit par", "escrito por", "autor",
                         "author", "auteur", "scritto da", "geschreven door"))
_BY_INSIDE = re.compile(r"\s(?:by|von|par|por|door|przez)\s+(?=[A-ZÀ-ÝŁŚŻ])")
_BEFORE_BY = re.compile(r"\d|posted|published|written|veröffentlicht|erstellt|geschrieben|publié|publicado", re.I)
_HANDLE = re.compile(r"\s*@\w+")
_GENERIC = frozenset("""
null none undefined admin administrator redaktion editor editors staff team por by von par de
unknown anonymous guest author autor redaction redacción phd dr prof md jr sr mba published updated
follow folgen stand veröffentlicht aktualisiert share shares posted foto photo fotos photos more mehr bild
montag dienstag mittwoch donnerstag freitag samstag sonntag monday tuesday wednesday thursday friday
saturday sunday lundi mardi mercredi jeudi vendredi samedi dimanche
""".split())
_INVISIBLE_CHARS = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))
_DOTTED_USER = re.compile(r"^([a-z]{2,})\.([a-z]{4,})$")  # first.last (not site.de): a user name made of a name
_NAME_SPLIT = re.compile(r"\s*(?:,|;|\||/|&|\band\b|\bund\b|\bet\b|\by\b|\be\b|\bin\b)\s*")
# a URL, a mail address, a domain, a date or a number on its own is no name ("delta201" can be)
_NOT_NAME = re.compile(
    r"https?:|www\.|@|©|\.[a-z]{2,3}$|\.(?:com|org|net|de|fr|ch|at)\b|\d[./:]\d|\b\d+\b|admin|geändert|aktualisiert"
    r"|updated|modified", re.I)


def markup_metadata(
    tree: Any, url: str | None = None, near_title: Iterable[str] = (), page_lines: Iterable[str] = (),
    content_lines: Iterable[str] = (),
) -> dict[str, Any]:
    """title, published, authors, site, section, language and url of the page.

    ``near_title`` are the short lines around the page's title (a byline, a dateline), where a
    publication date is looked for after the markup; ``page_lines`` the page's visible lines in
    order, the last resort: the first full date written on the page. ``content_lines`` are the
    first and last lines of the main content, where "Von …"/"By …" bylines also sit.
    """
    meta: dict[str, Any] = {}
    html = tree.css_first("html")
    if html is not None:
        lang = (html.attributes.get("lang") or html.attributes.get("xml:lang") or "").strip()
        if lang:
            meta["language"] = lang.replace("_", "-").split("-")[0].lower()
    ld_dates: list[str] = []
    ld_authors: list[str] = []
    publishers: set[str] = set()
    objects = list(_json_ld(tree))
    names_by_id = {o["@id"]: o["name"] for o in objects
                   if isinstance(o.get("@id"), str) and isinstance(o.get("name"), str)}
    for obj in objects:
        _read_json_ld(obj, meta, ld_dates, ld_authors, publishers, names_by_id)
    metas: dict[str, list[str]] = {}
    for tag in tree.css("meta"):
        a = tag.attributes
        key = (a.get("property") or a.get("name") or a.get("itemprop") or "").strip().lower()
        value = " ".join(str(a.get("content") or "").split())
        if key and value:
            metas.setdefault(key, []).append(value)
    site_names = metas.get("og:site_name")
    site = (site_names[0] if site_names else None) or meta.get("site")
    if site:
        meta["site"] = site
        publishers.add(site.casefold())
    for key, target in (("og:title", "title"), ("twitter:title", "title"), ("article:section", "section"),
                        ("og:url", "url")):
        if key in metas and target not in meta:
            meta[target] = metas[key][0]
    if "language" not in meta and "og:locale" in metas:
        meta["language"] = metas["og:locale"][0].replace("_", "-").split("-")[0].lower()
    canonical = tree.css_first("link[rel=canonical]")
    page_url = url or (canonical.attributes.get("href") if canonical is not None else None) or meta.get("url")
    if canonical is not None and canonical.attributes.get("href"):
        meta.setdefault("url", canonical.attributes["href"])
    near = list(near_title)
    published = _published(tree, page_url, ld_dates, metas, near, page_lines)
    if published:
        meta["published"] = published
    bylines = [line for line in [*near, *content_lines] if len(line) <= 80 and _BY.match(line)]
    authors = _clean_authors(ld_authors + _meta_authors(metas) + _byline_authors(tree) + bylines, publishers, page_url)
    if authors:
        meta["authors"] = authors
    if "title" not in meta:
        title = tree.css_first("title")
        if title is not None and title.text(strip=True):
            meta["title"] = " ".join(title.text().split())
    return {k: v for k, v in meta.items() if v not in (None, "", [])}


# -- JSON-LD -----------------------------------------------------------------------------


def _json_ld(tree: Any) -> Iterable[dict[str, Any]]:
    for tag in tree.css('script[type="application/ld+json"]'):
        yield from json_ld_objects(tag.text(deep=True) or "")


def _types(obj: dict[str, Any]) -> set[str]:
    t = obj.get("@type")
    items = t if isinstance(t, list) else [t]
    return {x.lower() for x in items if isinstance(x, str)}


def _read_json_ld(
    obj: dict[str, Any], meta: dict[str, Any], dates: list[str], authors: list[str], publishers: set[str],
    names_by_id: dict[str, str],
) -> None:
    types = _types(obj)
    if types & {"organization", "newsmediaorganization", "website", "corporation"} and "person" not in types:
        name = obj.get("name")
        if isinstance(name, str) and name.strip():
            publishers.add(name.strip().casefold())
    publisher = obj.get("publisher")
    for pub in publisher if isinstance(publisher, list) else [publisher]:
        if isinstance(pub, dict) and isinstance(pub.get("name"), str):
            publishers.add(pub["name"].strip().casefold())
            meta.setdefault("site", pub["name"].strip())
    if not types & ARTICLE_TYPES:
        return
    for key in ("datePublished", "dateCreated", "uploadDate"):
        value = obj.get(key)
        if isinstance(value, str) and value.strip():
            dates.append(value)
            break
    headline = obj.get("headline")
    if isinstance(headline, str) and headline.strip() and "title" not in meta and "webpage" not in types:
        meta["title"] = " ".join(headline.split())
    found = obj.get("author") or obj.get("creator")
    for author in found if isinstance(found, list) else [found]:
        name = author.get("name") if isinstance(author, dict) else author
        if isinstance(author, dict) and _types(author) & {"organization", "newsmediaorganization"}:
            continue
        if name is None and isinstance(author, dict):
            ref = author.get("@id")  # {"@id": …} pointing at a Person in the graph; a list or object is no key
            name = names_by_id.get(ref) if isinstance(ref, str) else None
        if isinstance(name, list):
            name = ", ".join(str(n) for n in name)
        if isinstance(name, str) and name.strip():
            authors.append(name)


# -- dates -------------------------------------------------------------------------------


# "visible": a full date in the URL, then the dates the page shows for the article (itemprop, <time>,
# date-named elements outside widgets, lines near the title), then the declared ones (JSON-LD, meta).
# On the development pages the shown date was the expected one more often where the two disagree
# (trafilatura's pages 0.900 against 0.873, htmldate's 0.907 against 0.891); "markup" puts declared first.
DATE_ORDER = "visible"


def _published(
    tree: Any, url: str | None, ld_dates: list[str], metas: dict[str, list[str]], near: list[str],
    page_lines: Iterable[str],
) -> str | None:
    from_url = _url_date(url)
    if from_url:
        return from_url
    declared = _first_date(ld_dates) or _meta_date(metas)
    if DATE_ORDER == "visible":
        shown = _itemprop_date(tree) or _element_date(tree) or _line_date(near)
        if shown:
            return shown
        return declared or _line_date(page_lines)
    return declared or _itemprop_date(tree) or _element_date(tree) or _line_date(near) or _line_date(page_lines)


def _first_date(values: list[str]) -> str | None:
    for v in values:
        iso = normalize_published(v.strip())
        if iso:
            return iso
    return None


def _meta_date(metas: dict[str, list[str]]) -> str | None:
    for key in sorted((k for k in metas if k in _PUBLISHED_RANK), key=_PUBLISHED_RANK.__getitem__):
        iso = _first_date(metas[key])
        if iso:
            return iso
    return None


def _itemprop_date(tree: Any) -> str | None:
    for node in tree.css('[itemprop="datePublished"], [itemprop="dateCreated"], time[pubdate]'):
        a = node.attributes
        value = a.get("datetime") or a.get("content") or node.text(strip=True)
        iso = _first_date([value]) if value else None
        if iso:
            return iso
    return None


def _url_date(url: str | None) -> str | None:
    if not url:
        return None
    m = _URL_DATE.search(url)
    if not m:
        return None
    month, day = (m.group(2), m.group(3)) if m.group(2) else (m.group(4), m.group(5))
    return f"{m.group(1)}-{int(month):02d}-{int(day):02d}"


def _in_widget(node: Any, header_counts: bool = True, words: frozenset[str] | None = None) -> bool:
    """True when an ancestor is site chrome, a related list, a comment thread or a widget.

    A ``<header>`` is the site's only outside any ``article``, ``main`` or ``section``: inside
    one it is the article's own header, where its date sits. With ``words`` (the byline check),
    the climb stops at the first ancestor that also holds the page's ``<h1>``: the article's area.
    """
    up = node.parent
    depth = 0
    in_header = False
    while up is not None and depth < 40:
        tag = up.tag
        if tag in ("article", "main", "section"):
            in_header = False
        if tag == "body" or (words is not None and up.css_first("h1") is not None):
            break
        if tag == "header":
            in_header = True
        elif tag in _WIDGET_TAGS:
            return True
        a = up.attributes
        if a and not (words or _WIDGET_WORDS).isdisjoint(class_words(a)):
            return True
        up = up.parent
        depth += 1
    return in_header and header_counts


def _element_date(tree: Any) -> str | None:
    body = tree.body
    if body is None:
        return None
    for node in body.css("time"):
        value = node.attributes.get("datetime") or node.text(strip=True)
        if value and not _in_widget(node):
            iso = _first_date([value])
            if iso:
                return iso
    checked = 0
    for node in body.css(_DATE_SELECTOR):  # lexbor filters in C; _DATE_CLASS is the exact test
        a = node.attributes
        cue = " ".join(str(a.get(k) or "") for k in ("class", "id"))
        if not _DATE_CLASS.search(cue) or "update" in cue.lower() or "modif" in cue.lower():
            continue
        text = node.text(strip=True, separator=" ")
        if not text or len(text) > 200:
            continue
        checked += 1
        if checked > 40:
            break
        if _in_widget(node):
            continue
        iso = parse_date(text)
        if iso:
            return iso
    return None


def _line_date(lines: Iterable[str]) -> str | None:
    for line in lines:
        if len(line) <= 160:
            iso = parse_date(line)
            if iso and int(iso[:4]) >= MIN_YEAR:
                return iso
    return None


# -- authors -----------------------------------------------------------------------------


def _meta_authors(metas: dict[str, list[str]]) -> list[str]:
    found: list[str] = []
    for n in "1234":  # twitter:label1 "Written by" / twitter:data1 the name (Yoast writes these)
        label = (metas.get(f"twitter:label{n}") or [""])[0].casefold()
        if label in _WRITTEN_BY and metas.get(f"twitter:data{n}"):
            found.append(metas[f"twitter:data{n}"][0])
    for key in AUTHOR_META:
        for v in metas.get(key, []):
            if key == "twitter:creator" and v.startswith("@"):
                continue
            found.append(v)
    return found


def _byline_authors(tree: Any) -> list[str]:
    body = tree.body
    if body is None:
        return []
    found: list[str] = []
    for node in body.css('[itemprop="author"], [rel="author"], [class*="author"], [class*="byline"], [class*="autor"]'):
        a = node.attributes
        if node.tag in ("meta", "link"):
            continue
        name_node = node.css_first('[itemprop="name"]')
        text = (name_node or node).text(strip=True, separator=" ")
        text = " ".join(text.split())
        if not text or len(text) > 80 or _in_widget(node, header_counts=False, words=_NOT_BYLINE_WORDS):
            continue
        words = class_words(a)
        if "rel" not in a and "itemprop" not in a and not any(w in ("author", "byline", "autor", "authors", "autore", "autorin", "auteur") for w in words):
            continue  # "author-bio", "authorbox" descriptions and the like
        found.append(text)
        if len(found) >= 6:
            break
    return found


def _clean_authors(raw: list[str], publishers: set[str], url: str | None) -> list[str]:
    host = re.sub(r"^www\.", "", (re.match(r"https?://([^/]+)", url or "") or [None, ""])[1] or "").lower()
    out: list[str] = []
    seen: set[str] = set()
    for value in raw:
        value = " ".join(value.translate(_INVISIBLE_CHARS).split())
        if "://" in value or value.startswith("www."):
            continue  # a profile URL, not a name
        value = _HANDLE.sub("", value)
        if _BY.match(value):
            value = _BY.sub("", value)
        else:
            inner = _BY_INSIDE.search(value)  # "Posted on 21 September 2020 by Adi Tzlil"
            if inner and _BEFORE_BY.search(value[: inner.start()]):  # not "Walter von Aachen"
                value = value[inner.end():]
        value = _NAME_END.split(value, 1)[0]
        for name in _NAME_SPLIT.split(value):
            name = name.strip(" .:-–|·•")
            dotted = _DOTTED_USER.match(name)
            if dotted:
                name = f"{dotted.group(1).title()} {dotted.group(2).title()}"
            key = name.casefold()
            if not name or _BY.match(name + " ") or key in seen or len(name) < 3 or len(name) > 50 or len(name.split()) > 5:
                continue
            if _NOT_NAME.search(name) or key in publishers or key in _GENERIC \
                    or (host and key.replace(" ", "") in host):
                continue
            seen.add(key)
            out.append(name)
    return out
