"""cleankit plugin for the Lagazette news site: its header, dateline and trailing widgets."""
from __future__ import annotations

from cleankit import hookimpl

from .cleaner import Lagazette

__all__ = ["Lagazette", "register_cleaners"]
__version__ = "0.1.0"


@hookimpl
def register_cleaners(register) -> None:  # type: ignore[no-untyped-def]
    """Register the Lagazette cleaner."""
    register(Lagazette)
