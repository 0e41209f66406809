"""Write a new plugin package from the template shipped in ``cleankit/templates/plugin``."""
from __future__ import annotations

import keyword
import re
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

from .errors import ConfigError

TEMPLATE = "plugin"
SUFFIX = ".tmpl"
_NAME = re.compile(r"[a-z][a-z0-9_]{0,39}")


def check_name(name: str) -> str:
    """Return the plugin name in lower case, or raise ConfigError (no ``-``, no built-in name)."""
    norm = name.strip().lower()
    if not _NAME.fullmatch(norm) or keyword.iskeyword(norm):
        raise ConfigError(
            f"plugin name {name!r} is not usable: use a short lower-case name of letters, digits and "
            "underscores starting with a letter (e.g. 'lagazette')"
        )
    # imported here: the built-in cleaners load ftfy and the language models, which
    # `cleankit --help` and every other command that makes no plugin should not pay for
    from .cleaners import BUILTIN_CLEANERS

    taken = {str(getattr(cls, "name", "")) for cls in BUILTIN_CLEANERS} | {"cleankit"}
    if norm in taken:
        raise ConfigError(f"plugin name {name!r} is taken by a built-in cleaner or plugin; choose another name")
    return norm


def placeholders(name: str) -> dict[str, str]:
    """The values the template's ``__NAME__``-style placeholders take for plugin ``name``."""
    from . import __version__

    name = check_name(name)
    return {
        "__NAME__": name,
        "__MODULE__": f"cleankit_{name}",
        "__CLASS__": "".join(part.capitalize() for part in name.split("_")) + "Cleaner",
        "__CLEANKIT_VERSION__": __version__,
    }


def _walk(node: Traversable, prefix: str = "") -> list[tuple[str, Traversable]]:
    out = []
    for child in sorted(node.iterdir(), key=lambda c: c.name):
        if child.name == "__pycache__":
            continue
        rel = f"{prefix}{child.name}"
        if child.is_dir():
            out.extend(_walk(child, rel + "/"))
        elif child.name.endswith(SUFFIX):
            out.append((rel, child))
    return out


def plugin_files(name: str, template: str = TEMPLATE, extra: dict[str, str] | None = None) -> dict[str, str]:
    """The new plugin's files from ``templates/<template>``: relative path -> content.

    ``extra`` adds placeholder values (the learned-plugin template's rules table, ...).
    """
    values = {**placeholders(name), **(extra or {})}
    root = resources.files("cleankit") / "templates" / template
    files = {}
    for rel, node in _walk(root):
        path, text = rel[: -len(SUFFIX)], node.read_text(encoding="utf-8")
        for key, value in values.items():
            path = path.replace(key, value)
            text = text.replace(key, value)
        files[path] = text
    if not files:
        raise ConfigError(f"the plugin template is missing from this cleankit install ({root})")
    return files


def create_plugin(name: str, dest: str | Path = ".") -> Path:
    """Write the package ``cleankit-NAME`` into ``dest`` and return its folder; never overwrites."""
    norm = check_name(name)
    target = Path(dest) / f"cleankit-{norm.replace('_', '-')}"
    if target.exists():
        raise ConfigError(f"{target} already exists; choose another name or folder")
    files = plugin_files(norm)
    for rel, text in files.items():
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return target
