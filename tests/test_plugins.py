"""Plugin loading with a fresh plugin manager per test, and the real installed entry point."""
from __future__ import annotations

import pytest

import cleankit.cleaners as builtin
from cleankit.errors import PluginError
from cleankit.plugins import DISABLE_ENV, build_plugin_manager, load_registry
from tests.helpers import ToyPlugin


def test_builtin_cleaners_come_from_the_entry_point() -> None:
    registry = load_registry()
    dists = {r.plugin.distribution for r in registry.cleaners.values()}
    assert "cleankit" in dists
    layout = registry.cleaners["layout"]
    assert layout.plugin.name == "cleankit" and layout.plugin.distribution == "cleankit"


def test_without_entry_points_nothing_is_loaded_unless_given() -> None:
    assert load_registry(entry_points=False).cleaners == {}
    reg = load_registry(entry_points=False, plugins=[builtin, ToyPlugin()])
    assert {"layout", "drop_shouting", "americanize"} <= set(reg.cleaners)
    assert reg.cleaners["drop_shouting"].plugin.name == "toy"


def test_each_manager_is_fresh() -> None:
    pm1, _ = build_plugin_manager(entry_points=False, plugins=[ToyPlugin()])
    pm2, _ = build_plugin_manager(entry_points=False)
    assert pm1.has_plugin("toy") and not pm2.has_plugin("toy")


def test_disable_by_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(DISABLE_ENV, "cleankit")
    assert "layout" not in load_registry().cleaners
    monkeypatch.setenv(DISABLE_ENV, "toy")
    assert "drop_shouting" not in load_registry(entry_points=False, plugins=[ToyPlugin()]).cleaners


def test_plugin_that_registers_a_non_cleaner_is_named() -> None:
    from cleankit import hookimpl

    class Broken:
        __name__ = "broken"

        @hookimpl
        def register_cleaners(self, register):  # type: ignore[no-untyped-def]
            register(object)

    with pytest.raises(PluginError, match="broken.*not a Cleaner subclass"):
        load_registry(entry_points=False, plugins=[Broken()])


def test_plugin_whose_hook_raises_is_named() -> None:
    from cleankit import hookimpl

    class Exploding:
        __name__ = "exploding"

        @hookimpl
        def register_cleaners(self, register):  # type: ignore[no-untyped-def]
            raise RuntimeError("boom")

    with pytest.raises(PluginError, match=r"exploding.*RuntimeError: boom"):
        load_registry(entry_points=False, plugins=[Exploding()])
