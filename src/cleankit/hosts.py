"""Does a URL belong to a site: host matching shared by cleaners and site plugins."""
from __future__ import annotations

from typing import Iterable
from urllib.parse import urlsplit


def host_matches(url: str, hosts: Iterable[str]) -> bool:
    """True when the URL's host is one of ``hosts`` or a subdomain of one."""
    host = (urlsplit(url if "//" in url else "//" + url).hostname or "").lower()
    return any(host == h or host.endswith("." + h) for h in (h.lower().lstrip(".") for h in hosts))
