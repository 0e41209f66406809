"""Lay out one result's edits over its original text, for the review report.

Edits are recorded in chain order with spans in original coordinates, but each cleaner saw
the text the earlier cleaners left: a later removal's span often *contains* earlier edits
(a boilerplate block around a junk line that was already gone), and its ``removed`` text is
what that cleaner saw, not the original slice. This module replays the edits over a list of
nodes that knows, for each stretch of the original, the text still visible at that point,
and produces nested segments a page can render:

* a string: original text no cleaner touched (kept text);
* ``[0, i, children]``: removal ``i``; its children's text is exactly the edit's ``removed``;
* ``[1, i, before, after]``: rewrite ``i``; ``after`` is the part of its replacement still in
  the text (all of it, unless a later cleaner removed part of it);
* ``[2]``: where an earlier edit sat inside a later one (see below);
* ``[3, segments]``: earlier edits moved out of a later one (see below).

Nesting rules (what the markup contract needs): a removal element's text must be exactly its
``removed``, so an earlier removal inside a later edit, or any earlier edit inside a later
rewrite, is moved out and shown just before the element that contains it (``[3, ...]``), with
a marker (``[2]``) at its place. An earlier rewrite inside a later removal stays inside it:
its ``after`` is part of what the removal saw.

Edge cases: a later edit that covers only part of an earlier rewrite's replacement takes that
part out of the rewrite's ``after``; an edit that cannot be matched against the visible text
(it should not happen with the runner's offset maps) is shown with exactly its own ``removed``
text, the earlier edits it covers moved out, and is counted in ``Layout.approximate``.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import Any, Sequence

from ..document import Edit

REMOVAL, REWRITE, MARK, MOVED = 0, 1, 2, 3


class _Text:
    """Original text no edit has touched yet: ``original[s:e]``."""

    __slots__ = ("s", "e")

    def __init__(self, s: int, e: int) -> None:
        self.s, self.e = s, e

    def visible(self, original: str) -> str:
        return original[self.s : self.e]


class _Lit:
    """Text that has no place of its own in the original (part of a rewrite's replacement)."""

    __slots__ = ("s", "e", "text")

    def __init__(self, text: str, at: int) -> None:
        self.s = self.e = at
        self.text = text

    def visible(self, original: str) -> str:
        return self.text


class _Edit:
    """An applied edit, with the nodes it covered as children."""

    __slots__ = ("s", "e", "index", "removal", "before", "vis", "children", "folded")

    def __init__(self, s: int, e: int, index: int, edit: Edit, children: list[Any]) -> None:
        self.s, self.e = s, e
        self.index = index
        self.removal = not edit.replacement
        self.before = edit.removed
        self.vis = edit.replacement  # the text this edit leaves, as later cleaners see it
        self.children = children
        self.folded = False  # its replacement was written into an earlier rewrite's text

    def visible(self, original: str) -> str:
        return self.vis


@dataclass
class Layout:
    """Segments to render, and how many edits could only be placed approximately."""

    segments: list[Any]
    approximate: int = 0


def layout(original: str, edits: Sequence[Edit]) -> Layout:
    """Replay ``edits`` (in chain order) over ``original`` and return the segments to render."""
    top: list[Any] = [_Text(0, len(original))] if original else []
    approximate = 0
    for index, edit in enumerate(edits):
        if not _apply(top, original, index, edit):
            approximate += 1
    return Layout(_emit_top(top, original), approximate)


def _split_text(top: list[Any], at: int) -> None:
    """Split the plain-text node that strictly contains ``at``."""
    i = bisect_right(top, at, key=lambda n: n.s) - 1
    if i >= 0:
        node = top[i]
        if isinstance(node, _Text) and node.s < at < node.e:
            top[i : i + 1] = [_Text(node.s, at), _Text(at, node.e)]


def _covered(top: list[Any], s: int, e: int) -> tuple[int, int]:
    """The index range of top-level nodes inside or overlapping ``[s, e)``, zero-width ones at its ends included."""
    i = bisect_right(top, s, key=lambda n: n.e)
    while i > 0 and top[i - 1].s == top[i - 1].e == s:
        i -= 1
    j = bisect_left(top, e, key=lambda n: n.s)
    while j < len(top) and top[j].s == top[j].e == e:
        j += 1
    return i, max(i, j)


def _apply(top: list[Any], original: str, index: int, edit: Edit) -> bool:
    """Apply one edit to ``top``; False when it could only be placed approximately."""
    s, e = edit.start, edit.end
    _split_text(top, s)
    _split_text(top, e)
    i, j = _covered(top, s, e)
    covered = top[i:j]
    seen = "".join(n.visible(original) for n in covered)
    if seen == edit.removed:
        lo = min([s] + [n.s for n in covered])
        hi = max([e] + [n.e for n in covered])
        top[i:j] = [_Edit(lo, hi, index, edit, covered)]
        return True
    if _split_boundaries(top, original, i, j, index, edit):
        return True
    if _inside_one(top, original, i, j, index, edit):
        return True
    # Fallback: show the edit with exactly the text it reports; keep the earlier edits it
    # covers (moved out when rendered), drop the plain text it covers.
    kept = [n for n in covered if isinstance(n, _Edit)]
    node = _Edit(s, e, index, edit, [_Lit(edit.removed, s)] + kept)
    if covered:
        node.s, node.e = min(s, covered[0].s), max(e, covered[-1].e)
    top[i:j] = [node]
    return False


def _split_boundaries(top: list[Any], original: str, i: int, j: int, index: int, edit: Edit) -> bool:
    """The edit covers the end of one earlier rewrite's replacement and/or the start of another's."""
    covered = top[i:j]
    if not covered:
        return False
    left = covered[0] if isinstance(covered[0], _Edit) and covered[0].vis else None
    right = covered[-1] if isinstance(covered[-1], _Edit) and covered[-1].vis and len(covered) > 1 else None
    if left is None and right is None:
        return False
    middle = covered[(1 if left else 0) : (len(covered) - 1 if right else len(covered))]
    mid = "".join(n.visible(original) for n in middle)
    lvis = left.vis if left else ""
    rvis = right.vis if right else ""
    removed = edit.removed
    for x in range(len(lvis), -1, -1):  # prefer taking as little of the left replacement as possible
        head = lvis[x:]
        if not removed.startswith(head) or removed[len(head) : len(head) + len(mid)] != mid:
            continue
        tail = removed[len(head) + len(mid) :]
        if not rvis.startswith(tail) or (right is None and tail):
            continue
        children: list[Any] = []
        at = left.e if left else edit.start
        end = right.s if right else edit.end
        if head:
            children.append(_Lit(head, at))
        children.extend(middle)
        if tail:
            children.append(_Lit(tail, end))
        lo = min([at] + [n.s for n in middle])
        hi = max([end if right else max(end, at)] + [n.e for n in middle])
        node = _Edit(lo, hi, index, edit, children)
        replaced: list[Any] = []
        if left:
            left.vis = lvis[:x]
            replaced.append(left)
        replaced.append(node)
        if right:
            right.vis = rvis[len(tail) :]
            replaced.append(right)
        top[i:j] = replaced
        return True
    return False


def _inside_one(top: list[Any], original: str, i: int, j: int, index: int, edit: Edit) -> bool:
    """The edit lies inside one earlier rewrite's replacement: write it into that text."""
    hosts = [n for n in top[i:j] if isinstance(n, _Edit) and n.vis]
    if len(hosts) != 1:
        return False
    host = hosts[0]
    at = host.vis.find(edit.removed)
    if at < 0:
        return False
    host.vis = host.vis[:at] + edit.replacement + host.vis[at + len(edit.removed) :]
    node = _Edit(host.e, host.e, index, edit, [_Lit(edit.removed, host.e)])
    node.vis = ""  # its replacement lives in the host's text now
    node.folded = True
    k = top.index(host)
    top.insert(k + 1, node)
    return True


# -- rendering to segments -------------------------------------------------------------


def _emit_top(nodes: list[Any], original: str) -> list[Any]:
    out: list[Any] = []
    for node in nodes:
        _emit(node, original, out, None)
    return out


def _append_text(out: list[Any], text: str) -> None:
    if not text:
        return
    if out and isinstance(out[-1], str):
        out[-1] += text
    else:
        out.append(text)


def _emit(node: Any, original: str, out: list[Any], moved: list[Any] | None) -> None:
    """Render ``node`` into ``out``; ``moved`` collects edits to show before the enclosing removal."""
    if not isinstance(node, _Edit):
        _append_text(out, node.visible(original))
        return
    if moved is not None and (node.removal or node.folded):
        moved.append(node)
        out.append([MARK])
        return
    if node.removal:
        inner_moved: list[Any] = []
        children: list[Any] = []
        for child in node.children:
            _emit(child, original, children, inner_moved)
        _emit_moved(inner_moved, original, out)
        out.append([REMOVAL, node.index, children])
        return
    # a rewrite: what it covered is summed up by its `before` text; earlier edits inside move out
    inner = [c for c in node.children if isinstance(c, _Edit)]
    if moved is not None:  # inside a removal: they go before that removal
        moved.extend(inner)
        out.extend([MARK] for _ in inner)
    else:
        _emit_moved(inner, original, out)
    out.append([REWRITE, node.index, node.before, "" if node.folded else node.vis])


def _emit_moved(nodes: list[Any], original: str, out: list[Any]) -> None:
    if not nodes:
        return
    segments: list[Any] = []
    for node in nodes:
        _emit(node, original, segments, None)
    out.append([MOVED, segments])


def kept_text(segments: list[Any]) -> str:
    """The text a reader of the segments sees as kept: plain text and rewrites' ``after``."""
    parts: list[str] = []
    for seg in segments:
        if isinstance(seg, str):
            parts.append(seg)
        elif seg[0] == REWRITE:
            parts.append(seg[3])
    return "".join(parts)


def removal_texts(segments: list[Any]) -> dict[int, str]:
    """Each removal's rendered text (its element's textContent), by edit index."""
    found: dict[int, str] = {}

    def text_of(segs: list[Any]) -> str:
        parts: list[str] = []
        for seg in segs:
            if isinstance(seg, str):
                parts.append(seg)
            elif seg[0] == REWRITE:
                parts.append(seg[3])
            elif seg[0] == REMOVAL:
                raise AssertionError(f"removal {seg[1]} nested inside another removal")
        return "".join(parts)

    def walk(segs: list[Any]) -> None:
        for seg in segs:
            if isinstance(seg, str) or seg[0] == MARK:
                continue
            if seg[0] == REMOVAL:
                found[seg[1]] = text_of(seg[2])
            elif seg[0] == MOVED:
                walk(seg[1])

    walk(segments)
    return found
