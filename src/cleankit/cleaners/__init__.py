"""cleankit's built-in cleaners: a plugin registered through the ``cleankit`` entry point like any other."""
from __future__ import annotations

from ..hookspecs import RegisterCleaner, hookimpl
from .byline import Byline
from .layout import Layout
from .title import Title

BUILTIN_CLEANERS: tuple[type, ...] = (Layout, Title, Byline)


@hookimpl
def register_cleaners(register: RegisterCleaner) -> None:
    """Register every built-in cleaner."""
    for cls in BUILTIN_CLEANERS:
        register(cls)
