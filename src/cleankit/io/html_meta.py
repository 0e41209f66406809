"""Page metadata from an HTML tree: meta tags, JSON-LD, <time> elements, the <title>."""
from __future__ import annotations

import re
from typing import Any, Iterable

from ..dates import normalize_published
from ..jsonld import json_ld_objects

_META_KEYS: dict[str, str] = {
    "og:title": "title",
    "twitter:title": "title",
    "og:site_name": "site",
    "article:published_time": "published",
    "og:published_time": "published",
    "og:article:published_time": "published",
    "datepublished": "published",
    "date": "published",
    "dc.date": "published",
    "dc.date.issued": "published",
    "dcterms.date": "published",
    "dcterms.created": "published",
    "pubdate": "published",
    "publishdate": "published",
    "publish-date": "published",
    "sailthru.date": "published",
    "parsely-pub-date": "published",
    "author": "authors",
    "article:author": "authors",
    "dc.creator": "authors",
    "parsely-author": "authors",
    "sailthru.author": "authors",
    "article:section": "section",
    "og:url": "url",
    "og:locale": "language",
}
_ARTICLE_TYPES = {"article", "newsarticle", "blogposting", "reportagenewsarticle", "analysisnewsarticle",
                  "opinionnewsarticle", "scholarlyarticle", "report", "liveblogposting"}
def page_metadata(soup: Any) -> dict[str, Any]:
    """Collect title, published, authors, site, section, language and url from the page."""
    meta: dict[str, Any] = {}
    html_tag = soup.find("html")
    if html_tag is not None and html_tag.get("lang"):
        meta["language"] = str(html_tag.get("lang")).split("-")[0].split("_")[0].lower() or None
    for obj in _json_ld_objects(soup):
        _from_json_ld(obj, meta)
    for tag in soup.find_all("meta"):
        key = (tag.get("property") or tag.get("name") or tag.get("itemprop") or "").strip().lower()
        value = " ".join(str(tag.get("content") or "").split())
        target = _META_KEYS.get(key)
        if not target or not value:
            continue
        _set(meta, target, value)
    for tag in soup.find_all("time"):
        if tag.get("datetime") and (tag.has_attr("pubdate") or (tag.get("itemprop") or "").lower() == "datepublished"):
            _set(meta, "published", str(tag["datetime"]))
    canonical = soup.find("link", rel="canonical")
    if canonical is not None and canonical.get("href"):
        meta.setdefault("url", str(canonical["href"]))
    if "title" not in meta and soup.title is not None and soup.title.string:
        meta["title"] = " ".join(soup.title.string.split())
    return {k: v for k, v in meta.items() if v not in (None, "", [])}


def _set(meta: dict[str, Any], key: str, value: str) -> None:
    if key == "published":
        iso = normalize_published(value)
        if iso and not meta.get("published"):
            meta["published"] = iso
    elif key == "authors":
        names = meta.setdefault("authors", [])
        for name in re.split(r"\s*(?:,|;|\band\b|\bet\b)\s*", value):
            if name and not name.startswith("http") and name not in names and len(name) < 80:
                names.append(name)
    elif key == "language":
        meta.setdefault("language", value.split("_")[0].split("-")[0].lower())
    else:
        meta.setdefault(key, value)


def _json_ld_objects(soup: Any) -> Iterable[dict[str, Any]]:
    for tag in soup.find_all("script", type="application/ld+json"):
        yield from json_ld_objects(tag.string or "")


def _from_json_ld(obj: dict[str, Any], meta: dict[str, Any]) -> None:
    types = obj.get("@type")
    types = types if isinstance(types, list) else [types]
    if not any(isinstance(t, str) and t.lower() in _ARTICLE_TYPES for t in types):
        return
    if isinstance(obj.get("datePublished"), str):
        _set(meta, "published", obj["datePublished"])
    if isinstance(obj.get("headline"), str) and obj["headline"].strip():
        meta.setdefault("title", " ".join(obj["headline"].split()))
    authors = obj.get("author")
    for author in authors if isinstance(authors, list) else [authors]:
        name = author.get("name") if isinstance(author, dict) else author
        if isinstance(name, str) and name.strip():
            _set(meta, "authors", " ".join(name.split()))
    publisher = obj.get("publisher")
    if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
        meta.setdefault("site", publisher["name"].strip())
