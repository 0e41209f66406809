"""Positions of edits refer to the original text, even after earlier cleaners changed it."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cleankit.cleaner import Change
from cleankit.offsets import OffsetMap, apply_changes


def test_single_step_maps_back() -> None:
    text = "aaa BBB ccc DDD eee"
    first = [Change(4, 8, "x")]  # remove "BBB "
    after = apply_changes(text, first)
    assert after == "aaa ccc DDD eee"
    om = OffsetMap()
    om.push(first)
    s, e = after.index("DDD"), after.index("DDD") + 3
    assert om.to_original(s, e) == (text.index("DDD"), text.index("DDD") + 3)


def test_span_after_removal_does_not_swallow_removed_text() -> None:
    text = "head\nJUNK\nbody"
    om = OffsetMap()
    step1 = [Change(5, 10, "junk")]
    t1 = apply_changes(text, step1)
    om.push(step1)
    assert t1 == "head\nbody"
    # remove "body" which now starts right where JUNK was removed
    assert om.to_original(5, 9) == (10, 14)
    # remove "head\n" which ends right where JUNK was removed
    assert om.to_original(0, 5) == (0, 5)


def test_span_over_replacement_covers_whole_replaced_text() -> None:
    text = "x colour y"
    om = OffsetMap()
    step = [Change(2, 8, "r", "color")]
    t1 = apply_changes(text, step)
    om.push(step)
    assert t1 == "x color y"
    assert om.to_original(3, 5) == (2, 8)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abc\n", min_size=1, max_size=40), st.data())
def test_removal_spans_map_to_exact_original_characters(text: str, data: st.DataObject) -> None:
    """After random removal steps, a span of the current text maps from its first character's
    original index to just after its last character's original index."""
    om = OffsetMap()
    current = text
    index = list(range(len(text)))  # original index of each current character
    for _ in range(3):
        if not current:
            break
        cuts = sorted(data.draw(st.lists(st.integers(0, len(current)), max_size=6, unique=True)))
        changes = [Change(a, b, "r") for a, b in zip(cuts[::2], cuts[1::2]) if b > a]
        current = apply_changes(current, changes)
        index = [i for k, i in enumerate(index) if not any(c.start <= k < c.end for c in changes)]
        om.push(changes)
    assert [text[i] for i in index] == list(current)
    for i in range(len(current)):
        for j in range(i + 1, len(current) + 1):
            assert om.to_original(i, j) == (index[i], index[j - 1] + 1)
