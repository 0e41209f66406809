"""JSON-LD blocks of a page: every object in them, for the HTML metadata readers."""
from __future__ import annotations

import json
from typing import Any, Iterator


def json_ld_objects(raw: str) -> Iterator[dict[str, Any]]:
    """Every object of one ``<script type="application/ld+json">`` block, in document order.

    Lists, ``@graph`` and ``mainEntity`` are walked into; a block that is not JSON (even
    leniently: control characters, a trailing ``;``) gives nothing.
    """
    try:
        data = json.loads(raw)
    except ValueError:
        try:
            data = json.loads(raw.strip().rstrip(";"), strict=False)
        except ValueError:
            return
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            graph = item.get("@graph")
            if graph is not None:
                stack.extend(reversed(graph) if isinstance(graph, list) else [graph])
            main = item.get("mainEntity")
            if isinstance(main, (dict, list)):
                stack.append(main)
            yield item
