"""Load and validate configuration from ``cleankit.toml`` or ``[tool.cleankit]`` in pyproject.toml."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConfigError

CONFIG_FILE = "cleankit.toml"
_KNOWN_KEYS = {"chain", "enable", "disable", "cleaners", "plugins", "max_removal", "extractor", "extractors"}


@dataclass
class Config:
    """Validated configuration.

    ``chain``: explicit ordered cleaner names, or None for the default chain.
    ``enable``/``disable``: cleaners added to or removed from the default chain.
    ``cleaner_options``: options per cleaner name.
    ``disable_plugins``: plugin or distribution names not to load.
    ``max_removal``: share of characters above which a result is flagged.
    """

    chain: list[str] | None = None
    enable: list[str] = field(default_factory=list)
    disable: list[str] = field(default_factory=list)
    cleaner_options: dict[str, dict[str, Any]] = field(default_factory=dict)
    disable_plugins: list[str] = field(default_factory=list)
    max_removal: float = 0.8
    path: str | None = None
    #: the HTML extractor's name (None: cleankit's default) and options per extractor name
    extractor: str | None = None
    extractor_options: dict[str, dict[str, Any]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The configuration as plain data (for workers and records)."""
        return {
            "chain": self.chain,
            "enable": self.enable,
            "disable": self.disable,
            "cleaners": self.cleaner_options,
            "plugins": {"disable": self.disable_plugins},
            "max_removal": self.max_removal,
            "extractor": self.extractor,
            "extractors": self.extractor_options,
        }


def find_config(start: Path | None = None) -> Path | None:
    """The config file that applies in ``start`` (default: the current folder), if any."""
    folder = (start or Path.cwd()).resolve()
    for candidate in (folder / CONFIG_FILE, folder / "pyproject.toml"):
        if candidate.is_file():
            if candidate.name == "pyproject.toml" and "cleankit" not in _read_toml(candidate).get("tool", {}):
                continue
            return candidate
    return None


def load_config(path: Path | str | None = None, *, search: bool = True) -> Config:
    """Load the config at ``path``, or the one found in the current folder, or defaults."""
    if path is None:
        found = find_config() if search else None
        if found is None:
            return Config()
        path = found
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"{path}: config file not found")
    data = _read_toml(path)
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("cleankit", {})
        prefix = "tool.cleankit"
    else:
        table = data.get("tool", {}).get("cleankit", data)
        prefix = "tool.cleankit" if "tool" in data else ""
    return parse_config(table, source=str(path), prefix=prefix)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from exc
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from exc


def parse_config(table: dict[str, Any], *, source: str = "<config>", prefix: str = "") -> Config:
    """Validate a config table; errors name the file and the full key."""

    def key(name: str) -> str:
        return f"{source}: {prefix + '.' if prefix else ''}{name}"

    unknown = set(table) - _KNOWN_KEYS
    if unknown:
        raise ConfigError(f"{key(sorted(unknown)[0])}: unknown key (known: {', '.join(sorted(_KNOWN_KEYS))})")
    cfg = Config(path=source)
    if "chain" in table:
        cfg.chain = _str_list(table["chain"], key("chain"))
    cfg.enable = _str_list(table.get("enable", []), key("enable"))
    cfg.disable = _str_list(table.get("disable", []), key("disable"))
    cleaners = table.get("cleaners", {})
    if not isinstance(cleaners, dict):
        raise ConfigError(f"{key('cleaners')}: expected a table of cleaner names")
    for name, opts in cleaners.items():
        if not isinstance(opts, dict):
            raise ConfigError(f"{key('cleaners.' + name)}: expected a table of options")
        cfg.cleaner_options[name] = dict(opts)
    plugins = table.get("plugins", {})
    if not isinstance(plugins, dict):
        raise ConfigError(f"{key('plugins')}: expected a table")
    extra = set(plugins) - {"disable"}
    if extra:
        raise ConfigError(f"{key('plugins.' + sorted(extra)[0])}: unknown key (known: disable)")
    cfg.disable_plugins = _str_list(plugins.get("disable", []), key("plugins.disable"))
    if "max_removal" in table:
        value = table["max_removal"]
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 1:
            raise ConfigError(f"{key('max_removal')}: expected a number in (0, 1], got {value!r}")
        cfg.max_removal = float(value)
    if "extractor" in table:
        if not isinstance(table["extractor"], str) or not table["extractor"].strip():
            raise ConfigError(f"{key('extractor')}: expected an extractor name, got {table['extractor']!r}")
        cfg.extractor = table["extractor"].strip()
    extractors = table.get("extractors", {})
    if not isinstance(extractors, dict) or not all(isinstance(v, dict) for v in extractors.values()):
        raise ConfigError(f"{key('extractors')}: expected a table of extractor names, each a table of options")
    cfg.extractor_options = {k: dict(v) for k, v in extractors.items()}
    return cfg


def _str_list(value: Any, where: str) -> list[str]:
    if isinstance(value, str):
        value = [v.strip() for v in value.split(",") if v.strip()]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: expected a list of cleaner names (strings)")
    return list(value)
