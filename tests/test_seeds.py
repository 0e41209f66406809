"""The seed documents pass every check of ../shared/seeds/expectations.json with the default install."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from _shared import shared_dir


def test_seeds_pass_strictly():
    shared = shared_dir()
    if shared is None or not (shared / "tools" / "check_seeds.py").is_file():
        pytest.skip("../shared (seeds and tools/check_seeds.py) is not next to this checkout")
    exe = Path(sys.executable).with_name("cleankit")
    cleankit = str(exe) if exe.exists() else shutil.which("cleankit")
    assert cleankit, "the cleankit command is not installed"
    proc = subprocess.run(
        [sys.executable, str(shared / "tools" / "check_seeds.py"), "--strict", "--cleankit", cleankit],
        capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-1000:]
