"""Shared fixtures: paths to the project's samples and the shared seed folder."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests explore the same examples on every run: the suite is deterministic. Longer,
# randomised exploration is benchmarks/fuzz.py's job (HYPOTHESIS_PROFILE=explore to vary here too).
settings.register_profile("deterministic", derandomize=True, print_blob=True)
settings.register_profile("explore", derandomize=False, max_examples=1000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "deterministic"))

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
SHARED = ROOT.parent / "shared"


@pytest.fixture
def samples() -> Path:
    """The project's sample folder."""
    return SAMPLES
