"""Build the plugin manager and the registry of cleaners it provides."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from importlib import metadata as importlib_metadata
from typing import TYPE_CHECKING, Any, Iterable

import pluggy

from . import hookspecs
from .cleaner import Cleaner
from .errors import PluginError

if TYPE_CHECKING:
    from .extractors.base import Extractor

ENTRY_POINT_GROUP = "cleankit"
#: Comma-separated entry-point or distribution names to skip when loading plugins.
DISABLE_ENV = "CLEANKIT_DISABLE_PLUGINS"


@dataclass(frozen=True, slots=True)
class PluginInfo:
    """A loaded plugin: its registration name, distribution and version."""

    name: str
    distribution: str
    version: str


@dataclass(frozen=True, slots=True)
class Registration:
    """A cleaner class and the plugin that registered it."""

    name: str
    cls: type[Cleaner]
    plugin: PluginInfo


@dataclass(frozen=True, slots=True)
class ExtractorRegistration:
    """An HTML extractor class and the plugin that registered it."""

    name: str
    cls: type[Extractor]
    plugin: PluginInfo


@dataclass
class Registry:
    """Every cleaner, extractor and phrase list the loaded plugins registered."""

    plugins: list[PluginInfo] = field(default_factory=list)
    cleaners: dict[str, Registration] = field(default_factory=dict)
    phrases: dict[str, list[str]] = field(default_factory=dict)
    manager: pluggy.PluginManager | None = None
    extractors: dict[str, ExtractorRegistration] = field(default_factory=dict)

    def extractors_of(self, plugin: PluginInfo) -> list[str]:
        """Names of the HTML extractors ``plugin`` registered, in registration order."""
        return [n for n, r in self.extractors.items() if r.plugin == plugin]

    def cleaners_of(self, plugin: PluginInfo) -> list[str]:
        """Names of the cleaners ``plugin`` registered, in registration order."""
        return [n for n, r in self.cleaners.items() if r.plugin == plugin]


def disabled_plugins() -> set[str]:
    """Names listed in the ``CLEANKIT_DISABLE_PLUGINS`` environment variable."""
    raw = os.environ.get(DISABLE_ENV, "")
    return {p.strip() for p in raw.split(",") if p.strip()}


def build_plugin_manager(
    *, entry_points: bool = True, plugins: Iterable[Any] = (), disabled: Iterable[str] | None = None
) -> tuple[pluggy.PluginManager, list[PluginInfo]]:
    """Build a fresh plugin manager.

    Entry points of group ``cleankit`` are loaded in sorted order (distribution, then
    entry-point name) so the result does not depend on install order. ``plugins`` are
    extra plugin objects (modules or instances) registered after them.
    """
    pm = pluggy.PluginManager(hookspecs.PROJECT)
    pm.add_hookspecs(hookspecs)
    skip = set(disabled) if disabled is not None else disabled_plugins()
    infos: list[PluginInfo] = []
    if entry_points:
        for ep in _sorted_entry_points():
            dist = ep.dist.name if ep.dist else ep.name
            version = ep.dist.version if ep.dist else "unknown"
            if ep.name in skip or dist in skip:
                continue
            try:
                obj = ep.load()
            except Exception as exc:  # any import error of a third-party plugin
                raise PluginError(
                    f"plugin {ep.name!r} from distribution {dist} {version} failed to load "
                    f"({ep.value}): {type(exc).__name__}: {exc}. "
                    f"Disable it with {DISABLE_ENV}={ep.name}"
                ) from exc
            if pm.is_registered(obj) or pm.has_plugin(ep.name):
                continue
            pm.register(obj, name=ep.name)
            infos.append(PluginInfo(ep.name, dist, version))
    for obj in plugins:
        name = getattr(obj, "__name__", None) or type(obj).__name__
        if name in skip or pm.has_plugin(name):
            continue
        pm.register(obj, name=name)
        infos.append(PluginInfo(name, _distribution_of(obj), _version_of(obj)))
    return pm, infos


def installed_plugin_names() -> set[str]:
    """Entry-point and distribution names of every installed plugin (what ``--disable-plugin`` accepts)."""
    names: set[str] = set()
    for ep in _sorted_entry_points():
        names.add(ep.name)
        if ep.dist:
            names.add(ep.dist.name)
    return names


def _sorted_entry_points() -> list[importlib_metadata.EntryPoint]:
    eps = importlib_metadata.entry_points(group=ENTRY_POINT_GROUP)
    unique = {(ep.dist.name if ep.dist else "", ep.name): ep for ep in eps}
    return [unique[k] for k in sorted(unique)]


def _distribution_of(obj: Any) -> str:
    module = getattr(obj, "__module__", None) or getattr(obj, "__name__", "")
    top = str(module).split(".")[0]
    for top_name, dists in importlib_metadata.packages_distributions().items():
        if top_name == top and dists:
            return dists[0]
    return top or "unknown"


def _version_of(obj: Any) -> str:
    explicit = getattr(obj, "__version__", None)
    if explicit:
        return str(explicit)
    try:
        return importlib_metadata.version(_distribution_of(obj))
    except importlib_metadata.PackageNotFoundError:
        return "unknown"


def load_registry(
    *, entry_points: bool = True, plugins: Iterable[Any] = (), disabled: Iterable[str] | None = None
) -> Registry:
    """Load plugins and collect what they register.

    Each plugin's hook is called on its own so every cleaner is attributed to its
    plugin. Two cleaners under one name is an error naming both plugins.
    """
    pm, infos = build_plugin_manager(entry_points=entry_points, plugins=plugins, disabled=disabled)
    registry = Registry(plugins=infos, manager=pm)
    by_name = {info.name: info for info in infos}
    impls = {impl.plugin_name: impl for impl in pm.hook.register_cleaners.get_hookimpls()}
    for info in infos:
        impl = impls.get(info.name)
        if impl is None:
            continue

        def register(cls: type[Cleaner], _info: PluginInfo = by_name[info.name]) -> None:
            _check_cleaner_class(cls, _info)
            existing = registry.cleaners.get(cls.name)
            if existing is not None:
                raise PluginError(
                    f"cleaner {cls.name!r} is registered twice: by plugin "
                    f"{existing.plugin.distribution} ({existing.plugin.name}) and by plugin "
                    f"{_info.distribution} ({_info.name})"
                )
            registry.cleaners[cls.name] = Registration(cls.name, cls, _info)

        _call(impl, info, register=register)
    phrase_impls = {impl.plugin_name: impl for impl in pm.hook.register_phrases.get_hookimpls()}
    for info in infos:
        impl = phrase_impls.get(info.name)
        if impl is None:
            continue

        def add_phrases(category: str, phrases: list[str]) -> None:
            registry.phrases.setdefault(category, []).extend(phrases)

        _call(impl, info, register=add_phrases)
    _load_extractors(pm, infos, registry)
    return registry


def _load_extractors(pm: pluggy.PluginManager, infos: list[PluginInfo], registry: Registry) -> None:
    """Collect the extractors each plugin registers; two under one name is an error naming both."""
    from .extractors.base import Extractor

    impls = {impl.plugin_name: impl for impl in pm.hook.register_extractors.get_hookimpls()}
    for info in infos:
        impl = impls.get(info.name)
        if impl is None:
            continue

        def register(cls: type, _info: PluginInfo = info) -> None:
            if not (isinstance(cls, type) and issubclass(cls, Extractor)) or not getattr(cls, "name", ""):
                raise PluginError(
                    f"plugin {_info.distribution} ({_info.name}) registered {cls!r}, "
                    "which is not a named cleankit.extractors.Extractor subclass"
                )
            existing = registry.extractors.get(cls.name)
            if existing is not None:
                raise PluginError(
                    f"extractor {cls.name!r} is registered twice: by plugin {existing.plugin.distribution} "
                    f"({existing.plugin.name}) and by plugin {_info.distribution} ({_info.name})"
                )
            registry.extractors[cls.name] = ExtractorRegistration(cls.name, cls, _info)

        _call(impl, info, register=register)


def _call(impl: Any, info: PluginInfo, **kwargs: Any) -> None:
    try:
        impl.function(**kwargs)
    except PluginError:
        raise
    except Exception as exc:
        raise PluginError(
            f"plugin {info.distribution} ({info.name}) failed in {impl.function.__name__}: "
            f"{type(exc).__name__}: {exc}"
        ) from exc


def _check_cleaner_class(cls: Any, info: PluginInfo) -> None:
    if not (isinstance(cls, type) and issubclass(cls, Cleaner)):
        raise PluginError(f"plugin {info.distribution} ({info.name}) registered {cls!r}, which is not a Cleaner subclass")
    if not cls.name or not isinstance(cls.name, str):
        raise PluginError(f"plugin {info.distribution} ({info.name}) registered {cls.__name__} without a name")
