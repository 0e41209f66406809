"""`cleankit new-plugin NAME` writes a working plugin package whose own tests pass."""
from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner

from cleankit.cli import cli
from cleankit.errors import ConfigError
from cleankit.scaffold import check_name, create_plugin, plugin_files


def test_new_plugin_command_writes_a_package(tmp_path):
    res = CliRunner().invoke(cli, ["new-plugin", "ouest_info", "--dir", str(tmp_path)])
    assert res.exit_code == 0, res.output
    root = tmp_path / "cleankit-ouest-info"
    files = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
    assert files == [
        "README.md",
        "pyproject.toml",
        "src/cleankit_ouest_info/__init__.py",
        "src/cleankit_ouest_info/cleaner.py",
        "tests/conftest.py",
        "tests/samples/example.expected.json",
        "tests/samples/example.expected.txt",
        "tests/samples/example.txt",
        "tests/test_ouest_info.py",
    ]
    pyproject = (root / "pyproject.toml").read_text()
    assert 'name = "cleankit-ouest_info"' in pyproject
    assert '[project.entry-points.cleankit]\nouest_info = "cleankit_ouest_info"' in pyproject
    assert "class OuestInfoCleaner(Cleaner)" in (root / "src/cleankit_ouest_info/cleaner.py").read_text()
    assert not any("__NAME__" in t or "__MODULE__" in t or "__CLASS__" in t for t in plugin_files("x").values())


def test_generated_tests_pass(tmp_path):
    root = create_plugin("demo", tmp_path)
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=root, capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-1000:]
    assert "5 passed" in proc.stdout


def test_generated_tests_pass_with_the_users_own_samples(tmp_path):
    # the guide's step 3: delete example.*, put real pages (text and HTML) in, regenerate, test
    root = create_plugin("demo", tmp_path)
    samples = root / "tests" / "samples"
    for p in samples.glob("example.*"):
        p.unlink()
    (samples / "page1.txt").write_text(
        "Example News\n\nBridge closed for repairs\n\nThe old bridge will close for three weeks from Monday.\n"
        "\nShare this article\n",
        encoding="utf-8",
    )
    (samples / "page2.html").write_text(
        "<html><head><title>Market reopens</title></head><body><p>Example News</p><h1>Market reopens</h1>"
        "<p>The covered market reopened on Saturday after a year of works.</p><p>Share this article</p>"
        "</body></html>",
        encoding="utf-8",
    )
    run = lambda *args: subprocess.run(  # noqa: E731
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args],
        cwd=root, capture_output=True, text=True, timeout=120,
    )
    regen = run("--cleankit-regen")
    assert regen.returncode == 0, regen.stdout[-2000:]
    assert (samples / "page2.expected.txt").read_text(encoding="utf-8").count("Share this article") == 0
    proc = run()
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-1000:]
    assert "5 passed" in proc.stdout


def test_generated_cleaner_runs_in_a_pipeline(tmp_path):
    from cleankit.testing import make_pipeline

    root = create_plugin("demo", tmp_path)
    sys.path.insert(0, str(root / "src"))
    try:
        import cleankit_demo

        result = make_pipeline(cleankit_demo).clean_file(root / "tests/samples/example.txt")
    finally:
        sys.path.remove(str(root / "src"))
        sys.modules.pop("cleankit_demo", None)
        sys.modules.pop("cleankit_demo.cleaner", None)
    assert result.text.startswith("Town council approves")
    assert result.metadata["site"] == "Example News"


@pytest.mark.parametrize("bad", ["", "1site", "my site", "class", "Été", "x" * 41])
def test_bad_names_are_refused(bad):
    with pytest.raises(ConfigError):
        check_name(bad)


def test_never_overwrites(tmp_path):
    create_plugin("demo", tmp_path)
    res = CliRunner().invoke(cli, ["new-plugin", "demo", "--dir", str(tmp_path)])
    assert res.exit_code != 0 and "already exists" in res.output
