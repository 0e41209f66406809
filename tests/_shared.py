"""Find the shared material (seeds, eval sets, tools) that sits next to the project checkout."""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def shared_dir() -> Path | None:
    """``../shared`` next to the checkout (or next to the folder holding a worktree), or $CLEANKIT_SHARED."""
    env = os.environ.get("CLEANKIT_SHARED")
    candidates = [Path(env)] if env else []
    candidates += [ROOT.parent / "shared", ROOT.parent.parent / "shared"]
    for c in candidates:
        if (c / "seeds").is_dir():
            return c
    return None
