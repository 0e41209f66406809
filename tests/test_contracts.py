"""Every cleaner the built-in plugin registers keeps the cleaner contract (see cleankit.testing)."""
from __future__ import annotations

import pytest

from cleankit import cleaners as builtin_plugin
from cleankit.testing import contract_problems, edit_problems, make_pipeline, registered_cleaners

from _shared import ROOT

SAMPLES = sorted((ROOT / "samples").rglob("*.txt"))
TEXTS = [(p.name, p.read_bytes().decode("utf-8", "replace").replace("\r\n", "\n")) for p in SAMPLES]


@pytest.mark.parametrize("cls", registered_cleaners(builtin_plugin), ids=lambda c: c.name)
def test_builtin_cleaner_keeps_the_contract(cls):
    problems = contract_problems(cls, TEXTS)
    assert not problems, f"{len(problems)} problem(s):\n" + "\n".join(problems[:30])


def test_default_chain_edits_point_at_the_original_text():
    pipeline = make_pipeline(builtins=True)
    for path in SAMPLES:
        result = pipeline.clean_file(path)
        assert not result.errors, (path.name, result.errors)
        assert not edit_problems(result), (path.name, edit_problems(result)[:5])
