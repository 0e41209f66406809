"""Chain resolution and configuration errors."""
from __future__ import annotations

from pathlib import Path

import pytest

import cleankit.cleaners as builtin
from cleankit.chain import default_names, resolve_chain
from cleankit.config import Config, load_config, parse_config
from cleankit.errors import ConfigError, PluginError
from cleankit.plugins import load_registry
from tests.helpers import Clashing, ToyPlugin


@pytest.fixture
def registry():  # type: ignore[no-untyped-def]
    return load_registry(entry_points=False, plugins=[builtin, ToyPlugin()])


def test_default_chain_sorted_by_order_then_name(registry) -> None:  # type: ignore[no-untyped-def]
    names = default_names(registry)
    assert "americanize" not in names  # off by default
    orders = [(registry.cleaners[n].cls.order, n) for n in names]
    assert orders == sorted(orders)
    assert "drop_shouting" in names and "layout" in names


def test_explicit_chain_keeps_given_order_within_a_phase(registry) -> None:  # type: ignore[no-untyped-def]
    chain = resolve_chain(registry, names=["navigation", "junk", "title"])
    assert chain.names == ["navigation", "junk", "title"]  # all three remove: the given order stands


def test_explicit_chain_runs_phases_in_their_order(registry) -> None:  # type: ignore[no-untyped-def]
    # layout finishes; drop_shouting declares no phase and its order (300) places it among the removers
    chain = resolve_chain(registry, names=["layout", "junk", "drop_shouting", "encoding"])
    assert chain.names == ["encoding", "junk", "drop_shouting", "layout"]
    assert [s["phase"] for s in chain.describe()] == ["rewrite", "remove", "remove", "finish"]


def test_unknown_cleaner_suggests_close_match(registry) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ConfigError, match=r"unknown cleaner 'drop_shoutin'.*did you mean drop_shouting"):
        resolve_chain(registry, names=["drop_shoutin"])


def test_enable_and_disable_from_config(registry) -> None:  # type: ignore[no-untyped-def]
    cfg = Config(enable=["americanize"], disable=["layout"])
    chain = resolve_chain(registry, cfg)
    assert "americanize" in chain.names and "layout" not in chain.names
    assert chain.names.index("americanize") < chain.names.index("drop_shouting")  # by order 200 < 300


def test_options_are_validated(registry) -> None:  # type: ignore[no-untyped-def]
    chain = resolve_chain(registry, Config(enable=["americanize"], cleaner_options={"americanize": {"word": "grey"}}))
    step = [s for s in chain if s.name == "americanize"][0]
    assert step.cleaner.options == {"word": "grey"}
    with pytest.raises(ConfigError, match=r"cleaners\.americanize: .*no option 'wrod'"):
        resolve_chain(registry, Config(cleaner_options={"americanize": {"wrod": "x"}}))
    with pytest.raises(ConfigError, match=r"americanize\.word must be str"):
        resolve_chain(registry, Config(cleaner_options={"americanize": {"word": 3}}))


def test_duplicate_cleaner_names_name_both_plugins() -> None:
    with pytest.raises(PluginError, match=r"registered twice: by plugin .*\(toy\) and by plugin .*\(clash\)"):
        load_registry(entry_points=False, plugins=[ToyPlugin(), Clashing()])


def test_config_errors_name_the_key(tmp_path: Path) -> None:
    bad = tmp_path / "cleankit.toml"
    bad.write_text('chain = "layout"\nmax_removal = 3\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"cleankit.toml: max_removal: expected a number"):
        load_config(bad)
    bad.write_text("chian = ['layout']\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"cleankit.toml: chian: unknown key"):
        load_config(bad)
    bad.write_text("[cleaners]\nlayout = 3\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"cleaners.layout: expected a table"):
        load_config(bad)
    bad.write_text("chain = [1, 2]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"chain: expected a list of cleaner names"):
        load_config(bad)
    bad.write_text("chain = [\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"invalid TOML"):
        load_config(bad)


def test_pyproject_tool_table(tmp_path: Path) -> None:
    py = tmp_path / "pyproject.toml"
    py.write_text('[project]\nname="x"\n[tool.cleankit]\ndisable = ["layout"]\n[tool.cleankit.plugins]\ndisable = ["foo"]\n', encoding="utf-8")
    cfg = load_config(py)
    assert cfg.disable == ["layout"] and cfg.disable_plugins == ["foo"]
    with pytest.raises(ConfigError, match=r"tool.cleankit.enable: expected a list"):
        parse_config({"enable": 5}, source=str(py), prefix="tool.cleankit")


def test_unknown_name_in_config_chain_names_the_file(registry, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cfg_file = tmp_path / "cleankit.toml"
    cfg_file.write_text('chain = ["layot"]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"cleankit.toml: chain: unknown cleaner 'layot'; did you mean layout"):
        resolve_chain(registry, load_config(cfg_file))
