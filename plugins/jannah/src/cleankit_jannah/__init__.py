"""cleankit plugin for pages of sites built on the Jannah WordPress theme (TieLabs)."""
from __future__ import annotations

from cleankit import hookimpl

from .cleaner import Jannah

__all__ = ["Jannah", "register_cleaners"]
__version__ = "0.1.0"


@hookimpl
def register_cleaners(register) -> None:  # type: ignore[no-untyped-def]
    """Register the Jannah cleaner."""
    register(Jannah)
