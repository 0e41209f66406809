"""Resolve configuration, command-line choices and defaults into an ordered chain of cleaners."""
from __future__ import annotations

import difflib
import warnings
from dataclasses import dataclass
from typing import Any, Iterable

from .cleaner import PHASES, VIEWS, Cleaner, phase_of, validate_options
from .config import Config
from .errors import ConfigError
from .plugins import Registration, Registry


@dataclass(frozen=True)
class ChainStep:
    """One configured cleaner in a chain."""

    registration: Registration
    cleaner: Cleaner

    @property
    def name(self) -> str:
        """The cleaner's name."""
        return self.registration.name

    def describe(self) -> dict[str, Any]:
        """Cleaner name, plugin distribution, version and options, as data."""
        plugin = self.registration.plugin
        return {
            "cleaner": self.name,
            "phase": phase_of(self.cleaner),
            "plugin": plugin.distribution,
            "version": plugin.version,
            "options": dict(self.cleaner.options),
        }


@dataclass(frozen=True)
class Chain:
    """An ordered list of configured cleaners."""

    steps: tuple[ChainStep, ...]

    @property
    def names(self) -> list[str]:
        """The cleaner names, in order."""
        return [s.name for s in self.steps]

    def describe(self) -> list[dict[str, Any]]:
        """Every step as data: enough to rebuild the chain from entry points elsewhere."""
        return [s.describe() for s in self.steps]

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.steps)

    def __len__(self) -> int:
        return len(self.steps)


def default_names(registry: Registry) -> list[str]:
    """Every cleaner enabled by default, sorted by ``(order, name)``."""
    regs = [r for r in registry.cleaners.values() if r.cls.enabled_by_default]
    return [r.name for r in sorted(regs, key=lambda r: (r.cls.order, r.name))]


def _check_known(names: Iterable[str], registry: Registry, where: str) -> None:
    for name in names:
        if name not in registry.cleaners:
            close = difflib.get_close_matches(name, list(registry.cleaners), n=3, cutoff=0.5)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            known = ", ".join(sorted(registry.cleaners)) or "none registered"
            raise ConfigError(f"{where}: unknown cleaner {name!r}{hint} (known: {known})")


def resolve_chain(
    registry: Registry,
    config: Config | None = None,
    *,
    names: list[str] | None = None,
    enable: Iterable[str] = (),
    disable: Iterable[str] = (),
    options: dict[str, dict[str, Any]] | None = None,
) -> Chain:
    """Build the chain: explicit ``names`` win over ``config.chain``, which wins over defaults.

    ``enable`` and ``disable`` (from config and from the caller) then add cleaners to, or
    remove them from, a default chain; an explicit chain is taken as given minus ``disable``.
    Added cleaners are placed by their declared order.
    """
    config = config or Config()
    source = config.path or "config"
    enable = list(config.enable) + list(enable)
    disable = list(config.disable) + list(disable)
    _check_known(enable, registry, f"{source}: enable")
    _check_known(disable, registry, f"{source}: disable")
    if names is not None:
        _check_known(names, registry, "--chain")
        chosen = list(names)
    elif config.chain is not None:
        _check_known(config.chain, registry, f"{source}: chain")
        chosen = list(config.chain)
    else:
        chosen = default_names(registry)
        for name in enable:
            if name not in chosen:
                chosen.append(name)
        chosen.sort(key=lambda n: (registry.cleaners[n].cls.order, n))
    chosen = [n for n in chosen if n not in set(disable)]
    dupes = {n for n in chosen if chosen.count(n) > 1}
    if dupes:
        raise ConfigError(f"chain names {sorted(dupes)[0]!r} more than once")
    all_options = {k: dict(v) for k, v in config.cleaner_options.items()}
    for k, v in (options or {}).items():
        all_options.setdefault(k, {}).update(v)
    _check_known(all_options, registry, f"{source}: cleaners")
    for name, opts in all_options.items():  # typos in options of cleaners left out of the chain count too
        try:
            validate_options(registry.cleaners[name].cls, opts)
        except ConfigError as exc:
            raise ConfigError(f"{source}: cleaners.{name}: {exc}") from exc
    steps = []
    # the runner applies the phases in their order; within a phase, the chain's order stands
    chosen.sort(key=lambda n: PHASES.index(phase_of(registry.cleaners[n].cls)))
    for name in chosen:
        reg = registry.cleaners[name]
        try:
            opts = all_options.get(name, {})
            if getattr(reg.cls, "phrase_categories", ()):
                # cleaners that declare phrase categories get the plugins' phrase lists
                instance = reg.cls(phrases=registry.phrases, **opts)
            else:
                instance = reg.cls(**opts)
        except ConfigError as exc:
            raise ConfigError(f"{source}: cleaners.{name}: {exc}") from exc
        _check_phase(reg.cls, reg.plugin.distribution)
        steps.append(ChainStep(reg, instance))
    return Chain(tuple(steps))


_WARNED_SETTLE: set[type[Cleaner]] = set()


def _check_phase(cls: type[Cleaner], plugin: str) -> None:
    """Reject an unknown phase; warn once about the retired ``settle`` flag."""
    if cls.phase is not None and cls.phase not in PHASES:
        raise ConfigError(
            f"cleaner {cls.name!r} (plugin {plugin}) declares phase {cls.phase!r}; "
            f"the phases are {', '.join(PHASES)}"
        )
    if getattr(cls, "view", "shared") not in VIEWS:
        raise ConfigError(
            f"cleaner {cls.name!r} (plugin {plugin}) declares view {cls.view!r}; the views are {', '.join(VIEWS)}"
        )
    if cls.settle and cls not in _WARNED_SETTLE:
        _WARNED_SETTLE.add(cls)
        warnings.warn(
            f"cleaner {cls.name!r} (plugin {plugin}) sets settle = True, which is retired and does "
            "nothing: the runner now makes every chain idempotent by itself",
            FutureWarning,
            stacklevel=3,
        )
