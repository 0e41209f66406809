"""A third-party plugin, installed next to cleankit in a fresh virtual environment, is found and applied
without any change to cleankit (issue 2), and ``cleankit new-plugin`` works from a non-editable install.

The fresh environment gets cleankit's dependencies from this one (a .pth file pointing to links
to them), so nothing is downloaded; builds run without isolation when this environment can build
wheels (setuptools >= 70.1, or the ``wheel`` package), else pip's own build isolation is used.
"""
from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from _shared import ROOT

# Entries of this environment's site-packages that must not leak into the fresh one.
_OWN = ("cleankit", "__editable__", "_cleankit", "__pycache__")


def _can_build_without_isolation() -> bool:
    try:
        from importlib.metadata import version

        major_minor = tuple(int(x) for x in version("setuptools").split(".")[:2])
    except Exception:
        return False
    return major_minor >= (70, 1) or importlib.util.find_spec("wheel") is not None


def _run(args: list[str], cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "CLEANKIT_DISABLE_PLUGINS", "PIP_USER")}
    proc = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, f"{' '.join(args)}\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}"
    return proc


@pytest.fixture(scope="module")
def fresh_venv(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("venv")
    venv = base / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)])
    deps = base / "deps"
    deps.mkdir()
    here = Path(sysconfig.get_paths()["purelib"])
    for entry in here.iterdir():
        if entry.name.startswith(_OWN) or entry.suffix == ".pth":
            continue
        (deps / entry.name).symlink_to(entry)
    python = venv / "bin" / "python"
    purelib = _run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip()
    Path(purelib, "_cleankit_test_deps.pth").write_text(str(deps) + "\n")
    return venv


def _pip_install(venv: Path, *paths: Path) -> None:
    args = [sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install", "-q", "--no-deps"]
    if _can_build_without_isolation():
        args.append("--no-build-isolation")
    _run(args + [str(p) for p in paths])


def test_third_party_plugin_is_found_and_applied(fresh_venv, tmp_path):
    cleankit = str(fresh_venv / "bin" / "cleankit")
    _pip_install(fresh_venv, ROOT)  # a regular (non-editable) install: templates must ship in the wheel
    listed = json.loads(_run([cleankit, "plugins", "--json"]).stdout)
    assert [p["name"] for p in listed] == ["cleankit"]

    _run([cleankit, "new-plugin", "demo", "--dir", str(tmp_path)])
    plugin = tmp_path / "cleankit-demo"
    _pip_install(fresh_venv, plugin)

    listed = {p["name"]: p for p in json.loads(_run([cleankit, "plugins", "--json"]).stdout)}
    assert listed["cleankit-demo"]["cleaners"] == ["demo"]
    assert listed["cleankit-demo"]["entry_point"] == "demo"
    chain = [s["cleaner"] for s in json.loads(_run([cleankit, "chain", "--json"]).stdout)]
    assert "demo" in chain and chain.index("demo") < chain.index("layout")

    sample = plugin / "tests" / "samples" / "example.txt"
    record = json.loads(_run([cleankit, "clean", str(sample), "--format", "jsonl"]).stdout.splitlines()[0])
    assert record["metadata"]["site"] == "Example News"
    assert {e["cleaner"] for e in record["edits"]} >= {"demo"}
    assert not record["text"].startswith("Example News")
    off = json.loads(_run([cleankit, "clean", str(sample), "--format", "jsonl", "--disable-plugin", "demo"]).stdout)
    assert off["text"].startswith("Example News")
